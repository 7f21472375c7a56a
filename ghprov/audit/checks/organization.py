"""Organisation settings: 2FA, base permission, who may create or delete repositories and teams, owners."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ghprov.audit.checks import declared_actions
from ghprov.audit.checks.base import Context, Registered, skipped, spec, verdict
from ghprov.audit.findings import Evidence, Finding, Severity, Status, finding
from ghprov.audit.inputs import Skipped

ORG_01 = spec(
    "ORG-01",
    "Two-factor authentication is required",
    Severity.HIGH,
    "organization",
    "Every member must use 2FA (D1: 'enforced for all users'); members without it are listed.",
    "Enable 'Require two-factor authentication' in the organisation's security settings.",
    legitify=(
        "data.organization.two_factor_authentication_not_required_for_org",
        "data.enterprise.enterprise_enforce_two_factor_authentication",
    ),
    cis_ssc="1.3.5",
)
ORG_02 = spec(
    "ORG-02",
    "Base repository permission is none",
    Severity.HIGH,
    "organization",
    "Membership alone should grant no repository access; access comes from teams.",
    "Set the base permission to 'No permission' (settings.default_repository_permission: none).",
    legitify="data.organization.default_repository_permission_is_not_none",
    cis_ssc="1.3.8",
)
ORG_03 = spec(
    "ORG-03",
    "Members cannot create public repositories",
    Severity.MEDIUM,
    "organization",
    "Repositories are created through the declaration, protected from their first minute.",
    "Set members_can_create_repositories: false (or members_can_create_public_repositories: false).",
    legitify=(
        "data.organization.non_admins_can_create_public_repositories",
        "data.enterprise.enterprise_allows_creating_public_repos",
    ),
    cis_ssc="1.2.2",
)
ORG_04 = spec(
    "ORG-04",
    "Repository deletion and transfer limited to owners",
    Severity.MEDIUM,
    "organization",
    "Members with admin rights on a repository must not be able to delete or transfer it.",
    "Clear 'Allow members to delete or transfer repositories' in the member privileges.",
    legitify="data.enterprise.memberes_allowed_repository_move_or_deletion",
    cis_ssc="1.2.3",
)
ORG_05 = spec(
    "ORG-05",
    "Issue deletion limited to owners",
    Severity.INFO,
    "organization",
    "Members should not delete issues (the record of a change).",
    "Clear 'Allow members to delete issues' in the member privileges.",
    cis_ssc="1.2.4",
)
ORG_06 = spec(
    "ORG-06",
    "Team creation limited to owners",
    Severity.MEDIUM,
    "organization",
    "Teams are the D1 access boundary and are declared; members must not create their own.",
    "Clear 'Allow members to create teams' in the member privileges.",
    cis_ssc="1.3.2",
)
ORG_07 = spec(
    "ORG-07",
    "Owner count within bounds; bots are never owners",
    Severity.MEDIUM,
    "member",
    "Owners are admins of every repository, d1-fleet and d1-infra included: keep between the bounds.",
    "Demote owners to members (members.owners) until the count is within the profile's bounds.",
    legitify="data.member.organization_has_too_many_admins",
    cis_ssc="1.3.3",
)
ORG_10 = spec(
    "ORG-10",
    "SAML single sign-on enabled",
    Severity.MEDIUM,
    "organization",
    "On GitHub Enterprise Cloud, members should authenticate through the identity provider.",
    "Configure SAML single sign-on in the organisation's authentication security settings.",
    legitify="data.organization.organization_not_using_single_sign_on",
)
ORG_21 = spec(
    "ORG-21",
    "Secret scanning, push protection and Dependabot alerts on for new repositories",
    Severity.MEDIUM,
    "organization",
    "Security features should be enabled automatically for every new repository.",
    "Enable them for new repositories under 'Code security' in the organisation settings.",
    legitify=(
        "data.enterprise.enable_secret_scanning_for_new_orgs",
        "data.enterprise.enable_push_protection_secret_scanning",
    ),
    cis_ssc="1.5.1",
)
ORG_23 = spec(
    "ORG-23",
    "Organisation has a verified domain",
    Severity.INFO,
    "organization",
    "A verified domain lets notifications be restricted to company addresses.",
    "Verify the company domain in the organisation settings.",
    legitify="data.enterprise.enable_email_notification_to_verified_domains",
    cis_ssc="1.3.9",
)

NEW_REPOSITORY_SECURITY = (
    "secret_scanning_enabled_for_new_repositories",
    "secret_scanning_push_protection_enabled_for_new_repositories",
    "dependabot_alerts_enabled_for_new_repositories",
)


def setting(ctx: Context, name: str) -> Any:
    """A model setting's value, or Skipped when it is undeclared (config) or unreadable (live)."""
    settings = ctx.input.organization.settings
    if settings is not None and name in settings.model_fields_set and getattr(settings, name) is not None:
        return getattr(settings, name)
    if ctx.input.mode == "config":
        return Skipped(f"Not declared in the config: settings.{name}")
    unknown = ctx.input.unknown_at(f"settings/{name}")
    reason = unknown.reason if unknown else "not shown to this token"
    return Skipped(f"Missing permission: {name} is {reason}")


