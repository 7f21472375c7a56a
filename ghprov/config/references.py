"""Cross-reference checks: every name the configuration uses must be declared (or built in).

They run on the merged document rather than on the model, so they still report when another part of
the config failed validation: every problem is found in one pass.
"""

from __future__ import annotations

from typing import Any

from ghprov.config.access_and_property_checks import check_collaborators, check_properties
from ghprov.config.actions_checks import check_actions_within_organisation
from ghprov.config.declared import Declared, Findings, as_list, as_mapping, as_strings, unknown_name
from ghprov.config.environment_checks import check_environment_reviewers
from ghprov.config.locations import ConfigPath, SourceMap
from ghprov.config.rules import check_ruleset
from ghprov.config.secret_references import check_secret_references
from ghprov.config.security_checks import check_repository_security
from ghprov.model import BUILTIN_ROLES, PREDEFINED_ORGANIZATION_ROLES, normalise_public_key, normalise_role
from ghprov.model.protection import is_branch_pattern

ALLOWANCE_KEYS = (
    "bypass_pull_request_allowances",
    "bypass_force_push_allowances",
    "dismissal_restrictions",
    "restrictions",
)


def check_references(
    document: dict[str, Any], source_map: SourceMap, *, secrets_readable: bool = True
) -> Findings:
    """Every problem with names used across the configuration (and, when ``secrets_readable``, every
    secret reference that cannot be read on this machine)."""
    declared = Declared(
        teams=as_mapping(document.get("teams")),
        repositories=as_mapping(document.get("repositories")),
        custom_roles=as_mapping(document.get("custom_roles")),
    )
    findings = Findings()
    _check_members(document, source_map, findings)
    _check_teams(declared, source_map, findings)
    _check_bots(document, declared, source_map, findings)
    _check_renames("team", declared.teams, ("teams",), source_map, findings)
    _check_renames("repository", declared.repositories, ("repositories",), source_map, findings)
    for name, repository in declared.repositories.items():
        if isinstance(repository, dict):
            _check_repository(name, repository, declared, source_map, findings)
    for name, ruleset in as_mapping(document.get("rulesets")).items():
        check_ruleset(("rulesets", name), ruleset, declared, source_map, findings, organization=True)
    _check_deploy_keys_unique(declared, source_map, findings)
    _check_one_configuration_per_repository(document, source_map, findings)
    _check_runner_group_workflows(document, source_map, findings)
    check_collaborators(declared, source_map, findings)
    check_properties(document, declared, source_map, findings)
    _check_organization_roles(document, declared, source_map, findings)
    check_secret_references(document, declared, source_map, findings, readable=secrets_readable)
    check_environment_reviewers(declared, source_map, findings)
    check_repository_security(declared, source_map, findings)
    check_actions_within_organisation(document, declared, source_map, findings)
    return findings


def _check_organization_roles(
    document: dict[str, Any], declared: Declared, source_map: SourceMap, findings: Findings
) -> None:
    """Teams holding an organisation role must be declared (whether the role exists is GitHub's to say),
    and a custom organisation role cannot take the name of a predefined one."""
    for role in as_mapping(document.get("custom_organization_roles")):
        if role in PREDEFINED_ORGANIZATION_ROLES:
            findings.errors.append(
                source_map.problem(
                    ("custom_organization_roles", role),
                    f"'{role}' is one of GitHub's predefined organisation roles, which cannot be "
                    "redefined: give the custom role another name (assign predefined roles under "
                    "organization_roles)",
                    at="key",
                )
            )
    for role, holders in as_mapping(document.get("organization_roles")).items():
        for index, team in enumerate(as_list(as_mapping(holders).get("teams"))):
            if isinstance(team, str) and not declared.has_team(team):
                findings.errors.append(
                    source_map.problem(
                        ("organization_roles", role, "teams", index),
                        unknown_name("team", team, declared.teams),
                    )
                )


