"""The plan use case: config + live organisation → Plan. Reads only; the client cannot write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ghprov.config import LoadedConfig, load_config
from ghprov.github.client import ClientStats, GitHubClient
from ghprov.github.read import read_organization
from ghprov.model import LiveOrganization
from ghprov.plan import Plan, compute_plan
from ghprov.services.connection import endpoint_name, github_endpoint
from ghprov.settings import Settings


@dataclass
class PlanResult:
    """A plan with everything it was computed from."""

    plan: Plan
    config: LoadedConfig
    live: LiveOrganization
    stats: ClientStats


def read_live(
    settings: Settings, config: LoadedConfig, *, progress: bool | None = None
) -> tuple[LiveOrganization, ClientStats]:
    """Read the organisation the config describes, through a read-only client."""
    with GitHubClient.from_settings(settings, read_only=True) as client:
        live = read_organization(
            client, config.organization.organization, scope=config.organization, progress=progress
        )
        return live, client.stats


def make_plan(
    config_path: Path,
    settings: Settings,
    *,
    sandbox: bool = False,
    progress: bool | None = None,
    rotate_secrets: bool = False,
) -> PlanResult:
    """Load and check the config, read the live organisation, and diff them (``rotate_secrets``: plan
    sending every declared secret's value again).

    The config is read once: the loaded organisation also seeds the embedded sandbox (``sandbox``).
    """
    config = load_config(config_path)
    with github_endpoint(settings, sandbox=sandbox, organization=config.organization) as endpoint:
        live, stats = read_live(endpoint, config, progress=progress)
    plan = compute_plan(config.organization, live, rotate_secrets=rotate_secrets)
    plan.api_url = endpoint_name(settings, sandbox=sandbox)
    return PlanResult(plan=plan, config=config, live=live, stats=stats)
