"""Combinations of repository security features GitHub refuses (422), checked on the merged document.

They are rules of what a config may ask for, not of what GitHub may hold: a repository can show push
protection on with secret scanning off (a code security configuration attached to it sets them so),
and a public repository that reported privately keeps the setting when it turns private. So the
model accepts any combination (the live read builds it) and the config is checked here, each problem
at its ``file:line:column``.
"""

from __future__ import annotations

from typing import Any

from ghprov.config.declared import Declared, Findings, as_mapping
from ghprov.config.locations import SourceMap

# feature → the feature it needs on: GitHub answers 422 to enabling the first with the second off.
NEEDS: dict[str, str] = {
    "secret_scanning_push_protection": "secret_scanning",
    "dependabot_security_updates": "vulnerability_alerts",
}


def check_repository_security(declared: Declared, source_map: SourceMap, findings: Findings) -> None:
    for repo, repository in declared.repositories.items():
        security = as_mapping(as_mapping(repository).get("security"))
        path = ("repositories", repo, "security")
        for feature, needed in NEEDS.items():
            if security.get(feature) is True and security.get(needed) is False:
                # A rule between two keys is reported at the mapping that holds both.
                findings.errors.append(source_map.problem(path, f"{feature} needs {needed}: true"))
        _check_private_reporting(repository, security, path, source_map, findings)


def _check_private_reporting(
    repository: Any,
    security: dict[str, Any],
    path: tuple[str, ...],
    source_map: SourceMap,
    findings: Findings,
) -> None:
    # GitHub offers private vulnerability reporting to public repositories only (422 elsewhere).
    visibility = as_mapping(repository).get("visibility")
    if security.get("private_vulnerability_reporting") is True and visibility in ("private", "internal"):
        findings.errors.append(
            source_map.problem(
                (*path, "private_vulnerability_reporting"),
                "security.private_vulnerability_reporting is only available for public repositories "
                f"(this one is {visibility})",
                at="value",
            )
        )
