"""Import of Actions secrets, variables and webhooks: organisation sections, and the warnings secrets need.

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
    """``actions_secrets``, ``actions_variables`` and ``webhooks`` of the organisation document (with
    ``settings``); repositories' own are written with the repositories (``NESTED_KINDS``)."""
    if not options.wants("settings"):
        return {}
    sections: dict[str, Any] = {}
    for name in ("actions_secrets", "actions_variables", "dependabot_secrets", "webhooks"):
        entries = getattr(state, name)
        if entries:
            sections[name] = {
                key: sorted_data(entry.model_dump(mode="json", exclude_defaults=True))
                for key, entry in sorted(entries.items())
            }
    return sections


def secret_warnings(state: Organization, repositories: dict[str, Repository], warnings: Warnings) -> None:
    """One warning per imported secret, naming the placeholder to fill in."""
    for section in ("actions_secrets", "dependabot_secrets"):
        for name, secret in sorted(getattr(state, section).items()):
            warnings.add(f"{section}/{name}", PLACEHOLDER.format(reference=secret.value))
    for url, hook in sorted(state.webhooks.items()):
        if hook.secret is not None:
            warnings.add(f"webhooks/{url}", PLACEHOLDER.format(reference=hook.secret))
    for repo, repository in sorted(repositories.items()):
        for section in ("actions_secrets", "dependabot_secrets"):
            for name, repo_secret in sorted(getattr(repository, section).items()):
                where = f"repositories/{repo}/{section}/{name}"
                warnings.add(where, PLACEHOLDER.format(reference=repo_secret.value))
        for url, repo_hook in sorted(repository.webhooks.items()):
            if repo_hook.secret is not None:
                warnings.add(
                    f"repositories/{repo}/webhooks/{url}", PLACEHOLDER.format(reference=repo_hook.secret)
                )
        for environment, declared in sorted(repository.environments.items()):
            for name, env_secret in sorted(declared.secrets.items()):
                where = f"repositories/{repo}/environments/{environment}/secrets/{name}"
                warnings.add(where, PLACEHOLDER.format(reference=env_secret.value))
