"""What declaring Actions settings and security features on every repository adds to a no-change plan.

The synthetic 1,000-repository organisation at 100 ms latency, planned twice on one sandbox: as
``run.py`` plans it, then with the ``init d1`` repository defaults (workflow permissions; secret
scanning, push protection, vulnerability alerts, Dependabot security updates) and the organisation's
Actions policy declared. GitHub has no bulk read for most of these settings, so the difference is
what the per-repository endpoints cost (docs/performance.md, "Actions settings and security features").

Run: ``python -m benchmarks.policy_kinds`` (prints one JSON line per plan and replaces its section of
docs/performance.md; ``--no-docs`` prints only).
"""

from __future__ import annotations

import copy
import datetime
import platform
from pathlib import Path
from typing import Any

from benchmarks import report
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
BEGIN = "<!-- bench:policy-kinds:begin -->"
END = "<!-- bench:policy-kinds:end -->"


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


def section(rows: list[dict[str, Any]]) -> str:
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    plain, declared = rows
    lines = [
        BEGIN,
        "## Actions settings and security features",
        "",
        f"Measured {when} with `python -m benchmarks.policy_kinds` on {platform.machine()} "
        f"({platform.python_version()}), 2 cores shared with other work: the 1,000-repository benchmark "
        "organisation, 100 ms latency per request, read concurrency 8, a no-change plan with and without "
        "the `init d1` declarations on every repository (`defaults.repository.actions`: workflow "
        "permissions; `.security`: secret scanning, push protection, vulnerability alerts, Dependabot "
        "security updates) and the organisation's `actions:` policy.",
        "",
        "| case | REST requests | GraphQL requests | rate-limit points | wall (s) |",
        "|---|---|---|---|---|",
        *(
            f"| {row['case']} | {row['rest']:,} | {row['graphql']} | {row['points']:,} | {row['wall_s']} |"
            for row in rows
        ),
        "",
        f"Extra: {declared['extra_requests']:,} REST and {declared['graphql'] - plain['graphql']} GraphQL "
        f"requests, {declared['extra_per_repository']} per repository, {declared['extra_wall_s']:+} s. "
        "Where the cost comes from:",
        "",
        "| kind | bulk read | per declared repository |",
        "|---|---|---|",
        "| repository `actions` | none: GitHub has no list or GraphQL field for Actions permissions "
        "| one GET per endpoint its keys use: `…/actions/permissions` (`enabled`, `allowed_actions`), "
        "`…/selected-actions`, `…/workflow`, `…/fork-pr-contributor-approval`, `…/access` — up to 5; the "
        "D1 defaults use 1 |",
        "| repository `security` | `security_and_analysis` with `GET /orgs/{org}/repos` (100 a page, 10 "
        "requests); vulnerability alerts with GraphQL `hasVulnerabilityAlertsEnabled` on the core read's "
        "shared repository pages (no request of their own; before 2026-12-04 a paging of their own, "
        "10 GraphQL requests) | `private_vulnerability_reporting`: one GET |",
        "| organisation `actions`, `runner_groups`, `code_security_configurations` | one request per "
        "endpoint (groups and configurations listed in one page each) | — |",
        "",
        "Only repositories whose config declares `actions` or `security` are read, and only the endpoints "
        "of the keys declared, so a config without them pays nothing (vulnerability alerts are selected on "
        "the shared pages only when some repository declares them). A plan that declares workflow "
        "permissions on all 1,000 repositories therefore stays above the 10 s target at 100 ms latency "
        "(1,000 GETs at 8 in flight is at least 12.5 s); declaring them in the organisation's `actions:` "
        "only (which caps what a repository may allow) costs one request.",
        END,
    ]
    return "\n".join(lines)


def main() -> None:
    report.run_section_benchmark(__doc__, policy_kinds_figures, section, BEGIN, END)


if __name__ == "__main__":
    main()
