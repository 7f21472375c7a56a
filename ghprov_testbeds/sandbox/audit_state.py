"""What the emulated GitHub knows only for audits: 2FA, direct collaborators, the organisation audit log,
Actions settings, webhooks, secrets, runner groups and repository files.

``GitHubState.audit`` holds one ``AuditData``; it is saved and loaded with the rest of the state.
Repository-keyed maps use the lower-cased repository name, as ``GitHubState.repositories`` does.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


def _default_actions_permissions() -> dict[str, Any]:
    # GitHub's defaults for a new organisation.
    return {"enabled_repositories": "all", "allowed_actions": "all"}


def _default_runner_groups() -> list[dict[str, Any]]:
    # Every organisation has GitHub's ``Default`` group (id 1), which cannot be deleted or renamed.
    return [
        {
            "id": 1,
            "name": "Default",
            "visibility": "all",
            "allows_public_repositories": False,
            "default": True,
        }
    ]


def _default_workflow_permissions() -> dict[str, Any]:
    return {"default_workflow_permissions": "read", "can_approve_pull_request_reviews": False}


@dataclass
class AuditData:
    """Audit-only facts; mutate while holding ``state.lock``."""

    two_factor_disabled: set[str] = field(default_factory=set)
    # repository → login → role name granted to the user on the repository itself
    collaborators: dict[str, dict[str, str]] = field(default_factory=dict)
    # Events as ``GET /orgs/{org}/audit-log`` returns them, oldest first.
    audit_log: list[dict[str, Any]] = field(default_factory=list)
    actions_permissions: dict[str, Any] = field(default_factory=_default_actions_permissions)
    workflow_permissions: dict[str, Any] = field(default_factory=_default_workflow_permissions)
    hooks: list[dict[str, Any]] = field(default_factory=list)
    secrets: list[dict[str, Any]] = field(default_factory=list)
    runner_groups: list[dict[str, Any]] = field(default_factory=_default_runner_groups)
    repository_workflow: dict[str, dict[str, Any]] = field(default_factory=dict)
    repository_hooks: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    repository_secrets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Secrets public keys by scope (``org``, ``repo:<name>``): key_id, key and the sandbox's own
    # private key, which opens what clients seal (``rest_secrets``). Never a secret's value.
    secret_keys: dict[str, dict[str, str]] = field(default_factory=dict)
    # Dependabot secrets, as ``secrets`` and ``repository_secrets`` (``rest_dependabot_secrets``).
    dependabot_secrets: list[dict[str, Any]] = field(default_factory=list)
    repository_dependabot_secrets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # repository → path → file text
    files: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A JSON document (the 2FA set as a sorted list)."""
        document = asdict(self)
        document["two_factor_disabled"] = sorted(self.two_factor_disabled)
        return document

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> AuditData:
        """Read ``to_json`` back; keys missing from older saved states keep their defaults."""
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in document.items() if key in known}
        if "two_factor_disabled" in values:
            values["two_factor_disabled"] = set(values["two_factor_disabled"])
        return cls(**values)

    def rename_repository(self, old: str, new: str) -> None:
        """Carry every repository-keyed fact over to the new name (GitHub keeps them with the repository)."""
        keyed: list[dict[str, Any]] = [
            self.collaborators,
            self.repository_workflow,
            self.repository_hooks,
            self.repository_secrets,
            self.repository_dependabot_secrets,
            self.files,
        ]
        for mapping in keyed:
            if old.lower() in mapping:
                mapping[new.lower()] = mapping.pop(old.lower())
