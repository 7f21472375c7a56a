"""Fine-grained PATs granted to the organisation: policy (ORG-16) and tenant tokens (ORG-17); the
deploy keys of ``auth: deploy_key`` tenants (ORG-24) and App installations of ``auth: github_app``
tenants (ORG-25).

ORG-17 judges every grant's expiry and, for the grants owned by a bot of the rotation file, compares
the repositories and permissions with what its tenants declare (``ghprov.audit.tenants``). GitHub
lists PAT grants to GitHub Apps only; with a user token both checks are SKIPPED with the reason.
Tokens are identified by their GitHub token id and name, never by any secret material.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

from ghprov.audit.checks.base import Context, Registered, skipped, spec, verdict
from ghprov.audit.findings import Evidence, Finding, Resource, Severity, Status, finding
from ghprov.audit.inputs import Skipped
from ghprov.audit.tenants import (
    ROLE_RANK,
    BotDeclaration,
    GrantScope,
    TenantToken,
    by_bot,
    scope_problems,
)
from ghprov.model.access import ALL_MEMBERS
from ghprov.model.deploy_keys import ROTATION_TITLE_PREFIX
from ghprov.model.pat_grants import PatGrant

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
    "Each fine-grained PAT with access: not expired, more than the tenant's (or profile's) days left "
    "(warn 14, error 3); a tenant bot's tokens reach no more repositories and permissions than declared.",
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


def _expiry_problem(
    grant: PatGrant, days_left: float | None, warn: int, error: int
) -> tuple[str, Severity] | None:
    if grant.token_expired or (days_left is not None and days_left < 0):
        return "expired", ORG_17.severity
    if days_left is None:
        return "never expires", Severity.MEDIUM
    if days_left < error:
        return f"expires in {days_left:.1f} days", ORG_17.severity
    if days_left < warn:
        return f"expires in {days_left:.1f} days", Severity.LOW
    return None


def _scope_evidence(ctx: Context, grant: PatGrant, pointer: str) -> Evidence:
    org = ctx.input.login
    if pointer == "/name":
        return ctx.input.locator.api(f"{GRANTS_PATH.format(org=org)}/{grant.id}/repositories", pointer)
    return ctx.input.locator.api(GRANTS_PATH.format(org=org), pointer)


def _members(ctx: Context) -> set[str]:
    organization = ctx.input.organization
    people = organization.members
    return {*(people.owners if people else ()), *(people.members if people else ()), *organization.bots}


def _owner_rank(ctx: Context, login: str) -> Callable[[str], int]:
    """The token owner's effective role rank on a repository (own grants, or the base permission)."""

    def rank(repository: str) -> int:
        roles = [ctx.matrix.role(f"user:{login}", repository)]
        if login in _members(ctx):
            roles.append(ctx.matrix.role(ALL_MEMBERS, repository))
        return max((ROLE_RANK.get(role, 0) for role in roles if role), default=0)

    return rank


def _judge_grant(ctx: Context, grant: PatGrant, declared: BotDeclaration | None) -> Finding:
    now = datetime.datetime.combine(ctx.today, datetime.time(), tzinfo=datetime.UTC)
    warn = declared.warn_days if declared else ctx.profile.token_warn_days
    error = declared.error_days if declared else ctx.profile.token_error_days
    expires = _expiry(grant.token_expires_at)
    days_left = None if expires is None else (expires - now).total_seconds() / 86400
    problems: list[tuple[str, Severity]] = []
    expiry = _expiry_problem(grant, days_left, warn, error)
    if expiry is not None:
        problems.append(expiry)
    evidence = [ctx.input.locator.api(GRANTS_PATH.format(org=ctx.input.login), "/token_expires_at")]
    expected: dict[str, object] = {"days_left_at_least": warn, "expired": False}
    if declared is not None:
        scope = GrantScope(
            None if grant.repositories is None else list(grant.repositories), grant.permissions
        )
        for problem in scope_problems(scope, declared, _owner_rank(ctx, grant.owner)):
            problems.append((problem.message, ORG_17.severity))
            evidence.append(_scope_evidence(ctx, grant, problem.pointer))
        expected |= {"tenants": list(declared.tenants), "repositories": declared.repositories}
    severity = max((level for _, level in problems), key=lambda level: level.rank, default=None)
    message = "; ".join(text for text, _ in problems)
    return finding(
        ORG_17,
        _resource(ctx, grant),
        verdict(not problems),
        expected=expected,
        actual={
            "token_expires_at": grant.token_expires_at,
            "token_expired": grant.token_expired,
            "token_last_used_at": grant.token_last_used_at,
            "permissions": grant.permissions,
            "repository_selection": grant.repository_selection,
            "repositories": None if grant.repositories is None else list(grant.repositories),
        },
        message=message or (f"expires in {days_left:.0f} days" if days_left is not None else ""),
        evidence=evidence,
        severity=severity,
    )


