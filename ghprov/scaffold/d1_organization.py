"""``org.yaml`` and ``teams.yaml`` of the D1 layout: settings, people, the bot, teams and their access.

Comments quote the D1 guide ("Securing GitHub") where a choice comes from it, and say why where
ghprov departs from it.
"""

from __future__ import annotations

from typing import Any

from ghprov.importer.yaml_output import YamlDocument
from ghprov.scaffold.options import FLEET, INFRA, PLATFORM, D1Options, tenant_repository

BOTS_TEAM = "flux-bots"


def organization_document(options: D1Options, header: tuple[str, ...]) -> YamlDocument:
    """Settings, owners and members, the bot, the organisation ruleset and the prune policy."""
    data: dict[str, Any] = {
        "organization": options.organization,
        "settings": {
            "default_repository_permission": "none",
            "members_can_create_repositories": False,
            "two_factor_requirement_enabled": True,
        },
    }
    document = YamlDocument(data, header=header)
    document.comment(
        ("settings", "default_repository_permission"),
        'D1 "least privilege": membership alone grants no access; access comes from teams only.',
    )
    document.comment(
        ("settings", "members_can_create_repositories"),
        "Repositories are created through this config, so each is protected from its first minute.",
    )
    document.comment(
        ("settings", "two_factor_requirement_enabled"),
        'D1 "Two-factor authentication: enforced for all users". GitHub\'s API cannot change this',
        "setting: ghprov checks it and reports a finding when it is off. Enforcing it removes members",
        "without 2FA, so give the bot 2FA (its TOTP seed in your vault) before turning it on.",
    )
    people = _organization_people(options)
    if people:
        data["members"] = people
        document.comment(
            ("members",),
            'D1: "at least two admins within the repository or two owners". Owners administer every',
            "repository, d1-fleet and d1-infra included (cluster-admin on every cluster): keep it short.",
        )
    data["actions"] = organization_actions(options)
    _explain_actions(document)
    data["code_security_configurations"] = {"d1": NEW_REPOSITORY_SECURITY}
    document.comment(
        ("code_security_configurations",),
        "Every new private repository starts with secret scanning, push protection and Dependabot:",
        "the D1 repositories below declare the same features themselves. Secret scanning on private",
        "repositories needs GitHub Secret Protection (Team or Enterprise plans).",
    )
    data["bots"] = {options.bot: {"teams": [BOTS_TEAM]}}
    document.comment(
        ("bots",),
        'D1 "Bot Account": an organisation member in a team with access to every D1 repository. Its',
        "personal access tokens are what Flux uses on the clusters (see rotation/rotation.yaml).",
    )
    data["rulesets"] = {
        "default-branch-history": {
            "target": "branch",
            "enforcement": "active",
            "conditions": {
                "ref_name": {"include": ["~DEFAULT_BRANCH"]},
                "repository_name": {"include": ["~ALL"]},
            },
            "rules": [{"deletion": {}}, {"non_fast_forward": {}}],
        }
    }
    document.comment(
        ("rulesets",),
        "No one rewrites or deletes the default branch of any repository: Flux reconciles from it, and a",
        "force push could hide what was deployed. No standing bypass: in an emergency an owner sets the",
        "ruleset to `disabled` (which the audit log records) and back.",
    )
    if options.auth == "github_app":
        _declare_app_installations(options, data, document)
    data["prune"] = {"team_members": True, "team_repositories": True}
    if options.auth == "deploy_key":
        # Flux's only deploy keys are the ones `ghprov rotate` registers (titled "ghprov-rotate
        # TENANT ..."), which plan expects and never prunes; any other deploy key is removed.
        data["prune"]["deploy_keys"] = True
    if options.auth == "github_app":
        data["prune"]["app_installations"] = True
    document.comment(
        ("prune",),
        "Custom repository roles need GitHub Enterprise Cloud, so none are declared. On GHEC a narrower",
        "role for flux-bots could replace its write grants, e.g.",
        "custom_roles: {flux-automation: {base_role: write, permissions: [bypass_branch_protection]}}",
        "",
        "Team membership and team access are the D1 security boundary: anything granted outside this",
        "config is removed (with `ghprov apply --allow-delete`).",
    )
    return document


# The default code security configuration for new private repositories.
NEW_REPOSITORY_SECURITY: dict[str, Any] = {
    "description": "D1: secret scanning, push protection and Dependabot on every new private repository",
    "secret_scanning": "enabled",
    "secret_scanning_push_protection": "enabled",
    "dependabot_alerts": "enabled",
    "dependabot_security_updates": "enabled",
    "default_for_new_repos": "private_and_internal",
}


def _declare_app_installations(options: D1Options, data: dict[str, Any], document: YamlDocument) -> None:
    """Each team's Flux App reaches exactly the repositories its rotation-file token declares."""
    reach = {PLATFORM: [FLEET, INFRA], **{t: [tenant_repository(t)] for t in options.tenants}}
    data["app_installations"] = {
        options.app_slug(key): {"repositories": sorted(repositories)} for key, repositories in reach.items()
    }
    document.comment(
        ("app_installations",),
        "Flux's GitHub Apps (--auth github-app), one per team: each installation reaches exactly the",
        "repositories its token in rotation/rotation.yaml declares (`ghprov rotate` and `tokens check`",
        "verify it with the App key; `plan` keeps the selection; audit ORG-25 checks permissions too).",
    )