def _check_deploy_keys_unique(declared: Declared, source_map: SourceMap, findings: Findings) -> None:
    """GitHub accepts a public key once across all of GitHub, so one key cannot serve two places."""
    first_use: dict[str, str] = {}
    for repo, repository in declared.repositories.items():
        for title, deploy_key in as_mapping(as_mapping(repository).get("deploy_keys")).items():
            try:
                key = normalise_public_key(str(as_mapping(deploy_key).get("key", "")))
            except ValueError:
                continue  # the model's validation reports a malformed key at its own line
            where = f"{repo}/{title}"
            if key in first_use:
                findings.errors.append(
                    source_map.problem(
                        ("repositories", repo, "deploy_keys", title, "key"),
                        f"this key is already deploy key {first_use[key]}; GitHub accepts a key in one "
                        "place only: generate a key per repository",
                    )
                )
            else:
                first_use[key] = where


def _check_one_configuration_per_repository(
    document: dict[str, Any], source_map: SourceMap, findings: Findings
) -> None:
    """A repository has one code security configuration: attaching a second moves it."""
    first: dict[str, str] = {}
    for name, configuration in as_mapping(document.get("code_security_configurations")).items():
        for index, repo in enumerate(as_list(as_mapping(configuration).get("repositories"))):
            if not isinstance(repo, str):
                continue
            if repo in first and first[repo] != name:
                findings.errors.append(
                    source_map.problem(
                        ("code_security_configurations", name, "repositories", index),
                        f"{repo} is already attached to configuration {first[repo]!r}; a repository "
                        "has one code security configuration",
                    )
                )
            else:
                first.setdefault(repo, name)


def _check_runner_group_workflows(
    document: dict[str, Any], source_map: SourceMap, findings: Findings
) -> None:
    """GitHub ignores a group's workflow list unless the group is restricted to it: say so, or the
    plan would send the list on every run and never converge."""
    for name, group in as_mapping(document.get("runner_groups")).items():
        values = as_mapping(group)
        if as_list(values.get("selected_workflows")) and values.get("restricted_to_workflows") is not True:
            findings.errors.append(
                source_map.problem(
                    ("runner_groups", name, "selected_workflows"),
                    "selected_workflows needs restricted_to_workflows: true (GitHub ignores the list "
                    "otherwise)",
                )
            )


def _check_members(document: dict[str, Any], source_map: SourceMap, findings: Findings) -> None:
    members = as_mapping(document.get("members"))
    _check_one_role(members, ("members",), ("owners", "members"), "owner and member", source_map, findings)


def _check_one_role(
    people: dict[str, Any],
    path: ConfigPath,
    roles: tuple[str, str],
    both: str,
    source_map: SourceMap,
    findings: Findings,
) -> None:
    first, second = (as_strings(people.get(role)) for role in roles)
    for login in sorted(set(first) & set(second)):
        where_first = source_map.locate_entry((*path, roles[0]), login)
        findings.errors.append(
            source_map.locate_entry((*path, roles[1]), login).problem(
                f"'{login}' is listed as both {both} (also at {where_first})"
            )
        )


def _check_teams(declared: Declared, source_map: SourceMap, findings: Findings) -> None:
    known_roles = [*BUILTIN_ROLES, *declared.custom_roles]
    for name, team in declared.teams.items():
        if not isinstance(team, dict):
            continue
        path = ("teams", name)
        parent = team.get("parent")
        if isinstance(parent, str) and not declared.has_team(parent):
            findings.errors.append(
                source_map.problem((*path, "parent"), unknown_name("parent team", parent, declared.teams))
            )
        _check_one_role(team, path, ("maintainers", "members"), "maintainer and member", source_map, findings)
        for repository, role in as_mapping(team.get("repositories")).items():
            if repository not in declared.repositories:
                findings.errors.append(
                    source_map.problem(
                        (*path, "repositories", repository),
                        unknown_name("repository", str(repository), declared.repositories)
                        + " (declare it under repositories)",
                        at="key",
                    )
                )
            role_name = normalise_role(role)
            if isinstance(role_name, str) and role_name not in known_roles:
                findings.errors.append(
                    source_map.problem(
                        (*path, "repositories", repository),
                        unknown_name("role", role_name, known_roles)
                        + ": expected one of 'read', 'triage', 'write', 'maintain', 'admin' "
                        "(or 'pull', 'push') or a role declared under custom_roles",
                        at="value",
                    )
                )
    _check_parent_cycles(declared, source_map, findings)


