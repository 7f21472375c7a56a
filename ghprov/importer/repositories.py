"""Repositories → ``defaults.repository`` plus each repository's own differences from it.

A setting shared by most repositories (and not GitHub's default) moves into ``defaults.repository``;
a repository whose value differs then states its own value, even when that is GitHub's default,
because ``defaults`` would otherwise give it the shared one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from ghprov.importer.entries import protection_data, ruleset_data, sorted_data
from ghprov.importer.github_defaults import REPOSITORY_DEFAULTS, is_default
from ghprov.model import Repository
from ghprov.model.actions_settings import NEW_REPOSITORY_ACTIONS
from ghprov.model.base import Model
from ghprov.model.repositories import NOT_SETTINGS
from ghprov.model.security_features import NEW_REPOSITORY_SECURITY

# Settings worth sharing. Descriptions and homepages are per repository by nature, topics are lists
# (a repository's list would replace the default, not extend it) and archiving one repository must
# never be inherited by another.
SHAREABLE: tuple[str, ...] = (
    "visibility",
    "default_branch",
    "allow_merge_commit",
    "allow_squash_merge",
    "allow_rebase_merge",
    "allow_auto_merge",
    "allow_update_branch",
    "delete_branch_on_merge",
    "has_issues",
    "has_projects",
    "has_wiki",
)
_MISSING = object()
# Repository fields holding resources of their own kinds that need no special import treatment
# (protections and rulesets have theirs; branches are chosen; previously is history, not state).
NESTED_KINDS: tuple[str, ...] = tuple(
    sorted(NOT_SETTINGS - {"branches", "branch_protection", "rulesets", "previously"})
)


@dataclass(frozen=True)
class RepositorySection:
    """``defaults.repository`` (possibly empty) and every repository's entry."""

    defaults: dict[str, Any]
    repositories: dict[str, dict[str, Any]]


def known_settings(repository: Repository) -> dict[str, Any]:
    """The scalar settings that were read with a value (unseen settings, and null ones, are absent).

    A null value (an empty repository has no default branch) is left out rather than written as null.
    """
    values = {name: value for name, value in repository.settings().items() if value is not None}
    if "topics" in values:
        values["topics"] = list(values["topics"] or ())
    return values


def shared_defaults(settings: list[dict[str, Any]]) -> dict[str, Any]:
    """The settings most repositories share: held by a majority, at least two, and not GitHub's default.

    A setting unknown for any repository is never shared: ``defaults`` would make it managed there.
    """
    shared: dict[str, Any] = {}
    for name in SHAREABLE:
        values = [repository.get(name, _MISSING) for repository in settings]
        if not values or any(value is _MISSING for value in values):
            continue
        counts = Counter(values)
        # Ties are broken by the value's text, so the choice never depends on reading order.
        value, count = min(counts.items(), key=lambda item: (-item[1], repr(item[0])))
        if count >= 2 and 2 * count > len(values) and not is_default(REPOSITORY_DEFAULTS, name, value):
            shared[name] = value
    return shared


def repository_entry(
    repository: Repository, settings: dict[str, Any], shared: dict[str, Any]
) -> dict[str, Any]:
    """One repository: what differs from ``shared`` (or, where nothing is shared, from GitHub's defaults)."""
    entry: dict[str, Any] = {}
    for name, value in settings.items():
        if name in shared:
            if value != shared[name]:
                entry[name] = value
        elif not is_default(REPOSITORY_DEFAULTS, name, value):
            entry[name] = value
    branches = extra_branches(repository)
    if branches:
        entry["branches"] = branches
    if repository.branch_protection:
        entry["branch_protection"] = {
            branch: protection_data(protection)
            for branch, protection in sorted(repository.branch_protection.items())
        }
    for name in NESTED_KINDS:
        single = getattr(repository, name)
        if isinstance(single, Model):
            # One value per repository (actions, security): its model, minus a new repository's values.
            data = without_defaults(single, NEW_REPOSITORY_VALUES.get(name, {}))
            if data:
                entry[name] = data
            continue
        # Kinds kept under a repository are written as their models are, minus GitHub's defaults;
        # plain values (a collaborator's role, a property's value) as they are.
        values: dict[str, Model | str | tuple[str, ...]] = getattr(repository, name)
        if values:
            entry[name] = {key: _nested_data(value) for key, value in sorted(values.items())}
    if repository.rulesets:
        entry["rulesets"] = {
            name: ruleset_data(ruleset) for name, ruleset in sorted(repository.rulesets.items())
        }
    # Sorted at this level only: nested values come sorted (a bypass actor reads "actor, then mode").
    return {name: entry[name] for name in sorted(entry)}


# What a new repository has for the kinds that are one value per repository.
NEW_REPOSITORY_VALUES: dict[str, dict[str, Any]] = {
    "actions": NEW_REPOSITORY_ACTIONS,
    "security": NEW_REPOSITORY_SECURITY,
}


def without_defaults(value: Model, defaults: dict[str, Any]) -> dict[str, Any]:
    """``value``'s data without the fields that equal GitHub's value for something new."""
    data = value.model_dump(mode="json", exclude_defaults=True)
    kept: dict[str, Any] = sorted_data(
        {key: item for key, item in data.items() if defaults.get(key, ...) != item}
    )
    return kept


def _nested_data(value: Model | str | tuple[str, ...]) -> Any:
    if isinstance(value, Model):
        return sorted_data(value.model_dump(mode="json", exclude_defaults=True))
    return list(value) if isinstance(value, tuple) else value


def extra_branches(repository: Repository) -> list[str]:
    """Existing branches besides the default one that protections or rulesets name.

    Other branches (feature branches) are not configuration; a protected branch that does not exist is
    left out too, or applying the import would create it.
    """
    named = set(repository.branch_protection)
    for ruleset in repository.rulesets.values():
        condition = ruleset.conditions.get("ref_name")
        includes = condition.get("include", ()) if isinstance(condition, dict) else ()
        named.update(
            ref.removeprefix("refs/heads/") for ref in includes if str(ref).startswith("refs/heads/")
        )
    existing = set(repository.branches)
    return sorted((named & existing) - {repository.default_branch or REPOSITORY_DEFAULTS["default_branch"]})


def repository_section(repositories: dict[str, Repository]) -> RepositorySection:
    """Shared defaults and per-repository entries for the selected repositories."""
    settings = {name: known_settings(repository) for name, repository in repositories.items()}
    shared = shared_defaults([settings[name] for name in sorted(settings)])
    entries = {
        name: repository_entry(repositories[name], settings[name], shared) for name in sorted(repositories)
    }
    return RepositorySection(defaults=sorted_data(shared), repositories=entries)