def fact(ctx: Context, name: str) -> Any:
    """A ``GET /orgs/{org}`` setting the model does not carry, or Skipped."""
    facts = ctx.input.org_facts
    if isinstance(facts, Skipped):
        return facts
    value = facts.value(name)
    if value is None:
        return Skipped(f"Missing permission: {name} is not shown to this token (owners only)")
    return value


def _boolean_setting(
    ctx: Context, check: Any, name: str, wanted: bool, *, from_facts: bool = False
) -> Finding:
    value = fact(ctx, name) if from_facts else setting(ctx, name)
    if isinstance(value, Skipped):
        return skipped(check, ctx.organization, value)
    return finding(
        check,
        ctx.organization,
        verdict(value is wanted),
        expected={name: wanted},
        actual={name: value},
        evidence=[ctx.input.locator.setting(name)],
    )


def two_factor(ctx: Context) -> Iterator[Finding]:
    yield _boolean_setting(ctx, ORG_01, "two_factor_requirement_enabled", True)
    lacking = ctx.input.members_without_2fa
    if isinstance(lacking, Skipped):
        return
    evidence = [ctx.input.locator.api(f"/orgs/{ctx.input.login}/members?filter=2fa_disabled", "/login")]
    for login in sorted(lacking):
        yield finding(
            ORG_01,
            ctx.member(login),
            Status.FAILED,
            expected={"two_factor_enabled": True},
            actual={"two_factor_enabled": False},
            message=f"{login} has no two-factor authentication",
            evidence=evidence,
        )


def base_permission(ctx: Context) -> Iterator[Finding]:
    value = setting(ctx, "default_repository_permission")
    if isinstance(value, Skipped):
        yield skipped(ORG_02, ctx.organization, value)
        return
    allowed = ctx.profile.base_permissions
    # CIS accepts read; legitify does not: read is reported, but one level lower.
    severity = Severity.MEDIUM if value == "read" else None
    yield finding(
        ORG_02,
        ctx.organization,
        verdict(value in allowed),
        expected={"default_repository_permission": list(allowed)},
        actual={"default_repository_permission": value},
        evidence=[ctx.input.locator.setting("default_repository_permission")],
        severity=severity,
    )


def repository_creation(ctx: Context) -> Iterator[Finding]:
    any_repo = setting(ctx, "members_can_create_repositories")
    public = setting(ctx, "members_can_create_public_repositories")
    if any_repo is False or public is False:
        status = Status.PASSED
    elif isinstance(any_repo, Skipped) and isinstance(public, Skipped):
        yield skipped(ORG_03, ctx.organization, public)
        return
    else:
        status = Status.FAILED
    yield finding(
        ORG_03,
        ctx.organization,
        status,
        expected={"members_can_create_public_repositories": False},
        actual={
            "members_can_create_repositories": None if isinstance(any_repo, Skipped) else any_repo,
            "members_can_create_public_repositories": None if isinstance(public, Skipped) else public,
        },
        evidence=[
            ctx.input.locator.setting("members_can_create_repositories"),
            ctx.input.locator.setting("members_can_create_public_repositories"),
        ],
    )


def repository_deletion(ctx: Context) -> Iterator[Finding]:
    yield _boolean_setting(ctx, ORG_04, "members_can_delete_repositories", False)


def issue_deletion(ctx: Context) -> Iterator[Finding]:
    yield _boolean_setting(ctx, ORG_05, "members_can_delete_issues", False, from_facts=True)


