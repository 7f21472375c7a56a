"""The organisation settings ``OrganizationFacts`` carries, from ``GET /orgs/{org}``."""

from __future__ import annotations

from ghprov.github.client import GitHubClient
from ghprov.model.organization_facts import OrganizationFacts


def read_organization_facts(client: GitHubClient, org: str) -> OrganizationFacts:
    body = client.request("GET", f"/orgs/{org}").json
    body = body if isinstance(body, dict) else {}
    shown = {name: body[name] for name in OrganizationFacts.names() if name in body}
    return OrganizationFacts(**shown)