def d1_repositories(options: D1Options) -> list[str]:
    return sorted([FLEET, INFRA, *(tenant_repository(tenant) for tenant in options.tenants)])


def organization_actions(options: D1Options) -> dict[str, Any]:
    """The Actions policy: D1's workflows (vet, e2e, update-production) on the D1 repositories only,
    GitHub's and verified creators' actions plus Flux's, a read-only token that cannot approve."""
    return {
        "enabled_repositories": "selected",
        "selected_repositories": d1_repositories(options),
        "allowed_actions": "selected",
        "selected_actions": {
            "github_owned_allowed": True,
            "verified_allowed": True,
            "patterns_allowed": ["controlplaneio-fluxcd/*", "fluxcd/*"],
        },
        "default_workflow_permissions": "read",
        "can_approve_pull_request_reviews": False,
        "fork_pr_contributor_approval": "all_external_contributors",
    }


def _explain_actions(document: YamlDocument) -> None:
    document.comment(
        ("actions",),
        "Actions runs on the D1 repositories only (a new repository runs nothing until it is listed), and",
        "only GitHub's actions, verified creators' and Flux's: add the `uses:` of your own workflows to",
        "patterns_allowed (owner/repository[@ref], * as a wildcard).",
    )
    document.comment(
        ("actions", "default_workflow_permissions"),
        "Workflows get a read-only GITHUB_TOKEN; a job that needs more asks for it (`permissions:`).",
    )
    document.comment(
        ("actions", "can_approve_pull_request_reviews"),
        "A workflow must not approve what it opened. This setting also stops GITHUB_TOKEN opening pull",
        "requests, which D1's update-production workflow does (`gh pr create`): give that step the bot's",
        "token instead (GH_TOKEN from a repository secret), so the promotion pull request is the bot's",
        "and two people approve it. Repositories cannot allow more than the organisation does.",
    )


def _organization_people(options: D1Options) -> dict[str, list[str]]:
    in_teams = {
        login
        for group in (options.maintainers, options.members)
        for names in group.values()
        for login in names
    }
    people: dict[str, list[str]] = {}
    if options.owners:
        people["owners"] = sorted(options.owners)
    members = sorted(in_teams - set(options.owners))
    if members:
        people["members"] = members
    return people


def _team(description: str, options: D1Options, key: str, repositories: dict[str, str]) -> dict[str, Any]:
    team: dict[str, Any] = {"description": description, "privacy": "closed"}
    if options.maintainers.get(key):
        team["maintainers"] = sorted(options.maintainers[key])
    if options.members.get(key):
        team["members"] = sorted(options.members[key])
    team["repositories"] = repositories
    return team


def teams_document(options: D1Options, header: tuple[str, ...]) -> YamlDocument:
    """The platform team, one team per tenant and flux-bots, with the D1 grants."""
    teams: dict[str, Any] = {
        options.team(PLATFORM): _team(
            "Platform engineers; operate the fleet and its infrastructure",
            options,
            PLATFORM,
            {FLEET: "write", INFRA: "write"},
        )
    }
    for tenant in options.tenants:
        teams[options.team(tenant)] = _team(
            f'Application team (the "{tenant}" tenant)', options, tenant, {tenant_repository(tenant): "write"}
        )
    bots_team: dict[str, Any] = {
        "description": "Machine accounts used by Flux on the clusters",
        "privacy": "closed",
    }
    if options.maintainers.get(PLATFORM):
        bots_team["maintainers"] = sorted(options.maintainers[PLATFORM])
    bots_team["repositories"] = {FLEET: "read", INFRA: "write"} | {
        tenant_repository(tenant): "write" for tenant in options.tenants
    }
    teams[BOTS_TEAM] = bots_team
    document = YamlDocument({"teams": teams}, header=header)
    document.comment(
        ("teams",),
        'D1 "Team access controls to the repositories". Access to d1-fleet and d1-infra is equivalent to',
        "cluster-admin on every cluster, so only the platform team (and the Flux bot) has it.",
    )
    document.comment(
        ("teams", options.team(PLATFORM), "repositories"),
        "D1: write, not admin: the owners are the repositories' admins. D1 leaves the platform team's",
        "access to tenant repositories open; it gets none here (add `d1-<tenant>: read` to review them).",
    )
    for tenant in options.tenants:
        document.comment(
            ("teams", options.team(tenant)),
            'Reconciled with namespace-admin rights, so it never sees d1-fleet or d1-infra (D1: "no',
            f'permissions"); it writes {tenant_repository(tenant)}. Another team means another tenant.',
        )
    document.comment(
        ("teams", BOTS_TEAM),
        'D1 "Bot Account": the bot belongs to a team with access to every D1 repository. The D1 guide asks',
        "for write on d1-fleet (for `flux bootstrap`), but bootstrap through the Flux Operator only reads",
        "it and the D1 repositories narrowed it to read (d1-fleet e3128c8): the token is read-only there",
        "because the bot's role is. Closed, not secret: GitHub accepts only visible teams as bypass actors.",
        "Managed by the platform team: its maintainers maintain this team.",
    )
    return document
