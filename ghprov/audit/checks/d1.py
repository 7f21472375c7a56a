"""D1's access segregation: who reaches the cluster-admin repositories, and what the bot may do there.

"Having permissions to push configuration into the infra or fleet repositories is equivalent to
having cluster-admin permissions over the cluster" (D1, Securing GitHub): application teams get no
access to d1-fleet and d1-infra; the platform team and the bot get write, not admin.
"""

from __future__ import annotations

from collections.abc import Iterator

from ghprov.audit.checks.base import Context, Registered, skipped, spec, verdict
from ghprov.audit.findings import Evidence, Finding, Severity, finding
from ghprov.model.access import Path

D1_01 = spec(
    "D1-01",
    "Only the platform team and the bot reach d1-fleet and d1-infra",
    Severity.HIGH,
    "repository",
    "Application teams, other teams, direct collaborators, deploy keys that can push and the base "
    "permission grant nothing on the "
    "cluster-admin repositories (owners are admins everywhere and are bounded by ORG-07).",
    "Remove the grant (teams.<team>.repositories) or move the person to the platform team.",
)
D1_02 = spec(
    "D1-02",
    "Platform team and bot hold write (not admin) on the D1 repositories",
    Severity.MEDIUM,
    "repository",
    "The platform team writes d1-fleet and d1-infra; the bot writes the repositories it pushes to and at "
    "least reads the others; neither is admin.",
    "Grant write through the platform team and the bot's team (read where the bot only pulls); remove admin "
    "grants.",
)

WRITE = "write"
READ_OR_WRITE = "read or write"


def _acceptable(ctx: Context, role: str | None, expected: str) -> bool:
    rank = ctx.matrix.rank.get(role, 0) if role else 0
    if expected == READ_OR_WRITE:
        return ctx.matrix.rank["read"] <= rank <= ctx.matrix.rank["write"]
    return rank == ctx.matrix.rank[expected]


def platform_reach(ctx: Context) -> Iterator[Finding]:
    allowed_teams = {*ctx.profile.platform_teams, *ctx.bot_teams()}
    platform_people: set[str] = set(ctx.bots)
    for name in allowed_teams:
        team = ctx.input.organization.teams.get(name)
        if team is not None:
            platform_people |= {*team.maintainers, *team.members}
    members = ctx.input.organization.members
    owners = set(members.owners) if members else set()
    allowed = {f"team:{t}" for t in allowed_teams} | {f"user:{b}" for b in ctx.bots}
    for repo, _ in ctx.repositories:
        if not ctx.profile.is_platform_repository(repo):
            continue
        intruders: list[str] = []
        evidence: list[Evidence] = []
        for (principal, on_repo), row in sorted(ctx.matrix.rows.items()):
            if on_repo != repo or principal in allowed:
                continue
            login = principal.removeprefix("user:")
            if principal.startswith("user:") and (login in owners or login in platform_people):
                continue
            if principal.startswith("team:") and principal[5:] in allowed_teams:
                continue
            if principal.startswith("deploy_key:") and row.role(ctx.matrix.rank) == "read":
                # A read-only deploy key is how Flux itself may pull (D1 deploy-key mode); one that
                # can push is cluster-admin for whoever holds its private key.
                continue
            intruders.append(f"{principal} ({', '.join(p.describe() for p in row.paths)})")
            evidence += [_path_evidence(ctx, repo, path) for path in row.paths]
        yield finding(
            D1_01,
            ctx.repository(repo),
            verdict(not intruders),
            expected={"principals": sorted(allowed)},
            actual={"unexpected": intruders},
            message="; ".join(intruders),
            evidence=list(dict.fromkeys(evidence))
            or [ctx.input.locator.api(f"/repos/{ctx.input.login}/{repo}/teams", "/permission")],
        )


def _path_evidence(ctx: Context, repo: str, path: Path) -> Evidence:
    locator = ctx.input.locator
    if path.kind in ("team", "parent_team") and path.team:
        return locator.team_repository(path.team, repo)
    if path.kind == "base_permission":
        return locator.setting("default_repository_permission")
    if path.kind == "deploy_key":
        return locator.api(f"/repos/{ctx.input.login}/{repo}/keys", "/read_only")
    return locator.api(f"/repos/{ctx.input.login}/{repo}/collaborators?affiliation=direct", "/role_name")


def write_not_admin(ctx: Context) -> Iterator[Finding]:
    if not ctx.profile.platform_teams and not ctx.bots:
        yield skipped(
            D1_02, ctx.organization, "Not applicable: the profile names no platform team and no bot"
        )
        return
    for repo, repository in ctx.repositories:
        if not ctx.profile.is_d1_repository(repo, repository):
            continue
        expected: dict[str, str] = {}
        if ctx.profile.is_platform_repository(repo):
            expected.update(
                {f"team:{t}": WRITE for t in ctx.profile.platform_teams if t in ctx.input.organization.teams}
            )
        # The bot needs write only where image automation pushes; where it only pulls (d1-fleet after
        # bootstrap), read is the least privilege and passes too.
        bot_role = WRITE if ctx.profile.bot_push_branches(repo, repository) else READ_OR_WRITE
        expected.update({f"user:{b}": bot_role for b in ctx.bots})
        actual = {principal: ctx.matrix.role(principal, repo) for principal in expected}
        wrong = [
            f"{principal} has {role or 'no access'}"
            for principal, role in sorted(actual.items())
            if not _acceptable(ctx, role, expected[principal])
        ]
        yield finding(
            D1_02,
            ctx.repository(repo),
            verdict(not wrong),
            expected=expected,
            actual=actual,
            message="; ".join(wrong),
            evidence=[
                ctx.input.locator.team_repository(p[5:], repo) for p in expected if p.startswith("team:")
            ]
            or [ctx.input.locator.api(f"/repos/{ctx.input.login}/{repo}/collaborators", "/role_name")],
        )


CHECKS = (Registered(D1_01, platform_reach), Registered(D1_02, write_not_admin))
