"""``nox -s bench``: plan and apply benchmarks on the sandbox; prints figures and updates docs/performance.md.

Plan: the synthetic 1,000-repository organisation (benchmarks/synthetic.py) seeded into a sandbox
with 100 ms latency per request; a no-change plan, then a plan after 5 % drift. Apply: 200 changes
with the sandbox's secondary limits on (80 writes per minute, GitHub's content-creation guidance).
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.access_kinds import seed_access_kinds, with_access_kinds
from benchmarks.measure import Run, run_ghprov
from benchmarks.startup import startup_figures
from benchmarks.synthetic import synthetic_config
from ghprov.github.read.teams import RANK
from ghprov.model import Organization
from ghprov_testbeds.contract.graphql_schema import github_schema, query_cost
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.seeds import seed_from_model
from ghprov_testbeds.sandbox.server import LoggedRequest

LATENCY_MS = 100


def write_config(document: dict[str, Any], directory: Path) -> Path:
    """JSON is YAML: one file holds the whole benchmark config."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "org.yaml").write_text(json.dumps(document, indent=1))
    return directory


def traffic(sandbox: Sandbox, since: int) -> dict[str, int]:
    """Requests after log position ``since``: REST and GraphQL apart, and rate-limit points."""
    entries = sandbox.log[since:]
    graphql = [entry for entry in entries if entry.path.endswith("/graphql")]
    rest = [entry for entry in entries if not entry.path.endswith("/graphql")]
    points = len(rest) + sum(
        query_cost(entry.body["query"], entry.body.get("variables")) for entry in graphql
    )
    writes = [entry for entry in rest if entry.method not in ("GET", "HEAD")]
    # The benchmark's token may do everything, so a 403/429 here can only be a rate limit.
    limited = [entry for entry in entries if entry.status in (403, 429)]
    return {
        "rest": len(rest),
        "graphql": len(graphql),
        "points": points,
        "writes": len(writes),
        "secondary_limited": len(limited),
    }


# The reader's phases, recognised by GraphQL operation or REST path (the organisation is one path segment).
PHASES: tuple[tuple[str, str], ...] = (
    (
        r"GraphQL Organization",
        "organisation pages: repositories (with riding kinds' fields), members, teams (GraphQL)",
    ),
    (r"GraphQL \w*FollowUp", "overflowing connections, one node each (GraphQL)"),
    (r"GraphQL AuditCodeowners", "audit: CODEOWNERS files, 100 repositories a page (GraphQL)"),
    (r"GraphQL \w+", "other GraphQL reads"),
    (
        r"GET /orgs/[^/]+(/invitations|/custom-repository-roles|/rulesets)?",
        "organisation settings, invitations, custom roles, organisation rulesets (REST)",
    ),
    (r"GET /repos/[^/]+/[^/]+/teams", "nested teams' own grants, one per ambiguous repository (REST)"),
    (r"GET /orgs/[^/]+/teams/[^/]+/repos", "custom role names, one per team (REST)"),
    (r"GET /repos/[^/]+/[^/]+/rulesets/\d+", "rulesets GraphQL cannot fully show (REST)"),
    (r"GET /(users|apps)/[^/]+|GET /orgs/[^/]+/installations", "user and App ids (REST)"),
    (
        r"GET /orgs/[^/]+/teams/[^/]+/team-sync/group-mappings",
        "team synchronization, one per managed team until GitHub refuses the first (REST)",
    ),
    (
        r"GET /repos/[^/]+/[^/]+/invitations",
        "pending invitations, one per repository listing collaborators (REST)",
    ),
    (
        r"GET /orgs/[^/]+/properties/(schema|values)",
        "custom property definitions and values, organisation-wide (REST)",
    ),
    (
        r"GET /orgs/[^/]+/organization-roles(/\d+/(teams|users))?",
        "organisation roles: the list, then teams and users per role (REST)",
    ),
    (r"GET /user/installations/\d+/repositories", "an App installation's selected repositories (REST)"),
    (r"GET /orgs/[^/]+/repos", "the organisation's repository list, 100 a page (REST)"),
    (
        r"GET /orgs/[^/]+/(members|outside_collaborators|teams|personal-access-tokens|hooks"
        r"|actions/[a-z/-]+)",
        "organisation members, outside collaborators, teams, PAT grants, webhooks, Actions (REST)",
    ),
)