def team_creation(ctx: Context) -> Iterator[Finding]:
    yield _boolean_setting(ctx, ORG_06, "members_can_create_teams", False)


def owners(ctx: Context) -> Iterator[Finding]:
    members = ctx.input.organization.members
    if members is None:
        reason = (
            "Not declared in the config: members"
            if ctx.input.mode == "config"
            else "Missing permission: members are not visible"
        )
        yield skipped(ORG_07, ctx.organization, reason)
        return
    count = len(members.owners)
    bot_owners = sorted(set(members.owners) & ctx.bots)
    ok = ctx.profile.owners_min <= count <= ctx.profile.owners_max and not bot_owners
    message = f"{count} owners" + (f"; bots among owners: {', '.join(bot_owners)}" if bot_owners else "")
    yield finding(
        ORG_07,
        ctx.organization,
        verdict(ok),
        expected={
            "owners_min": ctx.profile.owners_min,
            "owners_max": ctx.profile.owners_max,
            "bot_owners": [],
        },
        actual={"owners": list(members.owners), "bot_owners": bot_owners},
        message=message,
        evidence=[ctx.input.locator.members()],
    )


def single_sign_on(ctx: Context) -> Iterator[Finding]:
    if ctx.input.mode == "config":
        yield skipped(ORG_10, ctx.organization, "Not expressible in the config: SAML is set up in the UI")
        return
    saml = ctx.input.saml
    # The plan is shown to owners only; without it, the SAML read itself says what is missing.
    if ctx.input.plan and not ctx.input.is_enterprise:
        yield skipped(ORG_10, ctx.organization, "Unmet prerequisite: SAML SSO needs GitHub Enterprise Cloud")
        return
    if isinstance(saml, Skipped):
        yield skipped(ORG_10, ctx.organization, saml)
        return
    # GraphQL-only: the evidence names the query field, there is no REST equivalent.
    evidence = Evidence(
        source="api",
        location=f'POST /graphql organization(login: "{ctx.input.login}")',
        pointer="/data/organization/samlIdentityProvider",
    )
    yield finding(
        ORG_10,
        ctx.organization,
        verdict(saml.enabled),
        expected={"saml_identity_provider": "configured"},
        actual={
            "saml_identity_provider": {"sso_url": saml.sso_url, "issuer": saml.issuer}
            if saml.enabled
            else None
        },
        message="" if saml.enabled else "no SAML identity provider is configured",
        evidence=[evidence],
    )


def new_repository_security(ctx: Context) -> Iterator[Finding]:
    if ctx.input.mode == "config":
        declared = declared_actions.new_repository_security(ctx)
        if isinstance(declared, Skipped):
            yield skipped(ORG_21, ctx.organization, declared)
            return
        yield finding(
            ORG_21,
            ctx.organization,
            verdict(all(value is True for value in declared.values.values())),
            expected=dict.fromkeys(NEW_REPOSITORY_SECURITY, True),
            actual=declared.values,
            evidence=declared.evidence,
        )
        return
    values = {name: fact(ctx, name) for name in NEW_REPOSITORY_SECURITY}
    if all(isinstance(value, Skipped) for value in values.values()):
        yield skipped(ORG_21, ctx.organization, next(iter(values.values())))
        return
    actual = {name: None if isinstance(value, Skipped) else value for name, value in values.items()}
    yield finding(
        ORG_21,
        ctx.organization,
        verdict(all(value is True for value in actual.values())),
        expected=dict.fromkeys(NEW_REPOSITORY_SECURITY, True),
        actual=actual,
        evidence=[ctx.input.locator.setting(name) for name in NEW_REPOSITORY_SECURITY],
    )


def verified_domain(ctx: Context) -> Iterator[Finding]:
    yield _boolean_setting(ctx, ORG_23, "is_verified", True, from_facts=True)


CHECKS = (
    Registered(ORG_01, two_factor),
    Registered(ORG_02, base_permission),
    Registered(ORG_03, repository_creation),
    Registered(ORG_04, repository_deletion),
    Registered(ORG_05, issue_deletion),
    Registered(ORG_06, team_creation),
    Registered(ORG_07, owners),
    Registered(ORG_10, single_sign_on),
    Registered(ORG_21, new_repository_security),
    Registered(ORG_23, verified_domain),
)
