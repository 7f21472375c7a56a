"""Evidence: the REST path and JSON pointer of a live value, or the config position of a declared one.

Live values are mostly read through GraphQL; the evidence names the documented REST endpoint that
shows the same value, so an auditor can verify it with one ``GET``. Ruleset rules are selected by
type (``/rules[type=pull_request]/…``) because GitHub does not promise an order for them.
"""

from __future__ import annotations

from typing import Protocol

from ghprov.audit.findings import Evidence
from ghprov.config import SourceMap
from ghprov.model import ResourceIds, team_slug

# Classic protection: model field → JSON pointer in GET …/branches/{branch}/protection.
PROTECTION_POINTERS: dict[str, str] = {
    "": "",
    "required_approving_review_count": "/required_pull_request_reviews/required_approving_review_count",
    "dismiss_stale_reviews": "/required_pull_request_reviews/dismiss_stale_reviews",
    "require_code_owner_reviews": "/required_pull_request_reviews/require_code_owner_reviews",
    "require_last_push_approval": "/required_pull_request_reviews/require_last_push_approval",
    "dismissal_restrictions": "/required_pull_request_reviews/dismissal_restrictions",
    "bypass_pull_request_allowances": "/required_pull_request_reviews/bypass_pull_request_allowances",
    "required_status_checks": "/required_status_checks/contexts",
    "required_status_checks.strict": "/required_status_checks/strict",
    "enforce_admins": "/enforce_admins/enabled",
    "required_signatures": "/required_signatures/enabled",
    "required_linear_history": "/required_linear_history/enabled",
    "allow_force_pushes": "/allow_force_pushes/enabled",
    "allow_deletions": "/allow_deletions/enabled",
    "required_conversation_resolution": "/required_conversation_resolution/enabled",
    "restrictions": "/restrictions",
}

# Classic protection settings REST does not show: model field → GraphQL ``BranchProtectionRule`` field.
GRAPHQL_PROTECTION_FIELDS: dict[str, str] = {
    "bypass_force_push_allowances": "bypassForcePushAllowances",
    "required_deployments": "requiredDeploymentEnvironments",
}


class Locator(Protocol):
    """Where a value of the audited organisation can be seen."""

    def setting(self, name: str) -> Evidence: ...

    def members(self) -> Evidence: ...

    def team(self, team: str, field: str = "") -> Evidence: ...

    def team_repository(self, team: str, repo: str) -> Evidence: ...

    def repository(self, repo: str, field: str = "") -> Evidence: ...

    def protection(self, repo: str, branch: str, field: str = "") -> Evidence: ...

    def ruleset(self, repo: str | None, name: str, pointer: str = "") -> Evidence: ...

    def custom_role(self, name: str) -> Evidence: ...

    def api(self, path: str, pointer: str = "") -> Evidence: ...

    def declared(self, *path: str) -> Evidence:
        """Where the config declares the value at ``path`` (its model path)."""
        ...


