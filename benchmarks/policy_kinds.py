"""What declaring Actions settings and security features on every repository adds to a no-change plan.

The synthetic 1,000-repository organisation at 100 ms latency, planned twice on one sandbox: as
``run.py`` plans it, then with the ``init d1`` repository defaults (workflow permissions; secret
scanning, push protection, vulnerability alerts, Dependabot security updates) and the organisation's
Actions policy declared. GitHub has no bulk read for most of these settings, so the difference is
what the per-repository endpoints cost (docs/performance.md, "Actions settings and security features").

Run: ``python -m benchmarks.policy_kinds`` (prints one JSON line per plan).
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.run import LATENCY_MS, plan_case, write_config
from benchmarks.synthetic import synthetic_config
from ghprov.model import Organization
from ghprov_testbeds.contract.graphql_schema import github_schema
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.seeds import seed_from_model
from ghprov_testbeds.sandbox.state import GitHubState

ACTIONS = {"default_workflow_permissions": "read", "can_approve_pull_request_reviews": False}
SECURITY = {
    "secret_scanning": True,
    "secret_scanning_push_protection": True,
    "vulnerability_alerts": True,
    "dependabot_security_updates": True,
}
ORGANIZATION_ACTIONS = {"allowed_actions": "local_only", **ACTIONS}


def with_policy_kinds(document: dict[str, Any]) -> dict[str, Any]:
    declared = copy.deepcopy(document)
    declared.setdefault("defaults", {}).setdefault("repository", {}).update(
        {"actions": ACTIONS, "security": SECURITY}
    )
    declared["actions"] = ORGANIZATION_ACTIONS
    return declared


def converge(state: GitHubState) -> None:
    """The sandbox as a previous apply of the declared policy would have left it."""
    with state.lock:
        state.audit.actions_permissions["allowed_actions"] = "local_only"
        for repo in state.repositories.values():
            features = state.features.repository(repo.name)
            features.vulnerability_alerts = True
            for name in ("secret_scanning", "secret_scanning_push_protection", "dependabot_security_updates"):
                features.security_and_analysis[name] = "enabled"


def policy_kinds_figures(workdir: Path, runs: int = 1) -> list[dict[str, Any]]:
    document = synthetic_config()
    organization = Organization.model_validate(document)
    plain_dir = write_config(document, workdir / "plain")
    declared_dir = write_config(with_policy_kinds(document), workdir / "declared")
    owner = organization.members.owners[0] if organization.members else "owner"
    with Sandbox.start(
        org=organization.organization, latency_ms=LATENCY_MS, logins={"owner": owner}
    ) as sandbox:
        seed_from_model(sandbox.state, organization)
        converge(sandbox.state)
        github_schema()
        rows = [
            plan_case(sandbox, plain_dir, "no change, kinds not declared", runs),
            plan_case(sandbox, declared_dir, "no change, actions + security on every repository", runs),
        ]
    extra = rows[1]["rest"] - rows[0]["rest"]
    rows[1]["extra_requests"] = extra
    rows[1]["extra_wall_s"] = round(rows[1]["wall_s"] - rows[0]["wall_s"], 2)
    rows[1]["extra_per_repository"] = round(extra / len(organization.repositories), 2)
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        for row in policy_kinds_figures(Path(temporary)):
            print(json.dumps({key: value for key, value in row.items() if key != "mix"}))
            print(json.dumps(row["mix"]))


if __name__ == "__main__":
    main()
