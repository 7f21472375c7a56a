"""Actions secret and variable changes → ``PUT``/``POST``/``PATCH``/``DELETE`` under ``…/actions/``.

A secret's value goes out sealed: the body holds a ``SealedSecret`` and a ``PublicKeyId`` fact, which
the resolver fills at send time from one GET of the target's public key. An organisation secret whose
change does not send the value is PUT without one, which GitHub takes as "keep the value"; when only
its repository list changes, the list alone is PUT (``…/secrets/{name}/repositories``).
"""

from __future__ import annotations

from typing import Any

from ghprov.github.write.facts import PublicKeyId, ResourceId, SealedSecret
from ghprov.github.write.requests import Target, Unsupported, WriteRequest, Writes, path
from ghprov.model.actions_secrets import (
    OrganizationSecret,
    OrganizationVariable,
    RepositorySecret,
    VariableValue,
)
from ghprov.plan.changes import Action, Change, Kind, address
from ghprov.plan.kinds.actions_secrets import sends_value

# Deleting what is already gone reaches the change's goal.
GONE = frozenset({404})


def sealed(base: str, reference: str) -> dict[str, Any]:
    key = f"{base}/secrets/public-key"
    return {"encrypted_value": SealedSecret(key, reference), "key_id": PublicKeyId(key)}


def repository_id(target: Target, name: str) -> ResourceId:
    # Read with the organisation; a repository created by this apply is found by listing.
    return ResourceId(address(Kind.REPOSITORY, name), f"/orgs/{target.org}/repos", "name", name)


def _selected_ids(target: Target, names: tuple[str, ...]) -> list[ResourceId]:
    return [repository_id(target, name) for name in names]


def write_repository_secret(change: Change, target: Target, app: str = "actions") -> Writes:
    """Requests for a REPOSITORY_SECRET change (key: repository, name); ``app``: ``actions`` or
    ``dependabot``, whose secrets GitHub keeps apart under the same shapes."""
    repo, name = change.key
    base = f"/repos/{target.org}/{repo}/{app}"
    secret_path = path("repos", target.org, repo, app, "secrets", name)
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", secret_path, already_done=GONE)]
    if change.action in (Action.CREATE, Action.UPDATE):
        desired = change.desired_model(RepositorySecret)
        return [
            WriteRequest(
                "PUT", secret_path, sealed(base, desired.value), creates=change.action is Action.CREATE
            )
        ]
    return Unsupported("secrets are identified by name; declare the new name and prune the old one")


def write_organization_secret(change: Change, target: Target, app: str = "actions") -> Writes:
    """Requests for an ORGANIZATION_SECRET change (key: name); ``app`` as for repository secrets."""
    (name,) = change.key
    base = f"/orgs/{target.org}/{app}"
    secret_path = path("orgs", target.org, app, "secrets", name)
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", secret_path, already_done=GONE)]
    if change.action not in (Action.CREATE, Action.UPDATE):
        return Unsupported("secrets are identified by name; declare the new name and prune the old one")
    desired = change.desired_model(OrganizationSecret)
    current = change.current_model(OrganizationSecret)
    ids = _selected_ids(target, desired.selected_repositories)
    if _list_only(change, desired, current):
        # Only the repository list changed: GitHub's list endpoint replaces it, the secret is untouched.
        return [WriteRequest("PUT", (*secret_path, "repositories"), {"selected_repository_ids": ids})]
    body: dict[str, Any] = {"visibility": desired.visibility}
    if desired.visibility == "selected":
        body["selected_repository_ids"] = ids
    if change.action is Action.CREATE or sends_value(change):
        body.update(sealed(base, desired.value))
    return [WriteRequest("PUT", secret_path, body, creates=change.action is Action.CREATE)]


def _list_only(change: Change, desired: OrganizationSecret, current: OrganizationSecret | None) -> bool:
    """An UPDATE of a secret that stays ``selected`` whose value is not sent again."""
    return (
        change.action is Action.UPDATE
        and current is not None
        and current.visibility == desired.visibility == "selected"
        and not sends_value(change)
    )


def write_repository_dependabot_secret(change: Change, target: Target) -> Writes:
    """Requests for a REPOSITORY_DEPENDABOT_SECRET change (key: repository, name)."""
    return write_repository_secret(change, target, "dependabot")


def write_organization_dependabot_secret(change: Change, target: Target) -> Writes:
    """Requests for an ORGANIZATION_DEPENDABOT_SECRET change (key: name)."""
    return write_organization_secret(change, target, "dependabot")


def write_repository_variable(change: Change, target: Target) -> Writes:
    """Requests for a REPOSITORY_VARIABLE change (key: repository, name)."""
    repo, name = change.key
    variables = path("repos", target.org, repo, "actions", "variables")
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", (*variables, name), already_done=GONE)]
    desired = change.desired_model(VariableValue)
    if change.action is Action.CREATE:
        return [WriteRequest("POST", variables, {"name": name, "value": desired.value}, creates=True)]
    if change.action is Action.UPDATE:
        return [WriteRequest("PATCH", (*variables, name), {"name": name, "value": desired.value})]
    return Unsupported("variables are identified by name; declare the new name and prune the old one")


def write_organization_variable(change: Change, target: Target) -> Writes:
    """Requests for an ORGANIZATION_VARIABLE change (key: name)."""
    (name,) = change.key
    variables = path("orgs", target.org, "actions", "variables")
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", (*variables, name), already_done=GONE)]
    desired = change.desired_model(OrganizationVariable)
    body: dict[str, Any] = {"name": name, "value": desired.value, "visibility": desired.visibility}
    if desired.visibility == "selected":
        body["selected_repository_ids"] = _selected_ids(target, desired.selected_repositories)
    if change.action is Action.CREATE:
        return [WriteRequest("POST", variables, body, creates=True)]
    if change.action is Action.UPDATE:
        return [WriteRequest("PATCH", (*variables, name), body)]
    return Unsupported("variables are identified by name; declare the new name and prune the old one")
