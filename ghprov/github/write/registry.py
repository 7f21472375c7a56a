"""One writer per resource kind: ``writes_for(change, target)`` picks it."""

from __future__ import annotations

from collections.abc import Callable

from ghprov.github.write.actions_secrets import (
    write_organization_dependabot_secret,
    write_organization_secret,
    write_organization_variable,
    write_repository_dependabot_secret,
    write_repository_secret,
    write_repository_variable,
)
from ghprov.github.write.actions_settings import write_organization_actions, write_repository_actions
from ghprov.github.write.app_installations import write_app_installation_repository
from ghprov.github.write.branch_protection import write_branch_protection
from ghprov.github.write.branches import write_branch
from ghprov.github.write.code_security import write_code_security_configuration
from ghprov.github.write.collaborators import write_collaborator, write_invitation
from ghprov.github.write.custom_organization_roles import write_custom_organization_role
from ghprov.github.write.custom_properties import write_custom_property, write_repository_property
from ghprov.github.write.custom_roles import write_custom_role
from ghprov.github.write.deploy_keys import write_deploy_key
from ghprov.github.write.environments import (
    write_environment,
    write_environment_secret,
    write_environment_variable,
)
from ghprov.github.write.organization_memberships import write_organization_membership
from ghprov.github.write.organization_roles import write_organization_role_assignment
from ghprov.github.write.organization_settings import write_organization_settings
from ghprov.github.write.repositories import write_repository
from ghprov.github.write.requests import Target, Writes
from ghprov.github.write.rulesets import write_organization_ruleset, write_repository_ruleset
from ghprov.github.write.runner_groups import write_runner_group
from ghprov.github.write.security_features import write_repository_security
from ghprov.github.write.team_memberships import write_team_membership
from ghprov.github.write.team_repositories import write_team_repository
from ghprov.github.write.team_sync import write_team_sync
from ghprov.github.write.teams import write_team
from ghprov.github.write.webhooks import write_organization_webhook, write_repository_webhook
from ghprov.plan.changes import Change, Kind

Writer = Callable[[Change, Target], Writes]

WRITERS: dict[Kind, Writer] = {
    Kind.CUSTOM_ROLE: write_custom_role,
    Kind.ORGANIZATION_SETTINGS: write_organization_settings,
    Kind.TEAM: write_team,
    Kind.ORGANIZATION_MEMBERSHIP: write_organization_membership,
    Kind.TEAM_MEMBERSHIP: write_team_membership,
    Kind.REPOSITORY: write_repository,
    Kind.BRANCH: write_branch,
    Kind.TEAM_REPOSITORY: write_team_repository,
    Kind.BRANCH_PROTECTION: write_branch_protection,
    Kind.REPOSITORY_RULESET: write_repository_ruleset,
    Kind.ORGANIZATION_RULESET: write_organization_ruleset,
    Kind.DEPLOY_KEY: write_deploy_key,
    Kind.REPOSITORY_ACTIONS: write_repository_actions,
    Kind.ORGANIZATION_ACTIONS: write_organization_actions,
    Kind.REPOSITORY_SECURITY: write_repository_security,
    Kind.RUNNER_GROUP: write_runner_group,
    Kind.CODE_SECURITY_CONFIGURATION: write_code_security_configuration,
    Kind.REPOSITORY_COLLABORATOR: write_collaborator,
    Kind.REPOSITORY_INVITATION: write_invitation,
    Kind.CUSTOM_PROPERTY: write_custom_property,
    Kind.REPOSITORY_PROPERTY: write_repository_property,
    Kind.ORGANIZATION_ROLE: write_custom_organization_role,
    Kind.ORGANIZATION_ROLE_ASSIGNMENT: write_organization_role_assignment,
    Kind.TEAM_SYNC: write_team_sync,
    Kind.APP_INSTALLATION_REPOSITORY: write_app_installation_repository,
    Kind.ORGANIZATION_SECRET: write_organization_secret,
    Kind.REPOSITORY_SECRET: write_repository_secret,
    Kind.ORGANIZATION_VARIABLE: write_organization_variable,
    Kind.REPOSITORY_VARIABLE: write_repository_variable,
    Kind.ORGANIZATION_DEPENDABOT_SECRET: write_organization_dependabot_secret,
    Kind.REPOSITORY_DEPENDABOT_SECRET: write_repository_dependabot_secret,
    Kind.ORGANIZATION_WEBHOOK: write_organization_webhook,
    Kind.REPOSITORY_WEBHOOK: write_repository_webhook,
    Kind.ENVIRONMENT: write_environment,
    Kind.ENVIRONMENT_SECRET: write_environment_secret,
    Kind.ENVIRONMENT_VARIABLE: write_environment_variable,
}


def writes_for(change: Change, target: Target) -> Writes:
    """The ordered write requests for ``change``, or why GitHub's API cannot make it."""
    return WRITERS[change.kind](change, target)
