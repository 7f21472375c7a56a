"""A live organisation → the files of a configuration directory (as YAML documents) and the warnings.

Layout: ``org.yaml`` (organisation, settings, members, bots, custom roles, organisation rulesets),
``teams.yaml`` and ``repositories.yaml`` (``defaults`` and repositories; large organisations get one
extra file per initial letter). Everything is sorted, so the same organisation gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ghprov.importer.entries import custom_role_data, ruleset_data, settings_data, sorted_data, team_data
from ghprov.importer.github_defaults import PRIVATE_SETTINGS
from ghprov.importer.options import ImportOptions, ImportWarning, Warnings
from ghprov.importer.people import People, collect_people, team_people
from ghprov.importer.references import referenced_names
from ghprov.importer.repositories import repository_section, without_defaults
from ghprov.importer.runner_groups import runner_groups_data
from ghprov.importer.secrets import organization_sections, secret_warnings
from ghprov.importer.yaml_output import YamlDocument, render
from ghprov.model import LiveOrganization, Organization, Repository
from ghprov.model.actions_settings import NEW_ORGANIZATION_ACTIONS

# Above this many repositories, repositories are split into one file per initial letter.
REPOSITORIES_PER_FILE = 100


@dataclass(frozen=True)
class ImportedConfig:
    """File name → YAML text, and everything the files do not express."""

    files: dict[str, str]
    warnings: tuple[ImportWarning, ...]


def header(organization: str, what: str) -> tuple[str, ...]:
    return (
        f"{what} of the GitHub organisation {organization}, imported by `ghprov import`.",
        "Settings equal to GitHub's defaults are left out; anything not listed is not managed.",
        "See docs/import.md and docs/configuration.md.",
    )


def build_config(live: LiveOrganization, options: ImportOptions) -> ImportedConfig:
    """The configuration that describes ``live`` (within ``options``), rendered as YAML files."""
    warnings = Warnings()
    state = live.state
    repositories = {
        name: repository
        for name, repository in state.repositories.items()
        if options.selects_repository(name)
    }
    _unknown_warnings(live, options, warnings)
    secret_warnings(state, repositories, warnings)
    people = collect_people(live, options, warnings)
    documents = {"org.yaml": _organization_document(live, options, repositories, people)}
    if (options.wants("teams") and state.teams) or _stub_teams(state, options, repositories):
        documents["teams.yaml"] = _teams_document(state, options, repositories, people)
    documents.update(_repository_documents(state, options, repositories))
    _comment_warnings(documents, warnings)
    return ImportedConfig(
        files={name: render(document) for name, document in sorted(documents.items())},
        warnings=tuple(warnings.sorted()),
    )


def _unknown_warnings(live: LiveOrganization, options: ImportOptions, warnings: Warnings) -> None:
    """Every part of the live state the token could not see or the model cannot express."""
    for unknown in live.unknowns:
        parts = unknown.path.split("/")
        if parts[0] == "repositories" and len(parts) > 1 and not options.selects_repository(parts[1]):
            continue
        warnings.add(unknown.path, f"not imported: {unknown.reason}")
    settings = live.state.settings
    if settings is not None and options.wants("settings"):
        for name, reason in PRIVATE_SETTINGS.items():
            if getattr(settings, name) not in (None, ""):
                warnings.add(f"settings/{name}", f"not imported: {reason}")


def _organization_document(
    live: LiveOrganization, options: ImportOptions, repositories: dict[str, Repository], people: People
) -> YamlDocument:
    state = live.state
    data: dict[str, Any] = {"organization": state.organization}
    document = YamlDocument(data, header=header(state.organization, "Settings, people, roles and rulesets"))
    if options.wants("settings") and state.settings is not None:
        settings = settings_data(state.settings)
        if settings:
            data["settings"] = settings
    if options.wants("settings") and state.actions is not None:
        actions = without_defaults(state.actions, NEW_ORGANIZATION_ACTIONS)
        if actions:
            data["actions"] = actions
    data.update(organization_sections(state, options))
    groups = runner_groups_data(state.runner_groups)
    if options.wants("settings") and groups:
        data["runner_groups"] = groups
    if options.wants("settings") and state.code_security_configurations:
        data["code_security_configurations"] = {
            name: sorted_data(configuration.model_dump(mode="json", exclude_defaults=True))
            for name, configuration in sorted(state.code_security_configurations.items())
        }
    if options.wants("members") and state.members is not None:
        data["members"] = people.members_data()
        if not people.bots:
            document.comment(
                ("members",), "Bots are members too: `ghprov import --bot LOGIN` declares them under bots."
            )
    if people.bots and (options.wants("members") or options.wants("teams")):
        data["bots"] = {login: {"teams": teams} if teams else {} for login, teams in people.bots.items()}
    references = referenced_names(state, options, repositories)
    roles = sorted(
        set(state.custom_roles)
        if options.wants("custom_roles")
        else references.custom_roles & set(state.custom_roles)
    )
    if roles:
        data["custom_roles"] = {name: custom_role_data(state.custom_roles[name]) for name in roles}
    if options.wants("settings") and state.app_installations:
        data["app_installations"] = {
            app: {"repositories": list(installation.selected) if installation.selected is not None else "all"}
            for app, installation in sorted(state.app_installations.items())
        }
    held = {
        role: holders for role, holders in sorted(state.organization_roles.items()) if holders.principals()
    }
    if options.wants("members") and held:
        # Teams by the names the import gives them (GitHub's role endpoints name them by slug).
        names = {ref.slug: name for name, ref in live.ids.teams.items()}
        data["organization_roles"] = {
            role: sorted_data(
                {
                    key: value
                    for key, value in (
                        ("teams", [names.get(slug, slug) for slug in holders.teams]),
                        ("users", list(holders.users)),
                    )
                    if value
                }
            )
            for role, holders in held.items()
        }
    properties = _custom_properties(state, options, repositories)
    if properties:
        data["custom_properties"] = properties
    if options.wants("rulesets") and state.rulesets:
        data["rulesets"] = {name: ruleset_data(ruleset) for name, ruleset in sorted(state.rulesets.items())}
    return document


def _custom_properties(
    state: Organization, options: ImportOptions, repositories: dict[str, Repository]
) -> dict[str, Any]:
    """Every definition with ``custom_properties`` wanted; else those the imported values need."""
    names = set(state.custom_properties)
    if not options.wants("custom_properties"):
        used = {name for repository in repositories.values() for name in repository.properties}
        names &= used if options.wants("repositories") else set()
    # ``value_type`` has no default, so it is always written; GitHub's defaults are left out.
    return {
        name: sorted_data(state.custom_properties[name].model_dump(mode="json", exclude_defaults=True))
        for name in sorted(names)
    }


def _stub_teams(state: Organization, options: ImportOptions, repositories: dict[str, Repository]) -> set[str]:
    """Teams to declare without settings, only because something imported names them."""
    if options.wants("teams"):
        return set()
    return referenced_names(state, options, repositories).teams & set(state.teams)


def _teams_document(
    state: Organization, options: ImportOptions, repositories: dict[str, Repository], people: People
) -> YamlDocument:
    teams: dict[str, Any] = {}
    document = YamlDocument({"teams": teams}, header=header(state.organization, "Teams"))
    if options.wants("teams"):
        for name in sorted(state.teams):
            team = state.teams[name]
            grants = {repo: role for repo, role in team.repositories.items() if repo in repositories}
            maintainers, members = team_people(team, people.bots)
            teams[name] = team_data(team, grants, maintainers, members)
    else:
        for name in sorted(_stub_teams(state, options, repositories)):
            teams[name] = {}
        document.comment(
            ("teams",),
            "Declared only because imported entries name them (--only): their settings are not managed.",
        )
    return document


def _repository_documents(
    state: Organization, options: ImportOptions, repositories: dict[str, Repository]
) -> dict[str, YamlDocument]:
    if options.wants("repositories"):
        section = repository_section(repositories)
        defaults, entries = section.defaults, section.repositories
    else:
        names = referenced_names(state, options, repositories).repositories & set(repositories)
        if not names:
            return {}
        defaults, entries = {}, {name: {} for name in sorted(names)}
    title = header(state.organization, "Repositories")
    main = YamlDocument({}, header=title)
    if defaults:
        main.data["defaults"] = {"repository": defaults}
        main.comment(("defaults",), "Shared by most repositories below; a repository's own value wins.")
    if not options.wants("repositories"):
        main.data["repositories"] = entries
        main.comment(
            ("repositories",),
            "Declared only because imported entries name them (--only): settings not managed.",
        )
        return {"repositories.yaml": main}
    groups = _groups(entries)
    if len(groups) == 1:
        main.data["repositories"] = entries
        _comment_repositories(main, entries, state)
        return {"repositories.yaml": main}
    documents = {"repositories.yaml": main} if defaults else {}
    for group, members in groups.items():
        document = YamlDocument({"repositories": {name: entries[name] for name in members}}, header=title)
        _comment_repositories(document, document.data["repositories"], state)
        documents[f"repositories-{group}.yaml"] = document
    return documents


def _groups(entries: dict[str, Any]) -> dict[str, list[str]]:
    if len(entries) <= REPOSITORIES_PER_FILE:
        return {"": sorted(entries)}
    groups: dict[str, list[str]] = {}
    for name in sorted(entries):
        initial = name[:1].lower()
        groups.setdefault(initial if initial.isalnum() else "other", []).append(name)
    return groups


def _comment_repositories(document: YamlDocument, entries: dict[str, Any], state: Organization) -> None:
    for name in entries:
        if state.repositories[name].archived:
            document.comment(
                ("repositories", name), "Archived: GitHub refuses changes to it until it is unarchived."
            )


def _comment_warnings(documents: dict[str, YamlDocument], warnings: Warnings) -> None:
    """Put each warning about a team or repository next to its entry, so a reader sees what is missing."""
    for document in documents.values():
        for section in ("teams", "repositories"):
            for name in document.data.get(section, {}):
                prefix = f"{section}/{name}"
                for warning in warnings.under(prefix):
                    detail = warning.path.removeprefix(prefix).lstrip("/")
                    document.comment((section, name), f"warning: {detail or name}: {warning.reason}")
