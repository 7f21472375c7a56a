"""Repositories: create (initialised, so refs can be made), settings, topics, archive state, rename.

Archived repositories are read-only, so unarchiving goes first and archiving last. Repositories are
never deleted.
"""

from __future__ import annotations

from typing import Any

from ghprov.github.write.facts import BranchSha, DefaultBranch
from ghprov.github.write.requests import (
    Learn,
    Learned,
    PathSegment,
    SkipIf,
    Target,
    Unsupported,
    WriteRequest,
    Writes,
    path,
)
from ghprov.model import Repository
from ghprov.plan.changes import Action, Change

# Settings POST /orgs/{org}/repos accepts; the rest of a repository's settings need a PATCH.
CREATE_SETTINGS = frozenset(
    {
        "description",
        "homepage",
        "visibility",
        "has_issues",
        "has_projects",
        "has_wiki",
        "allow_merge_commit",
        "allow_squash_merge",
        "allow_rebase_merge",
        "allow_auto_merge",
        "delete_branch_on_merge",
    }
)
# Carried by requests of their own rather than the settings PATCH.
SEPARATE_SETTINGS = frozenset({"topics", "archived", "default_branch"})


def _wire(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _repository(target: Target, name: str) -> tuple[PathSegment, ...]:
    return path("repos", target.org, name)


def _topics(target: Target, name: str, topics: Any) -> WriteRequest:
    return WriteRequest("PUT", (*_repository(target, name), "topics"), {"names": list(topics or ())})


def _archive(target: Target, name: str, archived: bool) -> WriteRequest:
    return WriteRequest("PATCH", _repository(target, name), {"archived": archived})


def _create(name: str, repository: Repository, target: Target) -> list[WriteRequest]:
    settings = repository.settings()
    body: dict[str, Any] = {"name": name, "auto_init": True}
    body.update({key: _wire(value) for key, value in settings.items() if key in CREATE_SETTINGS})
    requests = [
        WriteRequest(
            "POST",
            path("orgs", target.org, "repos"),
            body,
            learn=Learn(Learned.REPOSITORY, (name,)),
            creates=True,
        )
    ]
    later = {
        key: _wire(value)
        for key, value in settings.items()
        if key not in CREATE_SETTINGS and key not in SEPARATE_SETTINGS
    }
    wanted_default = repository.default_branch
    if wanted_default is not None:
        # auto_init creates the organisation's default branch; another name must be made from it
        # first. Both writes are dropped when GitHub already chose the wanted name.
        unneeded = SkipIf(DefaultBranch(name), wanted_default)
        requests.append(
            WriteRequest(
                "POST",
                (*_repository(target, name), "git", "refs"),
                {"ref": f"refs/heads/{wanted_default}", "sha": BranchSha(name, DefaultBranch(name))},
                skip_if=unneeded,
            )
        )
        if later:
            later["default_branch"] = wanted_default
        else:
            requests.append(
                WriteRequest(
                    "PATCH",
                    _repository(target, name),
                    {"default_branch": wanted_default},
                    skip_if=unneeded,
                    learn=Learn(Learned.REPOSITORY, (name,)),
                )
            )
    if later:
        requests.append(
            WriteRequest("PATCH", _repository(target, name), later, learn=Learn(Learned.REPOSITORY, (name,)))
        )
    if repository.topics:
        requests.append(_topics(target, name, repository.topics))
    if repository.archived:
        requests.append(_archive(target, name, True))
    return requests


def _update(name: str, desired: dict[str, Any], target: Target) -> list[WriteRequest]:
    requests: list[WriteRequest] = []
    if desired.get("archived") is False:
        requests.append(_archive(target, name, False))
    settings = {key: _wire(value) for key, value in desired.items() if key not in ("topics", "archived")}
    if settings:
        # The response tells later branch creations which branch is now the default.
        learn = Learn(Learned.REPOSITORY, (name,))
        requests.append(WriteRequest("PATCH", _repository(target, name), settings, learn=learn))
    if "topics" in desired:
        requests.append(_topics(target, name, desired["topics"]))
    if desired.get("archived") is True:
        requests.append(_archive(target, name, True))
    return requests


def write_repository(change: Change, target: Target) -> Writes:
    """Requests for a REPOSITORY change (key: repository name; RENAME key: new name)."""
    (name,) = change.key
    if change.action is Action.CREATE:
        return _create(name, change.desired_model(Repository), target)
    if change.action is Action.UPDATE:
        return _update(name, dict(change.desired_patch()), target)
    if change.action is Action.DELETE:
        return Unsupported("ghprov never deletes repositories; delete or archive it on GitHub yourself")
    renamed = next((field for field in change.fields if field.field == "name"), None)
    if renamed is None:
        return Unsupported("a repository rename must name the old and new names")
    return [
        WriteRequest(
            "PATCH",
            _repository(target, renamed.before),
            {"name": renamed.after},
            learn=Learn(Learned.REPOSITORY, (renamed.after,)),
        )
    ]
