"""Who an organisation's config mentions: every GitHub account and App it refers to by name."""

from __future__ import annotations

from ghprov.model.organization import Organization
from ghprov.model.protection import Actors, BranchProtection
from ghprov.model.rulesets import Ruleset


def _actor_lists(protection: BranchProtection) -> list[Actors]:
    lists = [protection.bypass_pull_request_allowances, protection.bypass_force_push_allowances]
    lists += [actors for actors in (protection.dismissal_restrictions, protection.restrictions) if actors]
    return lists


def _rulesets(organization: Organization) -> list[Ruleset]:
    found = list(organization.rulesets.values())
    for repository in organization.repositories.values():
        found.extend(repository.rulesets.values())
    return found


def referenced_logins(organization: Organization) -> set[str]:
    """Logins of every user account the organisation refers to (members, bots, collaborators, allowances,
    bypass, environment reviewers, organisation role holders)."""
    logins: set[str] = set(organization.bots)
    if organization.members is not None:
        logins.update(organization.members.owners, organization.members.members)
    for team in organization.teams.values():
        logins.update(team.maintainers, team.members)
    for assignees in organization.organization_roles.values():
        logins.update(assignees.users)
    for repository in organization.repositories.values():
        logins.update(repository.collaborators)
        for environment in repository.environments.values():
            logins.update(environment.reviewers.users)
        for protection in repository.branch_protection.values():
            for actors in _actor_lists(protection):
                logins.update(actors.users)
    for ruleset in _rulesets(organization):
        logins.update(actor.user for actor in ruleset.bypass_actors if actor.user)
    return logins


def referenced_apps(organization: Organization) -> set[str]:
    """Slugs of every GitHub App the organisation refers to."""
    slugs: set[str] = set()
    for repository in organization.repositories.values():
        for protection in repository.branch_protection.values():
            for actors in _actor_lists(protection):
                slugs.update(actors.apps)
            checks = protection.required_status_checks
            if checks is not None:
                slugs.update(check.app for check in checks.checks)
    for ruleset in _rulesets(organization):
        slugs.update(actor.app for actor in ruleset.bypass_actors if actor.app)
    return slugs
