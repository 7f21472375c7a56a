"""Every resource kind the plan engine manages, in the order apply creates and updates them.

Deletions run in the reverse order. Adding a kind: write its module beside this one (model type,
differ, ``KindSpec``), list the spec here, and register its writer in ``github/write/registry.py``;
docs/architecture.md walks through the whole recipe.
"""

from __future__ import annotations

import dataclasses

from ghprov.plan.changes import Kind
from ghprov.plan.kinds import (
    actions_secrets,
    actions_settings,
    actions_variables,
    app_installations,
    code_security,
    collaborators,
    custom_organization_roles,
    custom_properties,
    deploy_keys,
    environments,
    members,
    organization_roles,
    protections,
    repositories,
    roles,
    rulesets,
    runner_groups,
    security_features,
    settings,
    team_links,
    team_sync,
    teams,
    webhooks,
)
from ghprov.plan.kinds.spec import Differ, KindSpec

KINDS: tuple[KindSpec, ...] = tuple(
    dataclasses.replace(spec, rank=rank)
    for rank, spec in enumerate(
        (
            roles.CUSTOM_ROLE,
            # Before the assignments: a role defined and assigned in one apply exists when it is assigned.
            custom_organization_roles.ORGANIZATION_ROLE,
            custom_properties.CUSTOM_PROPERTY,
            settings.ORGANIZATION_SETTINGS,
            teams.TEAM,
            members.ORGANIZATION_MEMBERSHIP,
            # The IdP mapping before memberships: a team that becomes synced needs no member writes.
            team_sync.TEAM_SYNC,
            team_links.TEAM_MEMBERSHIP,
            # After teams and memberships: a role is assigned to a team or a member that exists.
            organization_roles.ORGANIZATION_ROLE_ASSIGNMENT,
            repositories.REPOSITORY,
            repositories.BRANCH,
            team_links.TEAM_REPOSITORY,
            protections.BRANCH_PROTECTION,
            rulesets.REPOSITORY_RULESET,
            rulesets.ORGANIZATION_RULESET,
            deploy_keys.DEPLOY_KEY,
            # The organisation's policy before its repositories': a repository cannot ask for more than
            # its organisation allows (GitHub answers 409), so a raised default must come first.
            actions_settings.ORGANIZATION_ACTIONS,
            actions_settings.REPOSITORY_ACTIONS,
            security_features.REPOSITORY_SECURITY,
            runner_groups.RUNNER_GROUP,
            code_security.CODE_SECURITY_CONFIGURATION,
            # After repositories: a secret or variable needs its repository (and selected ones) to exist.
            actions_variables.ORGANIZATION_VARIABLE,
            actions_variables.REPOSITORY_VARIABLE,
            actions_secrets.ORGANIZATION_SECRET,
            actions_secrets.REPOSITORY_SECRET,
            actions_secrets.ORGANIZATION_DEPENDABOT_SECRET,
            actions_secrets.REPOSITORY_DEPENDABOT_SECRET,
            # After secrets: a Receiver's token may be an Actions secret too; hooks need their repository.
            webhooks.ORGANIZATION_WEBHOOK,
            webhooks.REPOSITORY_WEBHOOK,
            # After teams (reviewers) and repositories; an environment before its secrets and variables.
            environments.ENVIRONMENT,
            environments.ENVIRONMENT_VARIABLE,
            environments.ENVIRONMENT_SECRET,
            collaborators.REPOSITORY_COLLABORATOR,
            collaborators.REPOSITORY_INVITATION,
            custom_properties.REPOSITORY_PROPERTY,
            app_installations.APP_INSTALLATION_REPOSITORY,
        )
    )
)
_BY_KIND: dict[Kind, KindSpec] = {spec.kind: spec for spec in KINDS}


def spec_of(kind: Kind) -> KindSpec:
    """The spec of ``kind`` (every ``Kind`` has exactly one; tests/plan holds the registry to that)."""
    return _BY_KIND[kind]


def differs() -> list[Differ]:
    """Each differ once, in the order of the first kind it plans."""
    return list(dict.fromkeys(spec.differ for spec in KINDS if spec.differ is not None))
