"""Branches: created from the tip of the default branch (a GET for the sha, then POST git/refs)."""

from __future__ import annotations

from ghprov.github.write.facts import BranchSha, DefaultBranch
from ghprov.github.write.requests import Target, Unsupported, WriteRequest, Writes, path
from ghprov.plan.changes import Action, Change


def write_branch(change: Change, target: Target) -> Writes:
    """Requests for a BRANCH creation (key: repository, branch; desired: the branch to start from)."""
    repository, branch = change.key
    if change.action is not Action.CREATE:
        return Unsupported("ghprov only creates branches; it never renames or deletes them")
    source = (
        change.desired if isinstance(change.desired, str) and change.desired else DefaultBranch(repository)
    )
    body = {"ref": f"refs/heads/{branch}", "sha": BranchSha(repository, source)}
    return [WriteRequest("POST", path("repos", target.org, repository, "git", "refs"), body, creates=True)]
