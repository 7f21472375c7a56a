"""Drift against the declaration (ORG-18 custom roles, ORG-19 teams): live audits with ``--config`` only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ghprov.audit.checks.base import Context, Registered, skipped, spec, verdict
from ghprov.audit.findings import Finding, Severity, finding
from ghprov.model import Organization, Team

ORG_18 = spec(
    "ORG-18",
    "Custom repository roles match the declaration",
    Severity.MEDIUM,
    "organization",
    "No extra custom roles, none missing, permissions as declared.",
    "Declare the role in custom_roles, or delete it; then `ghprov apply`.",
)
ORG_19 = spec(
    "ORG-19",
    "Teams match the declaration",
    Severity.MEDIUM,
    "organization",
    "Membership, maintainers, parent, privacy and repository grants are as declared; no undeclared teams.",
    "Run `ghprov plan` to see the drift and `ghprov apply` to remove it, or declare the change.",
)


def _why_not(ctx: Context) -> str | None:
    if ctx.input.mode == "config":
        return "Not applicable: the config is the declaration (drift needs a live audit)"
    if ctx.input.declared is None:
        return "Not applicable: no declaration given (pass --config to compare with it)"
    return None


def custom_roles(ctx: Context) -> Iterator[Finding]:
    reason = _why_not(ctx)
    if reason:
        yield skipped(ORG_18, ctx.organization, reason)
        return
    declared: Organization = ctx.input.declared  # type: ignore[assignment]
    live = ctx.input.organization.custom_roles
    names = sorted(set(live) | set(declared.custom_roles))
    if not names:
        yield finding(
            ORG_18,
            ctx.organization,
            verdict(True),
            expected={},
            actual={},
            evidence=[ctx.input.locator.custom_role("")],
        )
        return
    for name in names:
        want = declared.custom_roles.get(name)
        have = live.get(name)
        yield finding(
            ORG_18,
            replace(ctx.organization, type="custom_role", name=name),
            verdict(want == have),
            expected=want.model_dump(mode="json") if want else None,
            actual=have.model_dump(mode="json") if have else None,
            message=""
            if want == have
            else ("undeclared role" if want is None else "missing" if have is None else "differs"),
            evidence=[ctx.input.locator.custom_role(name)],
        )


def _declared_view(declared: Organization, name: str, team: Team) -> dict[str, Any]:
    bots = sorted(bot for bot, spec_ in declared.bots.items() if name in spec_.teams)
    view: dict[str, Any] = {"parent": team.parent, "repositories": dict(sorted(team.repositories.items()))}
    if team.privacy is not None:
        view["privacy"] = team.privacy
    if team.manages_membership or bots:
        roles = dict(team.member_roles())
        for bot in bots:
            roles.setdefault(bot, "member")
        view["members"] = dict(sorted(roles.items()))
    return view


def teams(ctx: Context) -> Iterator[Finding]:
    reason = _why_not(ctx)
    if reason:
        yield skipped(ORG_19, ctx.organization, reason)
        return
    declared: Organization = ctx.input.declared  # type: ignore[assignment]
    live = ctx.input.organization.teams
    for name in sorted(set(live) | set(declared.teams)):
        want_team = declared.teams.get(name)
        have_team = live.get(name)
        expected = _declared_view(declared, name, want_team) if want_team else None
        actual: dict[str, Any] | None = None
        if have_team is not None:
            full = {
                "parent": have_team.parent,
                "repositories": dict(sorted(have_team.repositories.items())),
                "privacy": have_team.privacy,
                "members": dict(sorted(have_team.member_roles().items())),
            }
            actual = {key: full[key] for key in (expected or full)}
        differences = (
            sorted(k for k in (expected or {}) if actual is None or actual.get(k) != expected.get(k))
            if expected
            else []
        )
        message = (
            "undeclared team"
            if want_team is None
            else "missing"
            if have_team is None
            else ("differs in " + ", ".join(differences) if differences else "")
        )
        yield finding(
            ORG_19,
            ctx.team(name),
            verdict(not message),
            expected=expected,
            actual=actual,
            message=message,
            evidence=[ctx.input.locator.team(name)],
        )


CHECKS = (Registered(ORG_18, custom_roles), Registered(ORG_19, teams))