def phase_of(entry: LoggedRequest) -> str:
    """The reader phase a logged request belongs to."""
    if entry.path.endswith("/graphql"):
        operation = re.search(r"query (\w+)", str(entry.body.get("query", "")))
        key = f"GraphQL {operation.group(1) if operation else '?'}"
    else:
        key = f"{entry.method} {entry.path}"
    return next((label for pattern, label in PHASES if re.fullmatch(pattern, key)), key)


def request_mix(sandbox: Sandbox, since: int) -> dict[str, int]:
    """Requests after log position ``since`` per reader phase, in the phases' order."""
    counts = collections.Counter(phase_of(entry) for entry in sandbox.log[since:])
    order = [label for _, label in PHASES]
    return dict(
        sorted(counts.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))
    )


# Wall time is the median of this many plans (the 2-core machines are shared); requests are counted
# on the first, as every plan of the same organisation sends the same requests.
PLAN_RUNS = 3


def plan_case(sandbox: Sandbox, config_dir: Path, name: str, runs: int = PLAN_RUNS) -> dict[str, Any]:
    walls: list[float] = []
    peaks: list[float] = []
    counted: dict[str, Any] = {}
    for _ in range(runs):
        mark = len(sandbox.log)
        run: Run = run_ghprov(
            "plan",
            "--config",
            str(config_dir),
            "--api-url",
            sandbox.url,
            "--json",
            env={"GHPROV_TOKEN": sandbox.tokens["owner"]},
        )
        if run.exit_code not in (0, 2):
            raise SystemExit(f"plan failed ({run.exit_code}): {run.stderr[-2000:]}")
        walls.append(run.wall_seconds)
        peaks.append(run.peak_rss_mb)
        counted = counted or {
            "changes": len(json.loads(run.stdout)["changes"]),
            **traffic(sandbox, mark),
            "mix": request_mix(sandbox, mark),
        }
    return {
        "case": name,
        "changes": counted["changes"],
        "wall_s": round(statistics.median(walls), 2),
        # Other work on the machine only ever adds time: the fastest run is the steadiest figure.
        "best_wall_s": round(min(walls), 2),
        "peak_rss_mb": round(max(peaks), 1),
        **{key: value for key, value in counted.items() if key != "changes"},
    }


def drift(sandbox: Sandbox, organization: Organization, share: float) -> int:
    """Change ``share`` of the repositories behind ghprov's back, through the REST API."""
    import requests

    headers = {"Authorization": f"Bearer {sandbox.tokens['owner']}", "Accept": "application/vnd.github+json"}
    names = sorted(organization.repositories)[:: int(1 / share)]
    for index, repo in enumerate(names):
        base = f"{sandbox.url}/repos/{organization.organization}/{repo}"
        if index % 2 == 0:
            response = requests.patch(
                base, json={"description": "changed by hand"}, headers=headers, timeout=30
            )
        else:
            response = requests.delete(f"{base}/branches/production/protection", headers=headers, timeout=30)
        response.raise_for_status()
    return len(names)


def ambiguous_repositories(organization: Organization) -> set[str]:
    """Repositories some child team shows with no more than what its ancestors pass down: where only
    ``GET /repos/{org}/{repo}/teams`` tells its own grant from the inherited one (the exact floor)."""
    teams = organization.teams

    def passed_down(name: str | None, seen: frozenset[str] = frozenset()) -> dict[str, int]:
        if name is None or name not in teams or name in seen:
            return {}
        inherited = passed_down(teams[name].parent, seen | {name})
        for repo, role in teams[name].repositories.items():
            inherited[repo] = max(inherited.get(repo, 0), RANK.get(role, 0))
        return inherited

    found = set()
    for team in teams.values():
        inherited = passed_down(team.parent)
        for repo, rank in inherited.items():
            if RANK.get(team.repositories.get(repo, ""), 0) <= rank:
                found.add(repo)
    return found


def plan_benchmark(workdir: Path) -> list[dict[str, Any]]:
    document = synthetic_config()
    organization = Organization.model_validate(document)
    config_dir = write_config(document, workdir / "plan-config")
    with Sandbox.start(
        org=organization.organization,
        latency_ms=LATENCY_MS,
        logins={"owner": organization.members.owners[0] if organization.members else "owner"},
    ) as sandbox:
        started = time.perf_counter()
        seed_from_model(sandbox.state, organization)
        seeded = time.perf_counter() - started
        print(f"seeded {len(organization.repositories)} repositories in {seeded:.2f} s")
        # The emulator builds GitHub's GraphQL schema on its first query; that is the sandbox's
        # start-up cost (measured above), not ghprov's, so pay it before timing ghprov.
        github_schema()
        rows = [plan_case(sandbox, config_dir, "no change")]
        rows[0]["nested_floor"] = len(ambiguous_repositories(organization))
        rows[0]["child_teams"] = sum(1 for team in organization.teams.values() if team.parent)
        drifted = drift(sandbox, organization, 0.05)
        rows.append(plan_case(sandbox, config_dir, f"5 % drift ({drifted} repositories)"))
    rows.append(access_kinds_plan(workdir, document))
    rows.append(flat_teams_plan(workdir, document))
    return rows


