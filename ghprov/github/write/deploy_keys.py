"""DEPLOY_KEY changes → ``POST``/``DELETE /repos/{owner}/{repo}/keys``.

GitHub has no endpoint that edits a deploy key, so an update replaces it. When the key itself
changes, the new key is added before the old one is deleted, so whoever uses the repository is never
left without a working key; when only ``read_only`` changes the key must go first, because GitHub
refuses a key that is already on the repository ("key is already in use").
"""

from __future__ import annotations

from ghprov.github.write.facts import ResourceId
from ghprov.github.write.requests import Learn, Learned, Target, Unsupported, WriteRequest, Writes, path
from ghprov.model import DeployKey
from ghprov.plan.changes import Action, Change


def _key_id(change: Change, target: Target, key: DeployKey) -> ResourceId:
    repo, _ = change.key
    # Looked up by key rather than title: titles need not be unique on GitHub, keys are.
    return ResourceId(change.address, f"/repos/{target.org}/{repo}/keys", "key", key.key)


def _add(change: Change, target: Target, key: DeployKey) -> WriteRequest:
    repo, title = change.key
    body = {"title": title, "key": key.key, "read_only": key.read_only}
    learn = Learn(Learned.RESOURCE, (change.address, key.key))
    return WriteRequest("POST", path("repos", target.org, repo, "keys"), body, learn=learn, creates=True)


def _remove(change: Change, target: Target, key: DeployKey) -> WriteRequest:
    repo, _ = change.key
    # 404: the key is already gone, which is what the change wanted.
    key_path = path("repos", target.org, repo, "keys", _key_id(change, target, key))
    return WriteRequest("DELETE", key_path, already_done=frozenset({404}))


def write_deploy_key(change: Change, target: Target) -> Writes:
    """Requests for a DEPLOY_KEY change (key: repository, title)."""
    if change.action is Action.CREATE:
        return [_add(change, target, change.desired_model(DeployKey))]
    current = change.current_model(DeployKey)
    if current is None:
        return Unsupported("the deploy key's current value is not known, so it cannot be replaced or removed")
    if change.action is Action.DELETE:
        return [_remove(change, target, current)]
    if change.action is Action.UPDATE:
        desired = change.desired_model(DeployKey)
        if desired.key == current.key:
            return [_remove(change, target, current), _add(change, target, desired)]
        return [_add(change, target, desired), _remove(change, target, current)]
    return Unsupported("deploy keys are identified by title; declare the new title and prune the old one")
