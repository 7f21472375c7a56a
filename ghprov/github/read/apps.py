"""App ids → slugs through the organisation's App installations.

REST names a ruleset's ``Integration`` bypass actor by App id only. GraphQL gives the slug for
repository rulesets, but organisation rulesets are REST-only, so an App that bypasses only those would
stay nameless. ``GET /orgs/{org}/installations`` (organisation owners; one paginated request) lists
``app_id`` with ``app_slug`` for every App installed on the organisation
(https://docs.github.com/rest/orgs/orgs#list-app-installations-for-an-organization).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.rulesets import unnamed_actor_ids


def unnamed_app_ids(bodies: Iterable[Mapping[str, Any]], known: Mapping[int, str]) -> set[int]:
    """Ids of the ``Integration`` bypass actors in REST ruleset bodies that ``known`` cannot name."""
    return unnamed_actor_ids(bodies, "Integration", known)


def installed_apps(client: GitHubClient, org: str) -> dict[int, str]:
    """App id → slug of every App installed on ``org``; empty when the token may not list them.

    GitHub answers 403 (not an owner) or 404 (token without the permission); the actors then stay
    unnamed and the reader reports them as Unknowns, as before.
    """
    try:
        return {
            int(item["app_id"]): str(item["app_slug"])
            for item in client.paginate(f"/orgs/{org}/installations")
            if isinstance(item, dict) and "app_id" in item and item.get("app_slug")
        }
    except GitHubApiError as error:
        if error.status in (403, 404):
            return {}
        raise
