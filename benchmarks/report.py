"""Keeping docs/performance.md current: each benchmark owns one marked section of the file."""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
BEGIN = "<!-- bench:plan-apply:begin -->"
END = "<!-- bench:plan-apply:end -->"


def _plan_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| case | changes | REST requests | GraphQL requests | rate-limit points | wall (s), median (best) "
        "| peak RSS (MB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['case']} | {row['changes']} | {row['rest']} | {row['graphql']} | {row['points']} "
            f"| {row['wall_s']} ({row.get('best_wall_s', row['wall_s'])}) | {row['peak_rss_mb']} |"
        )
    return lines


def mix_table(rows: list[dict[str, Any]]) -> list[str]:
    """Requests per reader phase (rows) for each plan case (columns)."""
    phases = list(dict.fromkeys(phase for row in rows for phase in row["mix"]))
    lines = [
        "| phase | " + " | ".join(row["case"] for row in rows) + " |",
        "|---|" + "---|" * len(rows),
    ]
    for phase in phases:
        lines.append(f"| {phase} | " + " | ".join(str(row["mix"].get(phase, 0)) for row in rows) + " |")
    return lines


def _apply_table(row: dict[str, Any]) -> list[str]:
    return [
        "| changes | writes issued | done | secondary-limit responses | wall (s) "
        "| changes x pacing (s) | peak RSS (MB) |",
        "|---|---|---|---|---|---|---|",
        f"| {row['changes']} | {row['writes']} | {row['done']} | {row['secondary_limited']} "
        f"| {row['wall_s']} | {row['floor_s']:.0f} | {row['peak_rss_mb']} |",
    ]


def _previous_apply_block(text: str) -> list[str]:
    """The apply figures already in the doc, kept when only the plan benchmark ran (--skip-apply)."""
    if "### Apply" not in text:
        return []
    block = text.split("### Apply", 1)[1].split("###", 1)[0]
    return ["", "### Apply" + block.rstrip("\n")]


def section(
    plan_rows: list[dict[str, Any]],
    apply_row: dict[str, Any] | None,
    startup: dict[str, float],
    previous: str = "",
) -> str:
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    lines = [
        BEGIN,
        "## Plan and apply",
        "",
        f"Measured {when} with `nox -s bench` on {platform.machine()} ({platform.python_version()}), "
        "2 cores. ghprov runs as a separate process; the sandbox injects 100 ms latency per request. "
        "Plan wall time: the median and the fastest of 3 runs (the machines are shared).",
        "",
        "### Plan: 1,000 repositories, 150 teams (some nested), 500 members, 2 protected branches and 1 "
        "ruleset per repository",
        "",
        "Targets: ≤ 300 requests (stretch ≤ 60; see below for why nested teams keep an exact read of "
        "this organisation above it), ≤ 10 s wall, ≤ 500 MB.",
        "",
        *_plan_table(plan_rows),
        "",
        "Requests per phase of the read:",
        "",
        *mix_table(plan_rows),
        "",
        "One GraphQL request per page of 100 repositories (with protections and rulesets) also carries the "
        "next page of members and of teams while they have one. REST carries what only REST has: "
        "organisation settings, invitations, custom roles, organisation rulesets, and one "
        "`GET /repos/{org}/{repo}/teams` per repository where a nested team's own grant cannot be told "
        "from the one it inherits: a child team's GraphQL grants include its parents', so a repository "
        "the child shows with no more than its parent's role is ambiguous (no GraphQL field, and no "
        "per-team REST list, separates direct from inherited; see ghprov/github/read/teams.py). These "
        "look-ups start as soon as the teams are read, while the repositories are still paging. The "
        f"benchmark organisation's {plan_rows[0].get('child_teams', '?')} child teams show "
        f"{plan_rows[0].get('nested_floor', '?')} distinct repositories that way, which is the floor of "
        "look-ups for an exact read of it; the same organisation with no team nested costs the "
        '"no team nested" row. The stretch target of 60 is therefore met wherever teams are not '
        "nested (and in D1's layout, which nests none), and exceeded by exactly the ambiguous "
        "repositories where they are: reading fewer would mean taking a child team's own grant from "
        "the config instead of from GitHub, so a grant added or removed by hand would go unseen. "
        "Before (2026-11-26): 79 REST + 17 GraphQL = 96 requests (members, teams and repositories "
        "paged apart). Read concurrency: 8.",
        "",
        "Kinds that read something of every repository through GraphQL (direct collaborators, deploy "
        "keys, vulnerability alerts) select it on the same repository pages instead of paging the "
        "repositories again (`github/read/repository_fields.py`); only a repository whose collaborators "
        "or deploy keys overflow the first page costs a follow-up. Before (2026-12-04), each such kind "
        "paged the repositories itself: the collaborators case above cost 141 REST + 20 GraphQL "
        "requests (10 of them `AuditCollaborators` pages).",
    ]
    if apply_row is not None:
        lines += [
            "",
            "### Apply: 200 changes, sandbox secondary limits on (80 writes per minute)",
            "",
            "Target: no secondary-limit responses; writes issued = changes planned.",
            "",
            *_apply_table(apply_row),
        ]
    else:
        lines += _previous_apply_block(previous)
    lines += [
        "",
        "### Start-up (target: sandbox starts in under 2 s)",
        "",
        "| measurement | seconds |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in startup.items()),
        END,
    ]
    return "\n".join(lines)


def current_doc() -> str:
    """docs/performance.md as it is now (a new one starts with its title)."""
    return DOC.read_text() if DOC.exists() else "# Performance\n\nFigures from `nox -s bench`.\n"


def replace_section(begin: str, end: str, new: str) -> None:
    """Put ``new`` (which starts with ``begin`` and ends with ``end``) in place of that marked section
    of docs/performance.md, or append it; every benchmark owns one section and leaves the others."""
    text = current_doc()
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        text = head + new + tail
    else:
        text = text.rstrip("\n") + "\n\n" + new + "\n"
    DOC.write_text(text)


def update_performance_doc(
    plan_rows: list[dict[str, Any]], apply_row: dict[str, Any] | None, startup: dict[str, float]
) -> None:
    """Replace the plan-and-apply section of docs/performance.md."""
    replace_section(BEGIN, END, section(plan_rows, apply_row, startup, current_doc()))


def run_section_benchmark(
    description: str | None,
    figures: Callable[[Path], list[dict[str, Any]]],
    render: Callable[[list[dict[str, Any]]], str],
    begin: str,
    end: str,
) -> None:
    """A benchmark's command line: measure in a scratch directory, print each row and its request mix,
    and (unless ``--no-docs``) replace the benchmark's marked section of docs/performance.md."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--no-docs", action="store_true", help="Print figures without updating docs/performance.md."
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        rows = figures(Path(temporary))
    for row in rows:
        print(json.dumps({key: value for key, value in row.items() if key != "mix"}))
        print(json.dumps(row["mix"]))
    if not arguments.no_docs:
        replace_section(begin, end, render(rows))
