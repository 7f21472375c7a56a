"""Names that the imported entries refer to, so a partial import (``--only``) still validates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ghprov.importer.options import ImportOptions
from ghprov.model import Actors, Organization, Repository, Ruleset, is_builtin_role


@dataclass
class Names:
    teams: set[str] = field(default_factory=set)
    repositories: set[str] = field(default_factory=set)
    custom_roles: set[str] = field(default_factory=set)

    def add_role(self, role: str | None) -> None:
        if role and not is_builtin_role(role):
            self.custom_roles.add(role)

    def add_rulesets(self, rulesets: Iterable[Ruleset]) -> None:
        for ruleset in rulesets:
            for actor in ruleset.bypass_actors:
                if actor.team:
                    self.teams.add(actor.team)
                self.add_role(actor.role)

    def add_actors(self, actors: Actors | None) -> None:
        if actors is not None:
            self.teams.update(actors.teams)


def referenced_names(
    state: Organization, options: ImportOptions, repositories: dict[str, Repository]
) -> Names:
    """Teams, repositories and custom roles named by the sections ``options`` imports."""
    names = Names()
    if options.wants("teams"):
        for team in state.teams.values():
            if team.parent:
                names.teams.add(team.parent)
            for repo, role in team.repositories.items():
                if repo in repositories:
                    names.repositories.add(repo)
                    names.add_role(role)
    if options.wants("repositories"):
        for repository in repositories.values():
            for protection in repository.branch_protection.values():
                names.add_actors(protection.bypass_pull_request_allowances)
                names.add_actors(protection.bypass_force_push_allowances)
                names.add_actors(protection.dismissal_restrictions)
                names.add_actors(protection.restrictions)
            names.add_rulesets(repository.rulesets.values())
    if options.wants("rulesets"):
        names.add_rulesets(state.rulesets.values())
    if options.bots and (options.wants("members") or options.wants("teams")):
        names.teams.update(
            name for name, team in state.teams.items() if any(login in team.members for login in options.bots)
        )
    return names
