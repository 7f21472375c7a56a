"""Environment reviewers name teams: each must be declared (a reviewer's id is looked up by name)."""

from __future__ import annotations

from typing import Any

from ghprov.config.declared import Declared, Findings, as_list, as_mapping, unknown_name
from ghprov.config.locations import SourceMap


def check_environment_reviewers(declared: Declared, source_map: SourceMap, findings: Findings) -> None:
    """Every team named as an environment reviewer is declared under ``teams``."""
    for repo, repository in declared.repositories.items():
        for name, environment in as_mapping(as_mapping(repository).get("environments")).items():
            teams: list[Any] = as_list(as_mapping(as_mapping(environment).get("reviewers")).get("teams"))
            for index, team in enumerate(teams):
                if isinstance(team, str) and not declared.has_team(team):
                    where = ("repositories", repo, "environments", name, "reviewers", "teams", index)
                    findings.errors.append(
                        source_map.problem(where, unknown_name("team", team, declared.teams))
                    )
