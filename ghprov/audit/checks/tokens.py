"""Fine-grained PATs granted to the organisation: policy (ORG-16) and each token's expiry (ORG-17).

GitHub lists PAT grants to GitHub Apps only; with a user token both checks are SKIPPED with the
reason. Tokens are identified by their GitHub token id and name, never by any secret material.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from ghprov.audit.checks.base import Context, Registered, skipped, spec, verdict
from ghprov.audit.findings import Finding, Resource, Severity, Status, finding
from ghprov.audit.inputs import PatGrant, Skipped

ORG_16 = spec(
    "ORG-16",
    "Fine-grained PAT policy limits token lifetime",
    Severity.MEDIUM,
    "token",
    "Tokens need org approval and a maximum lifetime. The policy itself is not exposed by the API; a "
    "granted token without an expiry proves that no maximum lifetime is enforced.",
    "Require approval and set a maximum lifetime under 'Personal access tokens' in the org settings.",
)
ORG_17 = spec(
    "ORG-17",
    "Tenant tokens are valid and not about to expire",
    Severity.HIGH,
    "token",
    "Each fine-grained PAT with access: not expired, more than the profile's days left (warn 14, error 3).",
    "Rotate the token (`ghprov rotate`) before it expires.",
)

GRANTS_PATH = "/orgs/{org}/personal-access-tokens"


def _resource(ctx: Context, grant: PatGrant) -> Resource:
    return Resource(
        type="token",
        name=f"{grant.owner}/{grant.token_name}",
        id=grant.token_id,
        canonical_url=f"{ctx.input.organization_url()}/settings/personal-access-tokens/active",
    )


def _expiry(value: str | None) -> datetime.datetime | None:
    if not value:
        return None
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


def token_policy(ctx: Context) -> Iterator[Finding]:
    grants = ctx.input.pat_grants
    if ctx.input.mode == "config":
        yield skipped(
            ORG_16, ctx.organization, "Not expressible in the config: the PAT policy is set in the UI"
        )
        return
    if isinstance(grants, Skipped):
        yield skipped(ORG_16, ctx.organization, grants)
        return
    endless = sorted(f"{g.owner}/{g.token_name}" for g in grants if g.token_expires_at is None)
    if not endless:
        yield skipped(
            ORG_16,
            ctx.organization,
            "Not exposed by the API: the approval and lifetime policy is only visible in the settings UI "
            "(every granted token has an expiry)",
        )
        return
    yield finding(
        ORG_16,
        ctx.organization,
        Status.FAILED,
        expected={"maximum_lifetime": "set"},
        actual={"tokens_without_expiry": endless},
        message="tokens without an expiry have access, so no maximum lifetime is enforced",
        evidence=[ctx.input.locator.api(GRANTS_PATH.format(org=ctx.input.login), "/token_expires_at")],
    )


def token_expiry(ctx: Context) -> Iterator[Finding]:
    grants = ctx.input.pat_grants
    if ctx.input.mode == "config":
        yield skipped(ORG_17, ctx.organization, "Not expressible in the config: tokens are read from GitHub")
        return
    if isinstance(grants, Skipped):
        yield skipped(ORG_17, ctx.organization, grants)
        return
    now = datetime.datetime.combine(ctx.today, datetime.time(), tzinfo=datetime.UTC)
    evidence = [ctx.input.locator.api(GRANTS_PATH.format(org=ctx.input.login), "/token_expires_at")]
    for grant in sorted(grants, key=lambda g: (g.owner, g.token_name, g.token_id)):
        expires = _expiry(grant.token_expires_at)
        days_left = None if expires is None else (expires - now).total_seconds() / 86400
        severity = None
        if grant.token_expired or (days_left is not None and days_left < 0):
            ok, message = False, "expired"
        elif days_left is None:
            ok, message = False, "never expires"
            severity = Severity.MEDIUM
        elif days_left < ctx.profile.token_error_days:
            ok, message = False, f"expires in {days_left:.1f} days"
        elif days_left < ctx.profile.token_warn_days:
            ok, message = False, f"expires in {days_left:.1f} days"
            severity = Severity.LOW
        else:
            ok, message = True, f"expires in {days_left:.0f} days"
        yield finding(
            ORG_17,
            _resource(ctx, grant),
            verdict(ok),
            expected={"days_left_at_least": ctx.profile.token_warn_days, "expired": False},
            actual={
                "token_expires_at": grant.token_expires_at,
                "token_expired": grant.token_expired,
                "token_last_used_at": grant.token_last_used_at,
                "permissions": grant.permissions,
                "repository_selection": grant.repository_selection,
            },
            message=message,
            evidence=evidence,
            severity=severity,
        )


CHECKS = (Registered(ORG_16, token_policy), Registered(ORG_17, token_expiry))