def token_expiry(ctx: Context) -> Iterator[Finding]:
    grants = ctx.input.pat_grants
    if ctx.input.mode == "config":
        yield skipped(ORG_17, ctx.organization, "Not expressible in the config: tokens are read from GitHub")
        return
    if isinstance(grants, Skipped):
        yield skipped(ORG_17, ctx.organization, grants)
        return
    tenants = ctx.input.tenants
    if isinstance(tenants, Skipped):
        # Expiry is still judged for every token (profile thresholds); only the scope half is missing.
        reason = f"{tenants.reason}; tenant tokens' repositories and permissions were not compared"
        yield skipped(ORG_17, ctx.organization, reason)
        declared: dict[str, BotDeclaration] = {}
    else:
        # Deploy-key and App tenants have no bot and no PAT (ORG-24 judges their keys).
        declared = by_bot(tenant for tenant in tenants if tenant.auth == "pat")
    owners = {grant.owner.lower() for grant in grants}
    for key, bot in sorted(declared.items()):
        if key not in owners:
            for tenant in bot.tenants:
                yield finding(
                    ORG_17,
                    Resource(type="tenant", name=tenant, canonical_url=ctx.input.organization_url()),
                    Status.FAILED,
                    expected={"bot": bot.bot, "granted_token": True},
                    actual={"granted_tokens": []},
                    message=f"no fine-grained PAT of {bot.bot} has access to the organisation",
                    evidence=[ctx.input.locator.api(GRANTS_PATH.format(org=ctx.input.login), "/owner/login")],
                )
    for grant in sorted(grants, key=lambda g: (g.owner, g.token_name, g.token_id)):
        yield _judge_grant(ctx, grant, declared.get(grant.owner.lower()))


ORG_24 = spec(
    "ORG-24",
    "Flux deploy keys stay within the rotation file",
    Severity.HIGH,
    "token",
    "For each `auth: deploy_key` tenant: its repository holds the key `ghprov rotate` registered, no "
    "deploy key there can write unless the tenant declares write, and the key is not older than twice "
    "its rotate_after (the scheduled rotation stopped).",
    "Run `ghprov rotate TENANT`; remove deploy keys with write access the rotation file does not declare.",
)


def _key_age_days(title: str, prefix: str, today: datetime.date) -> float | None:
    """Days since the rotation registered the key (its title ends in the registration time)."""
    stamp = title.removeprefix(prefix).strip()
    try:
        registered = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    now = datetime.datetime.combine(today, datetime.time(), tzinfo=datetime.UTC)
    return (now - registered).total_seconds() / 86400


def _judge_deploy_keys(ctx: Context, tenant: TenantToken) -> Iterator[Finding]:
    (repository, access), *_ = tenant.repositories.items()
    repo = repository.rpartition("/")[2]
    live = ctx.input.organization.repositories.get(repo)
    resource = Resource(type="tenant", name=tenant.tenant, canonical_url=ctx.input.organization_url())
    if live is None:
        yield skipped(ORG_24, resource, f"Not applicable: repository {repo} was not read")
        return
    path = f"/repos/{ctx.input.login}/{repo}/keys"
    prefix = f"{ROTATION_TITLE_PREFIX}{tenant.tenant} "
    may_write = ROLE_RANK.get(access, 0) >= ROLE_RANK["write"]
    problems: list[tuple[str, Severity, str]] = []
    for title, key in sorted(live.deploy_keys.items()):
        if not key.read_only and not may_write:
            problems.append(
                (f"deploy key {title!r} can write; {access} is declared", Severity.HIGH, "/read_only")
            )
    ours = {title: key for title, key in live.deploy_keys.items() if title.startswith(prefix)}
    if not ours:
        problems.append(("no deploy key registered by `ghprov rotate`", Severity.MEDIUM, "/title"))
    ages = [age for title in ours if (age := _key_age_days(title, prefix, ctx.today)) is not None]
    if ages and min(ages) > 2 * tenant.rotate_after_days:
        text = f"the newest key is {min(ages):.0f} days old (rotate_after {tenant.rotate_after_days:g} days)"
        problems.append((text, Severity.LOW, "/title"))
    severity = max((level for _, level, _ in problems), key=lambda level: level.rank, default=None)
    yield finding(
        ORG_24,
        Resource(
            type="deploy_key",
            name=f"{repo} ({tenant.tenant})",
            canonical_url=f"{ctx.input.html_url}/{ctx.input.login}/{repo}/settings/keys",
        ),
        verdict(not problems),
        expected={
            "write": may_write,
            "registered_by": prefix.strip(),
            "max_age_days": 2 * tenant.rotate_after_days,
        },
        actual={
            "keys": {
                title: {"read_only": key.read_only, "fingerprint": key.fingerprint}
                for title, key in sorted(live.deploy_keys.items())
            },
            "age_days": None if not ages else round(min(ages), 1),
        },
        message="; ".join(text for text, _, _ in problems),
        evidence=[ctx.input.locator.api(path, pointer) for pointer in sorted({p for _, _, p in problems})]
        or [ctx.input.locator.api(path, "/read_only")],
        severity=severity,
    )


