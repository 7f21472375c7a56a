"""Import of Actions secrets and variables: organisation sections, and the warnings secrets need.

GitHub never returns a secret's value, so every imported secret is written with a placeholder
reference (``env:GHPROV_SECRET_…``, from the live model) and a warning saying which variable to set,
or which reference to write instead, before the config can be planned. No value is ever read here.
"""

from __future__ import annotations

from typing import Any

from ghprov.importer.entries import sorted_data
from ghprov.importer.options import ImportOptions, Warnings
from ghprov.model import Organization, Repository

PLACEHOLDER = "GitHub never returns a secret's value: set {reference} or write a reference of your own"


def organization_sections(state: Organization, options: ImportOptions) -> dict[str, Any]:
    """``actions_secrets`` and ``actions_variables`` of the organisation document (with ``settings``)."""
    if not options.wants("settings"):
        return {}
    sections: dict[str, Any] = {}
    for name in ("actions_secrets", "actions_variables"):
        entries = getattr(state, name)
        if entries:
            sections[name] = {
                key: sorted_data(entry.model_dump(mode="json", exclude_defaults=True))
                for key, entry in sorted(entries.items())
            }
    return sections


def secret_warnings(state: Organization, repositories: dict[str, Repository], warnings: Warnings) -> None:
    """One warning per imported secret, naming the placeholder to fill in."""
    for name, secret in sorted(state.actions_secrets.items()):
        warnings.add(f"actions_secrets/{name}", PLACEHOLDER.format(reference=secret.value))
    for repo, repository in sorted(repositories.items()):
        for name, repo_secret in sorted(repository.actions_secrets.items()):
            where = f"repositories/{repo}/actions_secrets/{name}"
            warnings.add(where, PLACEHOLDER.format(reference=repo_secret.value))
        for environment, declared in sorted(repository.environments.items()):
            for name, env_secret in sorted(declared.secrets.items()):
                where = f"repositories/{repo}/environments/{environment}/secrets/{name}"
                warnings.add(where, PLACEHOLDER.format(reference=env_secret.value))
