"""``python -m benchmarks.audit``: ``ghprov audit export`` on the 1,000-repository benchmark organisation.

The organisation of ``benchmarks.synthetic`` is seeded into a sandbox with 100 ms latency per
request; the export runs as a separate process with an owner token. Prints requests (REST and
GraphQL), wall time and peak RSS, and replaces the "Audit" section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.measure import run_ghprov
from benchmarks.run import request_mix
from benchmarks.synthetic import synthetic_organization
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.seeds import seed_from_model

LATENCY_MS = 100
BEGIN = "<!-- bench:audit:begin -->"
END = "<!-- bench:audit:end -->"


def audit_case(sandbox: Sandbox, org: str, out: Path, *extra: str) -> dict[str, Any]:
    mark = len(sandbox.log)
    run = run_ghprov(
        "audit",
        "export",
        "--org",
        org,
        "--out",
        str(out),
        "--api-url",
        sandbox.url,
        "--fail-on",
        "none",
        *extra,
        env={"GHPROV_TOKEN": sandbox.tokens["owner"]},
    )
    if run.exit_code != 0:
        raise SystemExit(f"audit export failed ({run.exit_code}): {run.stderr[-2000:]}")
    entries = sandbox.log[mark:]
    graphql = sum(1 for entry in entries if entry.path.endswith("/graphql"))
    findings = json.loads((out / "findings.json").read_text())["summary"]
    return {
        "case": " ".join(["export", *extra]) or "export",
        "rest": len(entries) - graphql,
        "graphql": graphql,
        "writes": sum(1 for entry in entries if entry.is_write and not entry.path.endswith("/graphql")),
        "findings": findings["total"],
        "access_rows": len(json.loads((out / "snapshot.json").read_text())["access"]),
        "wall_s": round(run.wall_seconds, 2),
        "peak_rss_mb": round(run.peak_rss_mb, 1),
        "mix": request_mix(sandbox, mark),
    }


def audit_benchmark(deep: bool) -> list[dict[str, Any]]:
    organization = synthetic_organization()
    owner = organization.members.owners[0] if organization.members else "owner"
    with Sandbox.start(
        org=organization.organization, latency_ms=LATENCY_MS, logins={"owner": owner}
    ) as sandbox:
        started = time.perf_counter()
        seed_from_model(sandbox.state, organization)
        print(
            f"seeded {len(organization.repositories)} repositories in {time.perf_counter() - started:.2f} s"
        )
        with tempfile.TemporaryDirectory() as temporary:
            rows = [audit_case(sandbox, organization.organization, Path(temporary) / "plain")]
            if deep:
                rows.append(
                    audit_case(sandbox, organization.organization, Path(temporary) / "deep", "--deep")
                )
    return rows


def section(rows: list[dict[str, Any]]) -> str:
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    lines = [
        BEGIN,
        "## Audit",
        "",
        f"Measured {when} with `python -m benchmarks.audit` on {platform.machine()} "
        f"({platform.python_version()}). `ghprov audit export` runs as a separate process against the "
        "1,000-repository benchmark organisation (150 teams, 500 members) in a sandbox with 100 ms latency "
        "per request, default read concurrency (GHPROV_MAX_READ_CONCURRENCY=8).",
        "",
        "The export makes the plan's read with every access kind (GraphQL, plus the live read's REST "
        "calls: most of the REST requests below are its `GET /repos/{org}/{repo}/teams`, which tell "
        "nested teams' own grants from inherited ones). Direct collaborators and deploy keys of every "
        "repository ride on that read's shared repository pages (`Repository.collaborators(affiliation: "
        "DIRECT)` and `deployKeys`, a follow-up only for a repository with more than 100 collaborators or "
        "20 keys), and the access matrix takes the collaborators from it. What only the audit needs: the "
        "organisation repository list (10 pages), CODEOWNERS files, members without 2FA, outside "
        "collaborators, PAT grants and the organisation's Actions settings. `--deep` adds three requests "
        "per repository (workflow permissions, webhooks, secrets) and up to three per public repository "
        "(SECURITY.md).",
        "",
        "Before (2026-12-04, same organisation): the deploy keys and the collaborators kind paged the "
        "repositories themselves and the audit read the direct collaborators a second time "
        "(`AuditCollaborators`), 10 GraphQL requests each: 128 REST + 50 GraphQL requests, 12.7 s. "
        "Before that (2026-11-26): one `GET /repos/{org}/{repo}/collaborators?affiliation=direct` per "
        "repository, 1,051 REST requests, 46.2 s, 438.9 MB; findings, their resources and evidence are "
        "frozen slots dataclasses instead of pydantic models, and identical resources and evidence are "
        "shared (the evaluation grew RSS by 130 MB, now by about 40 MB); SARIF is encoded by "
        "pydantic-core instead of the standard library's pure-Python indenting encoder (176 MB of "
        "transient string chunks, now about 100 MB). The remaining peak is the findings.json and SARIF "
        "text (48 MB and 28 MB, each held as bytes and as text while written).",
        "",
        "| case | REST requests | GraphQL requests | writes | findings | access rows | wall (s) "
        "| peak RSS (MB) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['case']} | {row['rest']} | {row['graphql']} | {row['writes']} | {row['findings']} "
            f"| {row['access_rows']} | {row['wall_s']} | {row['peak_rss_mb']} |"
        )
    lines += ["", "Requests per phase:", "", *report.mix_table(rows), END]
    return "\n".join(lines)


def update_doc(rows: list[dict[str, Any]]) -> None:
    """Replace the Audit section of docs/performance.md (or append it), leaving other sections alone."""
    report.replace_section(BEGIN, END, section(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--deep", action="store_true", help="Also measure `--deep` (about 3,000 more requests)."
    )
    parser.add_argument(
        "--no-docs", action="store_true", help="Print figures without updating docs/performance.md."
    )
    arguments = parser.parse_args()
    rows = audit_benchmark(arguments.deep)
    for row in rows:
        print(json.dumps(row))
    if not arguments.no_docs:
        update_doc(rows)


if __name__ == "__main__":
    main()