class LiveLocator:
    """REST paths and JSON pointers for a live organisation."""

    def __init__(self, org: str, ids: ResourceIds) -> None:
        self.org = org
        self.ids = ids
        # Evidence is immutable and many findings cite the same value: share one instance per place.
        self._seen: dict[tuple[str, str], Evidence] = {}

    def api(self, path: str, pointer: str = "") -> Evidence:
        key = (path, pointer)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = Evidence(source="api", location=f"GET {path}", pointer=pointer)
        return found

    def setting(self, name: str) -> Evidence:
        return self.api(f"/orgs/{self.org}", f"/{name}")

    def declared(self, *path: str) -> Evidence:
        # Only a config has declarations; a live read names the organisation.
        return self.api(f"/orgs/{self.org}", "/" + "/".join(path))

    def members(self) -> Evidence:
        return self.api(f"/orgs/{self.org}/members?role=admin")

    def _slug(self, team: str) -> str:
        ref = self.ids.teams.get(team)
        return ref.slug if ref else team_slug(team)

    def team(self, team: str, field: str = "") -> Evidence:
        if field in ("members", "maintainers"):
            return self.api(f"/orgs/{self.org}/teams/{self._slug(team)}/members")
        return self.api(f"/orgs/{self.org}/teams/{self._slug(team)}", f"/{field}" if field else "")

    def team_repository(self, team: str, repo: str) -> Evidence:
        return self.api(f"/orgs/{self.org}/teams/{self._slug(team)}/repos/{self.org}/{repo}", "/role_name")

    def repository(self, repo: str, field: str = "") -> Evidence:
        return self.api(f"/repos/{self.org}/{repo}", f"/{field}" if field else "")

    def protection(self, repo: str, branch: str, field: str = "") -> Evidence:
        graphql = GRAPHQL_PROTECTION_FIELDS.get(field)
        if graphql is not None:
            # GraphQL-only: the evidence names the query and the rule (by its pattern), as no GET shows it.
            key = (f"graphql {repo}", f"{branch} {graphql}")
            found = self._seen.get(key)
            if found is None:
                query = f'repository(owner: "{self.org}", name: "{repo}") branchProtectionRules'
                found = self._seen[key] = Evidence(
                    source="api",
                    location=f"POST /graphql {query}",
                    pointer=f"/nodes[pattern={branch}]/{graphql}",
                )
            return found
        pointer = PROTECTION_POINTERS.get(field, f"/{field}")
        return self.api(f"/repos/{self.org}/{repo}/branches/{branch}/protection", pointer)

    def ruleset(self, repo: str | None, name: str, pointer: str = "") -> Evidence:
        if repo is None:
            ident = self.ids.organization_rulesets.get(name)
            path = f"/orgs/{self.org}/rulesets/{ident if ident is not None else name}"
        else:
            ident = self.ids.repository_rulesets.get((repo, name))
            path = f"/repos/{self.org}/{repo}/rulesets/{ident if ident is not None else name}"
        return self.api(path, pointer)

    def custom_role(self, name: str) -> Evidence:
        ident = self.ids.custom_roles.get(name)
        return self.api(f"/orgs/{self.org}/custom-repository-roles/{ident if ident is not None else ''}")


class ConfigLocator:
    """file:line:column of the declaration (or of the nearest enclosing key that was written)."""

    def __init__(self, source_map: SourceMap) -> None:
        self.source_map = source_map

    def _at(self, *path: str | int) -> Evidence:
        location = self.source_map.locate(tuple(path))
        pointer = "/" + "/".join(str(part) for part in path)
        return Evidence(source="config", location=str(location), pointer=pointer)

    def api(self, path: str, pointer: str = "") -> Evidence:
        return Evidence(source="config", location=str(self.source_map.fallback), pointer=pointer)

    def setting(self, name: str) -> Evidence:
        return self._at("settings", name)

    def declared(self, *path: str) -> Evidence:
        return self._at(*path)

    def members(self) -> Evidence:
        return self._at("members", "owners")

    def team(self, team: str, field: str = "") -> Evidence:
        return self._at("teams", team, field) if field else self._at("teams", team)

    def team_repository(self, team: str, repo: str) -> Evidence:
        return self._at("teams", team, "repositories", repo)

    def repository(self, repo: str, field: str = "") -> Evidence:
        return self._at("repositories", repo, field) if field else self._at("repositories", repo)

    def protection(self, repo: str, branch: str, field: str = "") -> Evidence:
        name = field.split(".")[0]
        if name:
            return self._at("repositories", repo, "branch_protection", branch, name)
        return self._at("repositories", repo, "branch_protection", branch)

    def ruleset(self, repo: str | None, name: str, pointer: str = "") -> Evidence:
        base: tuple[str, ...] = (
            ("rulesets", name) if repo is None else ("repositories", repo, "rulesets", name)
        )
        top = pointer.strip("/").split("/")[0].split("[")[0] if pointer else ""
        evidence = self._at(*base, top) if top else self._at(*base)
        return Evidence(source="config", location=evidence.location, pointer="/" + "/".join(base) + pointer)

    def custom_role(self, name: str) -> Evidence:
        return self._at("custom_roles", name)
