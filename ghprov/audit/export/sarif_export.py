"""SARIF 2.1.0 for GitHub code scanning, following legitify's (and Scorecard's) mapping.

One rule per check (``security-severity`` critical 9.0, high 7.0, medium 4.0, low 1.0); one result
per FAILED finding, plus EXCEPTED ones carrying an external suppression with the justification.
Live findings point at the resource's URL; config findings at the YAML file and line.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from typing import Any

from pydantic_core import to_json

from ghprov.audit.checks import catalogue_specs
from ghprov.audit.findings import CheckSpec, Finding, Severity, Status
from ghprov.audit.report import Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.0",
    Severity.HIGH: "7.0",
    Severity.MEDIUM: "4.0",
    Severity.LOW: "1.0",
    Severity.INFO: "0.0",
}
LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
CONFIG_LOCATION = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<column>\d+)$")


def _rule(check: CheckSpec) -> dict[str, Any]:
    aliases = ", ".join(f"{a.tool} `{a.id}`" for a in check.aliases) or "none"
    help_markdown = (
        f"**{check.title}**\n\n{check.description}\n\n"
        f"**Remediation:** {check.remediation}\n\nAliases: {aliases}"
    )
    return {
        "id": check.id,
        "name": re.sub(r"[^A-Za-z0-9]+", "", check.title.title()),
        "shortDescription": {"text": check.title},
        "fullDescription": {"text": check.description},
        "help": {"text": f"{check.description} Remediation: {check.remediation}", "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVEL[check.severity]},
        "properties": {
            "tags": ["security", check.namespace],
            "precision": "very-high",
            "problem.severity": LEVEL[check.severity],
            "security-severity": SECURITY_SEVERITY[check.severity],
            "aliases": [f"{a.tool}:{a.id}" for a in check.aliases],
        },
    }


def _location(found: Finding) -> dict[str, Any]:
    for evidence in found.evidence:
        match = CONFIG_LOCATION.match(evidence.location) if evidence.source == "config" else None
        if match:
            return {
                "physicalLocation": {
                    "artifactLocation": {"uri": match.group("file")},
                    "region": {
                        "startLine": int(match.group("line")),
                        "startColumn": int(match.group("column")),
                    },
                }
            }
    uri = found.resource.canonical_url or f"{found.resource.type}/{found.resource.name}"
    return {"physicalLocation": {"artifactLocation": {"uri": uri}}}


def _message(found: Finding) -> str:
    expected = json.dumps(found.expected, sort_keys=True)
    detail = found.message or f"expected {expected}, got {json.dumps(found.actual, sort_keys=True)}"
    where = f"{found.resource.type} {found.resource.name}" + (
        f" branch {found.resource.branch}" if found.resource.branch else ""
    )
    return f"{found.title}: {where}: {detail}"


def render_sarif(report: Report) -> str:
    """A SARIF 2.1.0 log with one run."""
    specs = catalogue_specs()
    index = {check.id: position for position, check in enumerate(specs)}
    results = []
    for found in report.findings:
        if found.status not in (Status.FAILED, Status.EXCEPTED):
            continue
        result: dict[str, Any] = {
            "ruleId": found.check_id,
            "ruleIndex": index[found.check_id],
            "level": LEVEL[found.severity],
            "message": {"text": _message(found)},
            "locations": [_location(found)],
            "partialFingerprints": {"ghprovFingerprint/v1": found.fingerprint},
            "properties": {
                "resource": found.resource.as_json(),
                "evidence": [asdict(e) for e in found.evidence],
                "security-severity": SECURITY_SEVERITY[found.severity],
            },
        }
        if found.status is Status.EXCEPTED and found.exception is not None:
            result["suppressions"] = [
                {"kind": "external", "status": "accepted", "justification": found.exception.justification}
            ]
        results.append(result)
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ghprov",
                        "version": report.tool.version,
                        "rules": [_rule(check) for check in specs],
                    }
                },
                "automationDetails": {"id": f"ghprov-audit/{report.organization.login}/{report.run_id}"},
                "results": results,
            }
        ],
    }
    # pydantic-core's encoder: the standard library's falls back to pure Python (and to millions of
    # small string chunks held at once) whenever it indents.
    return to_json(log, indent=2).decode() + "\n"