def tenant_deploy_keys(ctx: Context) -> Iterator[Finding]:
    tenants = ctx.input.tenants
    if isinstance(tenants, Skipped):
        yield skipped(ORG_24, ctx.organization, tenants)
        return
    keyed = [tenant for tenant in tenants if tenant.auth == "deploy_key"]
    if not keyed:
        yield skipped(
            ORG_24, ctx.organization, "Not applicable: no `auth: deploy_key` tenant in the rotation file"
        )
        return
    for tenant in keyed:
        yield from _judge_deploy_keys(ctx, tenant)


ORG_25 = spec(
    "ORG-25",
    "Flux GitHub App installations reach no more than declared",
    Severity.HIGH,
    "token",
    "For each `auth: github_app` tenant: its App installation exists, reaches only the declared "
    "repositories (not all), and holds contents no wider than declared and no other write permission.",
    "Limit the installation to the tenant's repositories and contents access in the App's settings.",
)
# What Flux needs from an App: read or write the repository's contents, and metadata (always read).
FLUX_APP_PERMISSIONS = frozenset({"contents", "metadata"})


def _judge_installation(ctx: Context, tenant: TenantToken) -> Finding:
    installations = ctx.input.app_installations
    assert not isinstance(installations, Skipped)
    path = f"/orgs/{ctx.input.login}/installations"
    resource = Resource(
        type="app_installation",
        name=f"{tenant.installation_id} ({tenant.tenant})",
        canonical_url=f"{ctx.input.organization_url()}/settings/installations/{tenant.installation_id}",
    )
    reach = installations.get(tenant.installation_id or 0)
    declared = {
        f"{owner or ctx.input.login}/{name}".lower()
        for owner, _, name in (repository.rpartition("/") for repository in tenant.repositories)
    }
    may_write = max(ROLE_RANK.get(access, 0) for access in tenant.repositories.values()) >= ROLE_RANK["write"]
    expected = {"repositories": sorted(declared), "contents": "write" if may_write else "read"}
    if reach is None:
        return finding(
            ORG_25,
            resource,
            Status.FAILED,
            expected=expected,
            actual={"installed": False},
            message="the App installation is not on the organisation: Flux cannot authenticate",
            evidence=[ctx.input.locator.api(path, "/installations")],
        )
    problems: list[tuple[str, str]] = []
    if reach.repository_selection == "all":
        problems.append(("the installation reaches every repository", "/installations/repository_selection"))
    extra = sorted({name.lower() for name in reach.repositories} - declared)
    if extra:
        problems.append((f"reaches undeclared repositories: {', '.join(extra)}", "/repositories/full_name"))
    if reach.permissions.get("contents") == "write" and not may_write:
        problems.append(("contents: write, read is declared", "/installations/permissions/contents"))
    wider = sorted(
        name
        for name, level in reach.permissions.items()
        if name not in FLUX_APP_PERMISSIONS and level != "read"
    )
    if wider:
        problems.append(
            (f"write permissions Flux does not need: {', '.join(wider)}", "/installations/permissions")
        )
    return finding(
        ORG_25,
        resource,
        verdict(not problems),
        expected=expected,
        actual={
            "repository_selection": reach.repository_selection,
            "repositories": reach.repositories,
            "permissions": reach.permissions,
        },
        message="; ".join(text for text, _ in problems),
        evidence=[ctx.input.locator.api(path, pointer) for _, pointer in problems]
        or [ctx.input.locator.api(path, "/installations/repository_selection")],
    )


def tenant_app_installations(ctx: Context) -> Iterator[Finding]:
    tenants = ctx.input.tenants
    if isinstance(tenants, Skipped):
        yield skipped(ORG_25, ctx.organization, tenants)
        return
    installations = ctx.input.app_installations
    if isinstance(installations, Skipped):
        yield skipped(ORG_25, ctx.organization, installations)
        return
    for tenant in tenants:
        if tenant.auth == "github_app":
            yield _judge_installation(ctx, tenant)


CHECKS = (
    Registered(ORG_16, token_policy),
    Registered(ORG_17, token_expiry),
    Registered(ORG_24, tenant_deploy_keys),
    Registered(ORG_25, tenant_app_installations),
)
