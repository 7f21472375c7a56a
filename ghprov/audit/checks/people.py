"""People and their reach: stale members, outside collaborators, bot hygiene, repository admins."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from ghprov.audit.checks.base import Context, Registered, skipped, spec, verdict
from ghprov.audit.findings import Finding, Severity, Status, finding
from ghprov.audit.inputs import Skipped
from ghprov.model.access import ALL_MEMBERS

ORG_08 = spec(
    "ORG-08",
    "No stale members",
    Severity.LOW,
    "member",
    "No member without audit-log activity for longer than the profile's window (default 180 days).",
    "Remove members who no longer need access (members.members / members.owners).",
    legitify=("data.member.stale_member_found", "data.member.stale_admin_found"),
    cis_ssc="1.3.1",
)
ORG_09 = spec(
    "ORG-09",
    "Outside collaborators hold no admin",
    Severity.HIGH,
    "member",
    "An outside collaborator must never administer a repository.",
    "Remove the collaborator, or lower the grant below admin.",
    allstar="outside.adminAllowed",
    legitify="data.enterprise.enterprise_allows_inviting_externals_collaborators",
)
ORG_20 = spec(
    "ORG-20",
    "Bot accounts are hygienic",
    Severity.HIGH,
    "member",
    "A bot is a member (never an owner), uses 2FA and holds no admin on any repository.",
    "Make the bot a plain member, enable 2FA on it, and grant it write through its team only.",
)
REPO_16 = spec(
    "REPO-16",
    "Repository admins: through teams only, few, never ownerless",
    Severity.LOW,
    "repository",
    "Admin only through a team; at most the profile's number of admin principals; at least two admins "
    "(owners count).",
    "Grant admin to one team instead of users; remove extra admin grants.",
    legitify="data.repository.repository_has_too_many_admins",
    cis_ssc="1.3.7",
    allstar="admin",
)
REPO_17 = spec(
    "REPO-17",
    "No outside collaborator with push or admin",
    Severity.MEDIUM,
    "repository",
    "Outside collaborators may read at most, unless an exception declares them.",
    "Remove the collaborator or lower the grant to read/triage.",
    allstar="outside.pushAllowed",
)

PUSH_ROLES = ("write", "maintain", "admin")


def stale_members(ctx: Context) -> Iterator[Finding]:
    activity = ctx.input.member_activity
    if ctx.input.mode == "config":
        yield skipped(
            ORG_08, ctx.organization, "Not expressible in the config: activity comes from the audit log"
        )
        return
    if isinstance(activity, Skipped):
        yield skipped(ORG_08, ctx.organization, activity)
        return
    window = ctx.profile.stale_member_days
    cutoff = ctx.today - datetime.timedelta(days=window)
    for login, last in sorted(activity.items()):
        if login in ctx.bots:
            continue
        last_day = datetime.date.fromisoformat(last[:10]) if last else None
        yield finding(
            ORG_08,
            ctx.member(login),
            verdict(last_day is not None and last_day >= cutoff),
            expected={"active_within_days": window},
            actual={"last_activity": last},
            evidence=[
                ctx.input.locator.api(
                    f"/orgs/{ctx.input.login}/audit-log?phrase=actor:{login}", "/0/@timestamp"
                )
            ],
        )


def _first_skipped(*parts: object) -> Skipped | None:
    return next((part for part in parts if isinstance(part, Skipped)), None)


def _outside(ctx: Context) -> set[str] | Skipped:
    outside = ctx.input.outside_collaborators
    if isinstance(outside, Skipped):
        return outside
    return set(outside)


def outside_admins(ctx: Context) -> Iterator[Finding]:
    outside = _outside(ctx)
    direct = ctx.input.direct_collaborators
    if ctx.input.mode == "config":
        yield skipped(
            ORG_09, ctx.organization, "Not expressible in the config: outside collaborators are not declared"
        )
        return
    missing = _first_skipped(outside, direct)
    if missing is not None or isinstance(outside, Skipped) or isinstance(direct, Skipped):
        yield skipped(ORG_09, ctx.organization, missing or "Missing permission")
        return
    if not outside:
        yield finding(
            ORG_09,
            ctx.organization,
            Status.PASSED,
            expected={"outside_collaborators_with_admin": []},
            actual={"outside_collaborators": []},
            evidence=[ctx.input.locator.api(f"/orgs/{ctx.input.login}/outside_collaborators")],
        )
        return
    for login in sorted(outside):
        admin_on = sorted(
            repo for repo, grants in direct.items() if ctx.matrix.rank.get(grants.get(login, "none"), 0) >= 5
        )
        yield finding(
            ORG_09,
            ctx.member(login),
            verdict(not admin_on),
            expected={"admin_on": []},
            actual={"admin_on": admin_on},
            evidence=[
                ctx.input.locator.api(
                    f"/repos/{ctx.input.login}/{repo}/collaborators?affiliation=outside", "/role_name"
                )
                for repo in admin_on
            ]
            or [ctx.input.locator.api(f"/orgs/{ctx.input.login}/outside_collaborators", "/login")],
        )


def outside_push(ctx: Context) -> Iterator[Finding]:
    outside = _outside(ctx)
    direct = ctx.input.direct_collaborators
    for repo, _ in ctx.repositories:
        if ctx.input.mode == "config":
            continue
        missing = _first_skipped(outside, direct)
        if missing is not None or isinstance(outside, Skipped) or isinstance(direct, Skipped):
            yield skipped(REPO_17, ctx.repository(repo), missing or "Missing permission")
            continue
        pushers = sorted(
            f"{login}:{role}"
            for login, role in direct.get(repo, {}).items()
            if login in outside and ctx.matrix.rank.get(role, 0) >= ctx.matrix.rank["write"]
        )
        yield finding(
            REPO_17,
            ctx.repository(repo),
            verdict(not pushers),
            expected={"outside_collaborators_with_push": []},
            actual={"outside_collaborators_with_push": pushers},
            evidence=[
                ctx.input.locator.api(
                    f"/repos/{ctx.input.login}/{repo}/collaborators?affiliation=outside", "/role_name"
                )
            ],
        )
    if ctx.input.mode == "config":
        yield skipped(
            REPO_17, ctx.organization, "Not expressible in the config: outside collaborators are not declared"
        )


def bot_hygiene(ctx: Context) -> Iterator[Finding]:
    if not ctx.bots:
        yield skipped(
            ORG_20, ctx.organization, "Not applicable: no bot declared (config `bots:` or profile `bots:`)"
        )
        return
    members = ctx.input.organization.members
    owners = set(members.owners) if members else set()
    people = owners | set(members.members if members else ()) | set(ctx.input.organization.bots)
    lacking = ctx.input.members_without_2fa
    for bot in sorted(ctx.bots):
        problems = []
        if members is not None and bot not in people:
            problems.append("not a member of the organisation")
        if bot in owners:
            problems.append("is an owner")
        if not isinstance(lacking, Skipped) and bot in lacking:
            problems.append("has no two-factor authentication")
        admin_on = sorted(repo for repo, _ in ctx.repositories if _admin_without_ownership(ctx, bot, repo))
        if admin_on:
            problems.append("admin on " + ", ".join(admin_on))
        yield finding(
            ORG_20,
            ctx.member(bot),
            verdict(not problems),
            expected={"member": True, "owner": False, "two_factor": True, "admin_on": []},
            actual={"problems": problems},
            message="; ".join(problems),
            evidence=[ctx.input.locator.members()],
        )


def _admin_without_ownership(ctx: Context, login: str, repo: str) -> bool:
    row = ctx.matrix.rows.get((f"user:{login}", repo))
    return row is not None and any(p.kind != "owner" and p.role == "admin" for p in row.paths)


def repository_admins(ctx: Context) -> Iterator[Finding]:
    members = ctx.input.organization.members
    owners = len(members.owners) if members else 0
    for repo, _ in ctx.active_repositories():
        problems = []
        principals = []
        for row in ctx.matrix.holders(repo, "admin"):
            if row.principal == ALL_MEMBERS:
                problems.append("the base permission makes every member an admin")
                continue
            granting = [p for p in row.paths if p.kind != "owner" and ctx.matrix.rank.get(p.role, 0) >= 5]
            if not granting:
                continue
            if row.principal.startswith("team:"):
                principals.append(row.principal)
            elif any(p.kind == "direct" for p in granting):
                principals.append(row.principal)
                problems.append(f"{row.principal} is admin directly, not through a team")
        if len(principals) > ctx.profile.max_repository_admins:
            problems.append(
                f"{len(principals)} admin principals (at most {ctx.profile.max_repository_admins})"
            )
        if owners + len(principals) < 2:
            problems.append("fewer than two admins (owners included)")
        yield finding(
            REPO_16,
            ctx.repository(repo),
            verdict(not problems),
            expected={
                "admin_principals_max": ctx.profile.max_repository_admins,
                "admins_min": 2,
                "direct_admins": [],
            },
            actual={"admin_principals": principals, "owners": owners},
            message="; ".join(problems),
            evidence=[
                ctx.input.locator.api(f"/repos/{ctx.input.login}/{repo}/teams", "/permission"),
                ctx.input.locator.members(),
            ],
        )


CHECKS = (
    Registered(ORG_08, stale_members),
    Registered(ORG_09, outside_admins),
    Registered(ORG_20, bot_hygiene),
    Registered(REPO_16, repository_admins),
    Registered(REPO_17, outside_push),
)
