"""Many organisations in one run: one config directory per organisation.

``ghprov plan --config orgs/`` plans every organisation under ``orgs/`` (or each ``--config`` given)
concurrently, a few at a time; ``apply`` applies them one after the other. A failure of one
organisation's plan is reported for that organisation and does not hide the others' plans.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ghprov.errors import GhprovError
from ghprov.services.planning import PlanResult, make_plan
from ghprov.settings import Settings

# Organisations planned at once. Each read already runs 8 requests in parallel, and GitHub asks for
# no more than 100 concurrent requests per token (secondary rate limits): 2 x 8 stays well inside,
# while overlapping one organisation's latency with another's.
CONCURRENT_ORGANIZATIONS = 2
YAML_SUFFIXES = (".yaml", ".yml")


def _has_yaml(directory: Path) -> bool:
    return any(path.suffix in YAML_SUFFIXES for path in directory.iterdir() if path.is_file())


def organization_configs(paths: Sequence[Path]) -> list[Path]:
    """The config of each organisation the paths name.

    A YAML file, or a directory with YAML files of its own, is one organisation's config; a directory
    without any is a directory of such configs (one subdirectory per organisation, sorted by name).
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and not _has_yaml(path):
            children = sorted(child for child in path.iterdir() if child.is_dir() and _has_yaml(child))
            if not children:
                raise GhprovError(
                    f"{path}: no configuration here: neither YAML files nor subdirectories holding them",
                    "point --config at an organisation's config directory, or at a directory of them",
                )
            found.extend(children)
        else:
            found.append(path)
    return list(dict.fromkeys(found))


@dataclass
class OrganizationPlan:
    """One organisation's plan, or why it could not be made."""

    config_path: Path
    result: PlanResult | None = None
    error: GhprovError | None = None


def _plan_one(config_path: Path, settings: Settings, sandbox: bool) -> OrganizationPlan:
    try:
        return OrganizationPlan(
            config_path, result=make_plan(config_path, settings, sandbox=sandbox, progress=False)
        )
    except GhprovError as error:
        return OrganizationPlan(config_path, error=error)


def plan_organizations(
    config_paths: Sequence[Path], settings: Settings, *, sandbox: bool = False
) -> list[OrganizationPlan]:
    """Every organisation's plan, in the order of ``config_paths``; errors are kept per organisation."""
    workers = max(1, min(CONCURRENT_ORGANIZATIONS, len(config_paths)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_plan_one, path, settings, sandbox) for path in config_paths]
        return [future.result() for future in futures]
