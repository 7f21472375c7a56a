"""What the per-repository policy readers (Actions settings, security features) share.

GitHub has no bulk read for these settings: each is one REST GET per repository and endpoint. So a
reader with a scope reads only the repositories whose config declares the kind, and only the
endpoints of the fields declared; without a scope (import, audit) it reads every repository.
Requests for different repositories run side by side (the client paces them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.kinds import KindRead
from ghprov.model import Organization, Unknown

# Parallel repositories per kind reader: the core read runs its own pool beside it.
WORKERS = 8
T = TypeVar("T")


@dataclass(frozen=True)
class Candidate:
    """A repository to read: the names it may have live (its name, then its former names) and, with a
    scope, the fields the config declares (None: all of them)."""

    names: tuple[str, ...]
    fields: frozenset[str] | None = None
    # Known from the organisation's list (no scope): settings for private repositories only are skipped.
    public: bool = False


def listed_repositories(
    client: GitHubClient, organization: str
) -> dict[str, dict[str, Any]] | GitHubApiError:
    """Every repository the organisation's list shows (``GET /orgs/{org}/repos``, 100 a page), by name;
    GitHub's refusal when the token may not list them."""
    try:
        return {
            str(repo["name"]): repo
            for repo in client.paginate(f"/orgs/{organization}/repos", {"type": "all"})
            if isinstance(repo, dict)
        }
    except GitHubApiError as error:
        if not refusal(error):
            raise
        return error


def candidates(scope: Organization | None, field: str, listed: Mapping[str, Any]) -> list[Candidate]:
    """The repositories to read: those whose config sets ``field`` (``actions``, ``security``), or
    every listed repository when there is no scope."""
    if scope is None:
        return [
            Candidate((name,), public=listed[name].get("visibility") == "public") for name in sorted(listed)
        ]
    found = []
    for name, repository in sorted(scope.repositories.items()):
        value = getattr(repository, field)
        if value is not None:
            found.append(Candidate((name, *repository.previously), frozenset(value.model_fields_set)))
    return found


def unlisted(found: KindRead, what: str, error: GitHubApiError) -> KindRead:
    """``found`` with the kind unknown for every repository: the token may not list them."""
    reason = f"the organisation's repositories cannot be listed ({error.github_message})"
    found.unknowns.append(Unknown(f"repositories/*/{what}", reason))
    return found


def get_object(client: GitHubClient, path: str) -> dict[str, Any]:
    body = client.request("GET", path).json
    return body if isinstance(body, dict) else {}


def in_parallel(work: Callable[[T], Any], items: Iterable[T]) -> list[Any]:
    """``work`` over ``items`` in a small pool, results in order; the first exception propagates."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(work, items))


def refusal(error: GitHubApiError) -> bool:
    """True for GitHub's answers that mean "not for this token" (403, and 404 for hidden settings)."""
    return error.status in (401, 403, 404)


def wants(fields: frozenset[str] | None, names: Iterable[str]) -> bool:
    return fields is None or bool(fields & set(names))


def first_existing(
    client: GitHubClient, organization: str, names: tuple[str, ...], probe: str
) -> tuple[str, dict[str, Any]] | GitHubApiError | None:
    """The first of ``names`` whose ``probe`` endpoint answers, with its answer; the error when GitHub
    refuses it (a settings endpoint answers 404 both to "no such repository" and to a token without
    access, so the last refusal is returned); None when there are no names."""
    last: GitHubApiError | None = None
    for name in names:
        try:
            return name, get_object(client, f"/repos/{organization}/{name}/{probe}")
        except GitHubApiError as error:
            if not refusal(error):
                raise
            last = error
    return last


def fields_of(body: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    return {name: body[name] for name in names if body.get(name) is not None}
