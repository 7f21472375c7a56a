"""What declaring secrets, variables, webhooks and environments on every repository adds to a plan.

The synthetic 1,000-repository organisation at 100 ms latency, planned twice on one sandbox: as
``run.py`` plans it, then with every repository declaring an Actions secret and variable, the Flux
Receiver webhook and a ``production`` environment with a secret and a variable (and the organisation
a secret, a variable and a webhook). GitHub has no bulk read for any of these per repository, so the
difference is their per-repository cost (docs/performance.md, "Secrets, variables, webhooks and
environments"). The sandbox is converged first, so both plans find no changes.

Run: ``python -m benchmarks.secret_kinds`` (prints one JSON line per plan).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.run import LATENCY_MS, plan_case, write_config
from benchmarks.synthetic import synthetic_config
from ghprov.model import Organization
from ghprov_testbeds.contract.graphql_schema import github_schema
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.audit_data import add_hook, add_secret
from ghprov_testbeds.sandbox.rest_repo_features import add_environment
from ghprov_testbeds.sandbox.seeds import seed_from_model
from ghprov_testbeds.sandbox.settings import SandboxSettings
from ghprov_testbeds.sandbox.state import GitHubState, now_iso

REFERENCE = "env:GHPROV_BENCH_SECRET"
RECEIVER = "https://flux-webhook.bench.example.com/hook/{repo}"
SINK = "https://audit.bench.example.com/github"
APP_RATE_LIMIT = 15_000


def with_secret_kinds(document: dict[str, Any]) -> dict[str, Any]:
    declared = copy.deepcopy(document)
    declared["actions_secrets"] = {"REGISTRY_TOKEN": {"value": REFERENCE}}
    declared["actions_variables"] = {"REGISTRY": {"value": "ghcr.io/bench"}}
    declared["webhooks"] = {SINK: {"content_type": "json", "events": ["repository"]}}
    for name, repository in declared["repositories"].items():
        repository["actions_secrets"] = {"DEPLOY_TOKEN": {"value": REFERENCE}}
        repository["actions_variables"] = {"CLUSTER": "bench"}
        repository["webhooks"] = {RECEIVER.format(repo=name): {"content_type": "json", "secret": REFERENCE}}
        repository["environments"] = {
            "production": {
                "wait_timer": 5,
                "secrets": {"KUBECONFIG": {"value": REFERENCE}},
                "variables": {"STAGE": "prod"},
            }
        }
    return declared


def converge(state: GitHubState, repositories: list[str]) -> None:
    """The sandbox as a previous apply of the declared kinds would have left it."""
    stamp = now_iso()
    secret = hashlib.sha256(b"bench").hexdigest()
    add_secret(state, "REGISTRY_TOKEN", stamp)
    add_hook(state, SINK, secret=None)
    with state.lock:
        state.audit.hooks[-1].update(events=["repository"])
        state.features.organization.variables["REGISTRY"] = {
            "name": "REGISTRY",
            "value": "ghcr.io/bench",
            "visibility": "private",
            "created_at": stamp,
            "updated_at": stamp,
            "selected_repository_ids": [],
        }
    for name in repositories:
        add_secret(state, "DEPLOY_TOKEN", stamp, repo=name)
        add_hook(state, RECEIVER.format(repo=name), secret="bench", repo=name)
        add_environment(state, name, "production", wait_timer=5)
        with state.lock:
            state.audit.repository_hooks[name.lower()][-1]["config"]["content_type"] = "json"
            features = state.features.repository(name)
            features.variables["CLUSTER"] = {
                "name": "CLUSTER",
                "value": "bench",
                "created_at": stamp,
                "updated_at": stamp,
            }
            features.environment_secrets["production"] = [
                {
                    "name": "KUBECONFIG",
                    "created_at": stamp,
                    "updated_at": stamp,
                    "visibility": "private",
                    "value_sha256": secret,
                }
            ]
            features.environment_variables["production"] = {
                "STAGE": {"name": "STAGE", "value": "prod", "created_at": stamp, "updated_at": stamp}
            }


def secret_kinds_figures(workdir: Path, runs: int = 1) -> list[dict[str, Any]]:
    os.environ.setdefault("GHPROV_BENCH_SECRET", "bench")
    document = synthetic_config()
    organization = Organization.model_validate(document)
    plain_dir = write_config(document, workdir / "plain")
    declared_dir = write_config(with_secret_kinds(document), workdir / "declared")
    owner = organization.members.owners[0] if organization.members else "owner"
    # Six REST requests per repository do not fit a personal token's 5,000 an hour: measured with a
    # GitHub App installation's limit on Enterprise Cloud (15,000 an hour).
    settings = SandboxSettings(rate_limit=APP_RATE_LIMIT)
    with Sandbox.start(
        org=organization.organization, latency_ms=LATENCY_MS, logins={"owner": owner}, settings=settings
    ) as sandbox:
        seed_from_model(sandbox.state, organization)
        converge(sandbox.state, sorted(organization.repositories))
        github_schema()
        rows = [
            plan_case(sandbox, plain_dir, "no change, kinds not declared", runs),
            plan_case(
                sandbox,
                declared_dir,
                "no change, secrets + variables + webhook + environment on every repository",
                runs,
            ),
        ]
    extra = rows[1]["rest"] - rows[0]["rest"]
    rows[1]["extra_requests"] = extra
    rows[1]["extra_wall_s"] = round(rows[1]["wall_s"] - rows[0]["wall_s"], 2)
    rows[1]["extra_per_repository"] = round(extra / len(organization.repositories), 2)
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        for row in secret_kinds_figures(Path(temporary)):
            # The request mix is left out: it lists each repository's requests one by one.
            print(json.dumps({key: value for key, value in row.items() if key != "mix"}))


if __name__ == "__main__":
    main()
