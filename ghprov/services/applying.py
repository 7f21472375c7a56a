"""The apply use case: plan (or a reviewed saved plan), safety rails, confirmation, writes, verification."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ghprov.apply import ApplyOptions, ApplyReport, check_same_changes, check_saved_plan, execute
from ghprov.config import load_config
from ghprov.errors import UnsafePlan
from ghprov.github.client import GitHubClient
from ghprov.github.read import read_organization
from ghprov.github.write.sealing import unreadable_values
from ghprov.model import Organization
from ghprov.plan import Plan, SafetyOptions, check_plan_safety, compute_plan, load_plan, raise_if_unsafe
from ghprov.plan.kinds.actions_secrets import rotates_secrets
from ghprov.services.connection import check_plan_endpoint, endpoint_name, github_endpoint
from ghprov.settings import Settings


@dataclass
class ApplyOutcome:
    """What happened: the plan applied, its report, and what a fresh plan still finds afterwards."""

    plan: Plan
    report: ApplyReport | None
    remaining: Plan | None = None
    declined: bool = False


def apply_configuration(
    config_path: Path,
    settings: Settings,
    safety: SafetyOptions,
    *,
    confirm: Callable[[Plan], bool],
    saved_plan: Path | None = None,
    verify: bool = True,
    options: ApplyOptions | None = None,
    progress: bool | None = None,
    sandbox: bool = False,
    rotate_secrets: bool = False,
) -> ApplyOutcome:
    """Plan against the live organisation, check every rail, ask, then write exactly that plan.

    With ``saved_plan`` the reviewed plan is applied only if the live state still has the checksum
    it was computed from and the config still produces the same changes. With ``sandbox`` the
    writes go to an embedded emulator seeded from the (once-read) config. ``rotate_secrets`` sends
    every declared secret's value again; a saved plan that does so asks for it by itself.
    """
    config = load_config(config_path)
    desired = config.organization
    # A missing, damaged or foreign saved plan is refused before anything is read.
    saved = load_plan(saved_plan) if saved_plan is not None else None
    if saved is not None:
        check_plan_endpoint(saved.api_url, settings, sandbox=sandbox)
    with (
        github_endpoint(settings, sandbox=sandbox, organization=desired) as endpoint,
        GitHubClient.from_settings(endpoint, read_only=False) as client,
    ):
        live = read_organization(client, desired.organization, scope=desired, progress=progress)
        rotate = rotate_secrets or (saved is not None and rotates_secrets(saved))
        fresh = compute_plan(desired, live, rotate_secrets=rotate)
        fresh.api_url = endpoint_name(settings, sandbox=sandbox)
        plan = fresh
        if saved is not None:
            plan = saved
            check_saved_plan(plan, live)
            check_same_changes(plan, fresh)
        if not plan.has_changes:
            return ApplyOutcome(plan=plan, report=None)
        raise_if_unsafe(check_plan_safety(plan, live, desired, _with_identity(safety, live.viewer)))
        _require_secret_values(plan)
        if not confirm(plan):
            return ApplyOutcome(plan=plan, report=None, declined=True)
        report = execute(
            plan, live, client, options or ApplyOptions(write_interval=endpoint.write_interval_seconds)
        )
        remaining = None
        if verify and report.ok:
            remaining = _verify(client, desired, progress=progress)
        return ApplyOutcome(plan=plan, report=report, remaining=remaining)


# GitHub is eventually consistent: a team created a moment ago may be missing from the next read.
VERIFY_DELAYS_SECONDS = (0.0, 1.0, 3.0)


def _verify(client: GitHubClient, desired: Organization, *, progress: bool | None) -> Plan:
    """A fresh plan after apply, re-read briefly while it still finds changes."""
    remaining = Plan(organization=desired.organization)
    for delay in VERIFY_DELAYS_SECONDS:
        time.sleep(delay)
        after = read_organization(client, desired.organization, scope=desired, progress=progress)
        remaining = compute_plan(desired, after)
        if not remaining.has_changes:
            break
    return remaining


def _require_secret_values(plan: Plan) -> None:
    """Refuse before the first write when a value the plan must send cannot be read."""
    missing = unreadable_values(plan.changes)
    if missing:
        raise UnsafePlan(
            "cannot read the secret values this plan sends: " + "; ".join(missing),
            "set the variables (or create the files) the references name, then apply again",
        )


def _with_identity(safety: SafetyOptions, viewer: str) -> SafetyOptions:
    """The rails must know who applies: the token's own login, unless the caller named someone."""
    if safety.applying_identity or not viewer:
        return safety
    return replace(safety, applying_identity=viewer)