def flat_teams_plan(workdir: Path, document: dict[str, Any]) -> dict[str, Any]:
    """The no-change plan of the same organisation with no team nested: what the read costs where no
    nested team's own grant is ambiguous (the difference to "no change" is the look-ups alone)."""
    flat = json.loads(json.dumps(document))
    for team in flat["teams"].values():
        team.pop("parent", None)
    return own_sandbox_plan(workdir / "plan-config-flat-teams", flat, "no change, no team nested")


def access_kinds_plan(workdir: Path, document: dict[str, Any]) -> dict[str, Any]:
    """The no-change plan of the organisation with collaborators and custom properties declared."""
    extended = with_access_kinds(document)
    return own_sandbox_plan(
        workdir / "plan-config-access-kinds",
        extended,
        "no change, with collaborators and custom properties",
        seed_extra=seed_access_kinds,
    )


def own_sandbox_plan(
    config_dir: Path,
    document: dict[str, Any],
    name: str,
    seed_extra: Callable[[Any, dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """A no-change plan case of ``document`` on a sandbox of its own, seeded with exactly it (a
    token's hourly GraphQL points would not cover every case on one)."""
    organization = Organization.model_validate(document)
    owner = organization.members.owners[0] if organization.members else "owner"
    with Sandbox.start(
        org=organization.organization, latency_ms=LATENCY_MS, logins={"owner": owner}
    ) as sandbox:
        seed_from_model(sandbox.state, organization)
        if seed_extra is not None:
            seed_extra(sandbox.state, document)
        return plan_case(sandbox, write_config(document, config_dir), name)


def apply_benchmark(workdir: Path, changes: int = 200, interval: float = 1.0) -> dict[str, Any]:
    """Apply ``changes`` repository description updates with secondary limits on."""
    document = synthetic_config(repositories=changes, teams=20, members=60)
    organization = Organization.model_validate(document)
    for repo in document["repositories"].values():
        repo["description"] = repo["description"] + " (updated)"
    config_dir = write_config(document, workdir / "apply-config")
    owner = organization.members.owners[0] if organization.members else "owner"
    with Sandbox.start(org=organization.organization, logins={"owner": owner}) as sandbox:
        seed_from_model(sandbox.state, organization)
        sandbox.settings.writes_per_window = 80
        sandbox.settings.write_window_s = 60.0
        mark = len(sandbox.log)
        run = run_ghprov(
            "apply",
            "--config",
            str(config_dir),
            "--api-url",
            sandbox.url,
            "--yes",
            "--json",
            "--write-interval",
            str(interval),
            "--no-verify",
            env={"GHPROV_TOKEN": sandbox.tokens["owner"]},
        )
        figures = traffic(sandbox, mark)
    if run.exit_code != 0:
        raise SystemExit(f"apply failed ({run.exit_code}): {run.stderr[-2000:]}")
    applied = json.loads(run.stdout)["summary"]
    return {
        "changes": changes,
        "write_interval_s": interval,
        "wall_s": round(run.wall_seconds, 1),
        "floor_s": changes * interval,
        "writes": figures["writes"],
        "done": applied["done"],
        "secondary_limited": figures["secondary_limited"],
        "peak_rss_mb": round(run.peak_rss_mb, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--skip-apply", action="store_true", help="Only the plan benchmark (the apply one takes minutes)."
    )
    parser.add_argument(
        "--no-docs", action="store_true", help="Print figures without updating docs/performance.md."
    )
    arguments = parser.parse_args()
    startup = startup_figures()
    print(json.dumps(startup))
    with tempfile.TemporaryDirectory() as temporary:
        workdir = Path(temporary)
        plan_rows = plan_benchmark(workdir)
        for row in plan_rows:
            print(json.dumps(row))
        apply_row = None if arguments.skip_apply else apply_benchmark(workdir)
        if apply_row is not None:
            print(json.dumps(apply_row))
    if not arguments.no_docs:
        report.update_performance_doc(plan_rows, apply_row, startup)


if __name__ == "__main__":
    main()
