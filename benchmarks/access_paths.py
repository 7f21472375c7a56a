"""What declaring the access kinds of issue 11 adds to a no-change plan of the 1,000-repository org.

Planned twice on one sandbox at 100 ms latency: as ``run.py`` plans it, then with a read-only deploy
key on every repository, two organisation roles held, and an App installation on 100 selected
repositories. Deploy keys ride on the core read's repository pages (no request of their own);
organisation roles cost one request for the roles and two per declared role; an installation's
selected repositories one request per 100 (docs/performance.md, "Deploy keys, organisation roles and
App installations").

Run: ``python -m benchmarks.access_paths`` (prints one JSON line per plan and replaces its section of
docs/performance.md; ``--no-docs`` prints only).
"""

from __future__ import annotations

import copy
import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from benchmarks import report
from benchmarks.run import LATENCY_MS, plan_case, write_config
from benchmarks.synthetic import synthetic_config
from ghprov.model import Organization
from ghprov_testbeds.contract.graphql_schema import github_schema
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.rest_deploy_keys import add_deploy_key
from ghprov_testbeds.sandbox.rest_org_roles import ROLE_IDS
from ghprov_testbeds.sandbox.seeds import seed_from_model
from ghprov_testbeds.sandbox.state import GitHubState

APP = "flux-app"
SELECTED = 100
BEGIN = "<!-- bench:access-paths:begin -->"
END = "<!-- bench:access-paths:end -->"


def _public_key() -> str:
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    return key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()


def with_access_kinds(document: dict[str, Any], keys: dict[str, str]) -> dict[str, Any]:
    declared = copy.deepcopy(document)
    for name, repository in declared["repositories"].items():
        repository["deploy_keys"] = {"flux": {"key": keys[name]}}
    teams = sorted(declared["teams"])
    members = declared["members"]["members"]
    declared["organization_roles"] = {
        "security_manager": {"teams": [teams[0]]},
        "all_repo_read": {"users": [members[0]]},
    }
    declared["app_installations"] = {APP: {"repositories": sorted(declared["repositories"])[:SELECTED]}}
    return declared


def converge(state: GitHubState, declared: dict[str, Any], keys: dict[str, str]) -> None:
    """The sandbox as a previous apply of the declared access kinds would have left it."""
    for name, key in keys.items():
        add_deploy_key(state, name, "flux", key)
    with state.lock:
        team = next(
            t
            for t in state.teams.values()
            if t.name == declared["organization_roles"]["security_manager"]["teams"][0]
        )
        state.features.organization.security_manager_team_ids.append(team.id)
        user = declared["organization_roles"]["all_repo_read"]["users"][0]
        state.features.organization.organization_role_users[str(ROLE_IDS["all_repo_read"])] = [user]
        app = state.add_app(APP)
        app.repositories = list(declared["app_installations"][APP]["repositories"])


def access_kinds_figures(workdir: Path, runs: int = 1) -> list[dict[str, Any]]:
    document = synthetic_config()
    organization = Organization.model_validate(document)
    keys = {name: _public_key() for name in organization.repositories}
    declared = with_access_kinds(document, keys)
    plain_dir = write_config(document, workdir / "plain")
    declared_dir = write_config(declared, workdir / "declared")
    owner = organization.members.owners[0] if organization.members else "owner"
    with Sandbox.start(
        org=organization.organization, latency_ms=LATENCY_MS, logins={"owner": owner}
    ) as sandbox:
        seed_from_model(sandbox.state, organization)
        converge(sandbox.state, declared, keys)
        github_schema()
        rows = [
            plan_case(sandbox, plain_dir, "no change, access kinds not declared", runs),
            plan_case(
                sandbox, declared_dir, "no change, deploy keys + organisation roles + App installation", runs
            ),
        ]
    for field in ("rest", "graphql", "points"):
        rows[1][f"extra_{field}"] = rows[1][field] - rows[0][field]
    rows[1]["extra_wall_s"] = round(rows[1]["wall_s"] - rows[0]["wall_s"], 2)
    return rows


def section(rows: list[dict[str, Any]]) -> str:
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    plain, declared = rows

    def extra(field: str) -> str:
        return f"{declared[field]} ({declared[field] - plain[field]:+})"

    lines = [
        BEGIN,
        "## Deploy keys, organisation roles and App installations",
        "",
        f"Measured {when} with `python -m benchmarks.access_paths` (run by `nox -s bench`): the "
        "1,000-repository organisation planned at 100 ms latency twice on one sandbox, as `benchmarks.run` "
        "does, then with a read-only deploy key declared on every repository, two organisation roles held "
        "(security manager by a team, all-repository read by a user) and an App installation on 100 "
        "selected repositories, the sandbox already matching.",
        "",
        "| case | REST | GraphQL | points | wall |",
        "|---|---:|---:|---:|---:|",
        f"| {plain['case']} | {plain['rest']} | {plain['graphql']} | {plain['points']} "
        f"| {plain['wall_s']} s |",
        f"| {declared['case']} | {extra('rest')} | {extra('graphql')} | {extra('points')} "
        f"| {declared['wall_s']} s |",
        "",
        "Requests per phase of the read:",
        "",
        *report.mix_table(rows),
        "",
        "Deploy keys ride on the core read's shared repository pages: `deployKeys(first: 20)` on every "
        "repository node adds 2,000 nodes and 1 point to a page of 100 repositories and no request; only "
        "a repository with more than 20 keys costs follow-ups, for that repository alone. Organisation "
        "roles cost one request for the list and two per declared role (GitHub has no bulk endpoint for "
        "assignments); a selected installation one request per 100 of its repositories. Before "
        "(2026-12-04) the deploy keys paged the repositories themselves, 100 a request: 87 REST + 20 "
        "GraphQL requests (+10), 741 points. Wall times were measured on a shared, loaded 2-core machine "
        "and vary by several seconds between runs; the request counts are exact.",
        END,
    ]
    return "\n".join(lines)


def main() -> None:
    report.run_section_benchmark(__doc__, access_kinds_figures, section, BEGIN, END)


if __name__ == "__main__":
    main()