def _check_parent_cycles(declared: Declared, source_map: SourceMap, findings: Findings) -> None:
    parents = {
        name: team["parent"]
        for name, team in declared.teams.items()
        if isinstance(team, dict) and isinstance(team.get("parent"), str) and team["parent"] in declared.teams
    }
    reported: set[str] = set()
    for start in sorted(parents):
        chain: list[str] = []
        current: str | None = start
        while current is not None and current not in chain and current not in reported:
            chain.append(current)
            current = parents.get(current)
        if current is None or current in reported:
            reported.update(chain)
            continue
        cycle = chain[chain.index(current) :]
        reported.update(chain)
        first = min(cycle)
        ordered = cycle[cycle.index(first) :] + cycle[: cycle.index(first)]
        findings.errors.append(
            source_map.problem(
                ("teams", first, "parent"),
                f"team parents form a cycle: {' -> '.join([*ordered, first])}",
            )
        )


def _check_bots(
    document: dict[str, Any], declared: Declared, source_map: SourceMap, findings: Findings
) -> None:
    for login, bot in as_mapping(document.get("bots")).items():
        if not isinstance(bot, dict):
            continue
        for index, team in enumerate(as_list(bot.get("teams"))):
            if isinstance(team, str) and not declared.has_team(team):
                findings.errors.append(
                    source_map.problem(
                        ("bots", login, "teams", index), unknown_name("team", team, declared.teams)
                    )
                )


def _check_renames(
    kind: str, entries: dict[str, Any], section: ConfigPath, source_map: SourceMap, findings: Findings
) -> None:
    claimed: dict[str, str] = {}
    for name, entry in entries.items():
        if not isinstance(entry, dict):
            continue
        for index, old_name in enumerate(as_list(entry.get("previously"))):
            if not isinstance(old_name, str):
                continue
            where = (*section, name, "previously", index)
            if old_name in entries and old_name != name:
                findings.errors.append(
                    source_map.problem(
                        where,
                        f"'{old_name}' is listed in previously of {kind} '{name}' "
                        f"but is also declared as a {kind}",
                    )
                )
            elif old_name in claimed and claimed[old_name] != name:
                findings.errors.append(
                    source_map.problem(
                        where,
                        f"'{old_name}' is listed in previously of both {kind} "
                        f"'{claimed[old_name]}' and '{name}'",
                    )
                )
            else:
                claimed.setdefault(old_name, name)


def _check_repository(
    name: str, repository: dict[str, Any], declared: Declared, source_map: SourceMap, findings: Findings
) -> None:
    path = ("repositories", name)
    default_branch = repository.get("default_branch")
    known_branches = {
        *as_strings(repository.get("branches")),
        default_branch if isinstance(default_branch, str) else "main",
    }
    for branch, protection in as_mapping(repository.get("branch_protection")).items():
        # A pattern (``release/*``) protects whatever matches it; only a named branch must exist.
        if isinstance(branch, str) and branch not in known_branches and not is_branch_pattern(branch):
            findings.warnings.append(
                source_map.problem(
                    (*path, "branch_protection", branch),
                    f"branch '{branch}' is neither the default branch nor listed in branches of '{name}': "
                    "GitHub can only protect an existing branch",
                    at="key",
                )
            )
        if not isinstance(protection, dict):
            continue
        for allowance in ALLOWANCE_KEYS:
            teams = as_mapping(protection.get(allowance)).get("teams")
            for index, team in enumerate(as_list(teams)):
                if isinstance(team, str) and not declared.has_team(team):
                    findings.errors.append(
                        source_map.problem(
                            (*path, "branch_protection", branch, allowance, "teams", index),
                            unknown_name("team", team, declared.teams),
                        )
                    )
    for ruleset_name, ruleset in as_mapping(repository.get("rulesets")).items():
        check_ruleset(
            (*path, "rulesets", ruleset_name), ruleset, declared, source_map, findings, organization=False
        )
