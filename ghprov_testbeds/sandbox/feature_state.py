"""Settings GitHub keeps beside an organisation's people and code: Actions settings and variables, custom
properties, environments, Pages, security features, organisation roles (custom ones and who holds
them) and security-manager teams.

``GitHubState.features`` holds one ``FeatureData``; it is saved and loaded with the rest of the state.
Everything starts as GitHub's answer for "nothing configured", so a client reading a fresh organisation
sees what it would see on GitHub. Values are stored in the shape GitHub's API uses for them (API field
names), so that turning one into a managed kind later only adds writers, not a translation layer.
Repository-keyed maps use the lower-cased repository name, as ``GitHubState.repositories`` does.
Mutate only while holding ``state.lock``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeVar

T = TypeVar("T", "OrganizationFeatures", "RepositoryFeatures")

# GitHub's defaults (REST reference for each endpoint; the "nothing configured" answers).
DEFAULT_FORK_PR_APPROVAL = "first_time_contributors_new_to_github"
SECURITY_AND_ANALYSIS = (
    "advanced_security",
    "secret_scanning",
    "secret_scanning_push_protection",
    "dependabot_security_updates",
)


def _default_selected_actions() -> dict[str, Any]:
    return {"github_owned_allowed": True, "verified_allowed": False, "patterns_allowed": []}


def _default_repository_actions() -> dict[str, Any]:
    return {"enabled": True, "allowed_actions": "all"}


def _default_code_scanning() -> dict[str, Any]:
    return {
        "state": "not-configured",
        "languages": [],
        "runner_type": None,
        "runner_label": None,
        "query_suite": "default",
        "threat_model": "remote",
        "updated_at": None,
        "schedule": None,
    }


@dataclass
class RepositoryFeatures:
    """One repository's settings outside the repository object itself."""

    # property name → value (a string, or a list for multi_select); unset properties are absent.
    custom_properties: dict[str, str | list[str]] = field(default_factory=dict)
    actions_permissions: dict[str, Any] = field(default_factory=_default_repository_actions)
    selected_actions: dict[str, Any] = field(default_factory=_default_selected_actions)
    fork_pr_contributor_approval: str = DEFAULT_FORK_PR_APPROVAL
    # variable name → {name, value, created_at, updated_at}
    variables: dict[str, dict[str, Any]] = field(default_factory=dict)
    # environment name → {id, node_id, name, created_at, updated_at, protection_rules,
    # deployment_branch_policy}
    environments: dict[str, dict[str, Any]] = field(default_factory=dict)
    # environment name → its custom deployment branch policies ({id, node_id, name, type}), its
    # secrets (name, dates and the value's SHA-256 only) and its variables (as ``variables``).
    environment_branch_policies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    environment_secrets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    environment_variables: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    # None: no Pages site (GET …/pages answers 404, as documented); else the page object's settings.
    pages: dict[str, Any] | None = None
    vulnerability_alerts: bool = False
    immutable_releases: bool = False
    code_scanning_default_setup: dict[str, Any] = field(default_factory=_default_code_scanning)
    # Deploy keys as GitHub's deploy-key object (id, key, title, read_only, …), in creation order.
    deploy_keys: list[dict[str, Any]] = field(default_factory=list)
    # Who outside this private repository may use its actions (``…/actions/permissions/access``).
    actions_access_level: str = "none"
    # feature → "enabled"/"disabled", as ``security_and_analysis`` reports it (admins only).
    security_and_analysis: dict[str, str] = field(
        default_factory=lambda: dict.fromkeys(SECURITY_AND_ANALYSIS, "disabled")
    )
    private_vulnerability_reporting: bool = False
    # Pending repository invitations: {id, node_id, invitee, inviter (logins), permissions, created_at}.
    invitations: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class OrganizationFeatures:
    """The organisation's settings of the same families."""

    fork_pr_contributor_approval: str = DEFAULT_FORK_PR_APPROVAL
    selected_actions: dict[str, Any] = field(default_factory=_default_selected_actions)
    # variable name → {name, value, visibility, created_at, updated_at, selected_repository_ids}
    variables: dict[str, dict[str, Any]] = field(default_factory=dict)
    # property name → the custom-property definition (property_name, value_type, required, …)
    custom_properties: dict[str, dict[str, Any]] = field(default_factory=dict)
    security_manager_team_ids: list[int] = field(default_factory=list)
    # Organisation role id (as text, JSON keys are strings) → logins holding it directly. Teams holding
    # a role are in ``organization_role_team_ids``; security_manager teams stay in the list above.
    organization_role_users: dict[str, list[str]] = field(default_factory=dict)
    organization_role_team_ids: dict[str, list[int]] = field(default_factory=dict)
    # Custom organisation roles (Enterprise Cloud), as GitHub shows them less ``organization`` and
    # ``source``: {id, name, description, base_role, permissions, created_at, updated_at}.
    custom_organization_roles: list[dict[str, Any]] = field(default_factory=list)
    # Team id (as text) → the IdP groups mapped to it (group_id, group_name, group_description).
    team_sync: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    # Repositories Actions may run on when ``enabled_repositories`` is ``selected``.
    actions_selected_repository_ids: list[int] = field(default_factory=list)
    # ``enabled_repositories`` of ``…/actions/permissions/self-hosted-runners``.
    self_hosted_runners: str = "all"
    # Runner group id (as text) → the repositories it serves when its visibility is ``selected``.
    runner_group_repository_ids: dict[str, list[int]] = field(default_factory=dict)
    # Code security configurations as GitHub shows them, plus ``default_for_new_repos`` and the
    # attached ``repository_ids`` (kept out of the configuration's JSON).
    code_security_configurations: list[dict[str, Any]] = field(default_factory=list)
    # GitHub's SSH host keys as ``GET /meta`` lists them, generated once per state (rest_meta.py).
    ssh_host_keys: list[str] = field(default_factory=list)


@dataclass
class FeatureData:
    """The organisation's and every repository's feature settings."""

    organization: OrganizationFeatures = field(default_factory=OrganizationFeatures)
    repositories: dict[str, RepositoryFeatures] = field(default_factory=dict)

    def repository(self, name: str) -> RepositoryFeatures:
        """A repository's settings, created with GitHub's defaults on first use."""
        return self.repositories.setdefault(name.lower(), RepositoryFeatures())

    def rename_repository(self, old: str, new: str) -> None:
        """GitHub keeps settings with the repository through a rename."""
        if old.lower() in self.repositories:
            self.repositories[new.lower()] = self.repositories.pop(old.lower())

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> FeatureData:
        """Read ``to_json`` back; keys missing from older saved states keep their defaults."""
        return cls(
            organization=_known(OrganizationFeatures, document.get("organization", {})),
            repositories={
                name: _known(RepositoryFeatures, values)
                for name, values in document.get("repositories", {}).items()
            },
        )


def _known(kind: type[T], values: dict[str, Any]) -> T:
    names = {f.name for f in fields(kind)}
    return kind(**{key: value for key, value in values.items() if key in names})
