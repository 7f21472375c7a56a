"""Many organisations in one run: one config directory per organisation.

``ghprov plan --config orgs/`` plans every organisation under ``orgs/`` (or each ``--config`` given)
concurrently, a few at a time; ``apply`` applies them one after the other; ``audit export`` and
``lint`` go through them like plan (``services/audit_organizations.py``), through the same
``for_each_organization``. A failure of one organisation is reported for that organisation and does
not hide the others' results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ghprov.errors import GhprovError
from ghprov.services.planning import PlanResult, make_plan
from ghprov.settings import Settings

T = TypeVar("T")
R = TypeVar("R")

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
    return for_each_organization(config_paths, lambda path: _plan_one(path, settings, sandbox))


def for_each_organization(
    items: Sequence[T], work: Callable[[T], R], *, done: Callable[[R], None] | None = None
) -> list[R]:
    """``work`` on every organisation's item, ``CONCURRENT_ORGANIZATIONS`` at a time; results in order.

    ``work`` keeps its own failures in its result (one organisation's error must not hide the
    others'). ``done`` sees each result as soon as it is ready, in completion order, on the calling
    thread: progress lines appear while the slower organisations are still being read.
    """
    workers = max(1, min(CONCURRENT_ORGANIZATIONS, len(items)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(work, item) for item in items]
        if done is not None:
            for future in as_completed(futures):
                done(future.result())
        return [future.result() for future in futures]
