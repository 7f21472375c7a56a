"""REPO-09: code-owner review is required *and* a CODEOWNERS file names the owners.

Without the file, "require code owner review" requires nothing: GitHub finds no owner to ask. The
protection half is the branch check shared with the other branch rules; the file half comes from the
bulk GraphQL read (``ghprov.github.read.codeowners``). When the file half cannot be read, the finding keeps
the protection verdict and says so in ``actual`` and in an evidence entry of source ``skipped``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ghprov.audit.checks.base import Context, Registered
from ghprov.audit.checks.branches import REPO_09, simple_checks
from ghprov.audit.findings import Evidence, Finding, Status
from ghprov.audit.inputs import Skipped
from ghprov.model.codeowners import CODEOWNERS_PATHS

protection_half = simple_checks("REPO-09")


def _contents(ctx: Context, repo: str, path: str) -> Evidence:
    return ctx.input.locator.api(f"/repos/{ctx.input.login}/{repo}/contents/{path}")


def _file(ctx: Context, repo: str) -> str | Skipped | None:
    found = ctx.input.codeowners
    if isinstance(found, Skipped):
        return found
    if repo not in found:
        return Skipped(f"Missing permission: {repo} was not listed by the CODEOWNERS read")
    return found[repo]


def code_owner_review(ctx: Context) -> Iterator[Finding]:
    for protection in protection_half(ctx):
        repo = protection.resource.name
        file = _file(ctx, repo)
        actual = (
            protection.actual if isinstance(protection.actual, dict) else {"protection": protection.actual}
        )
        if isinstance(file, Skipped):
            note = Evidence(source="skipped", location="CODEOWNERS file", pointer=file.reason)
            yield protection.but(
                actual={**actual, "codeowners": "SKIPPED"},
                evidence=(*protection.evidence, note),
                message="; ".join(
                    filter(None, [protection.message, f"CODEOWNERS not checked: {file.reason}"])
                ),
            )
        elif file is not None:
            yield protection.but(
                actual={**actual, "codeowners": file},
                evidence=(*protection.evidence, _contents(ctx, repo, file)),
            )
        else:
            searched = tuple(_contents(ctx, repo, path) for path in CODEOWNERS_PATHS)
            status = Status.FAILED if protection.status is Status.PASSED else protection.status
            message = "no CODEOWNERS file in .github/, the root or docs/ of the default branch"
            yield protection.but(
                status=status,
                actual={**actual, "codeowners": None},
                evidence=(*protection.evidence, *searched),
                message="; ".join(filter(None, [protection.message, message])),
            )


CHECKS = (Registered(REPO_09, code_owner_review),)
