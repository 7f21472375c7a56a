"""Apply under GitHub's bad days: 5xx errors, secondary-limit bursts and eventual consistency.

For each of 20 fault seeds, the D1 example applied to an empty organisation converges within a few
runs (re-running apply finishes the rest), to a state where a fresh plan is empty, and the only
removals ever sent are the intended one: the applying owner, made maintainer of the teams it
created by GitHub, leaving teams whose membership the config gives without them.
"""

from __future__ import annotations

import pytest
from e2e_support import D1_CONFIG, d1_organization, github_for
from pydantic import SecretStr

from ghprov.apply import ApplyOptions
from ghprov.plan import SafetyOptions, compute_plan
from ghprov.services.applying import apply_configuration
from ghprov.services.planning import make_plan
from ghprov.settings import Settings
from ghprov_testbeds.sandbox.settings import FaultSpec

pytestmark = pytest.mark.e2e

MAX_RUNS = 4


@pytest.mark.parametrize("seed", range(20))
def test_apply_converges_under_faults_without_unintended_deletions(seed: int) -> None:
    organization = d1_organization()
    owner = organization.members.owners[0] if organization.members else ""
    with github_for(organization, faults=f"5xx=0.1,seed={seed}", team_visibility_delay_s=0.2) as sandbox:
        sandbox.settings.writes_per_window = 12
        sandbox.settings.write_window_s = 1.0
        sandbox.settings.auto_accept_invitations = True
        settings = Settings(
            token=SecretStr(sandbox.tokens["owner"]),
            api_url=sandbox.url,
            write_interval_seconds=0,
            retry_backoff_seconds=0.01,
        )
        options = ApplyOptions(write_interval=0, consistency_backoff=0.05, rate_limit_wait=0.5)
        for _ in range(MAX_RUNS):
            outcome = apply_configuration(
                D1_CONFIG, settings, SafetyOptions(), confirm=lambda plan: True, verify=False, options=options
            )
            if outcome.report is None:
                break
        sandbox.settings.faults = FaultSpec()
        final = make_plan(D1_CONFIG, settings, progress=False)
        assert final.plan.changes == [], [change.address for change in final.plan.changes]
        deletes = {entry.path for entry in sandbox.log if entry.method == "DELETE" and entry.status < 300}
        assert all(path.endswith(f"/memberships/{owner}") for path in deletes), deletes
        assert not sandbox.internal_errors
        assert compute_plan(organization, final.live).changes == []
