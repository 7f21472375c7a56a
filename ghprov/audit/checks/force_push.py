"""REPO-02: force pushes are blocked, and nobody but the declared bot may rewrite history past the block.

D1 treats pushing to the fleet repositories as cluster-admin, and rewriting their history as worse: it
erases what an auditor reads. The reference layout keeps the bot's bypass in a ruleset of its own so it
never covers ``non_fast_forward`` ("separate ruleset so the bypass does not cover it"), so on the D1
repositories nobody may force-push, the bot included; elsewhere the declared bot may, on the branches it
pushes to. Every path is named: the classic ``bypass_force_push_allowances``, or a ruleset's bypass
actor in mode ``always``/``exempt`` over its ``non_fast_forward`` rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from ghprov.audit.branches import BranchRules
from ghprov.audit.checks.base import Context, Registered, error, spec, verdict
from ghprov.audit.findings import Evidence, Finding, Severity, Status, finding
from ghprov.audit.force_pushes import force_pushes

REPO_02 = spec(
    "REPO-02",
    "Force pushes blocked",
    Severity.MEDIUM,
    "branch",
    "Force pushes are blocked (classic allow_force_pushes: false, or a non_fast_forward ruleset rule) and "
    "nobody may get past every block (bypass_force_push_allowances, ruleset bypass actors in mode always or "
    "exempt) but the declared bot on the branches it pushes to, outside the D1 repositories.",
    "Set allow_force_pushes: false, or add a non_fast_forward ruleset rule; remove other actors from "
    "bypass_force_push_allowances, and keep non_fast_forward in a ruleset without bypass actors.",
    legitify="data.repository.missing_default_branch_protection_force_push",
    scorecard="Branch-Protection/tier1",
    cis_ssc="1.1.16",
    allstar="branch.blockForce",
)

EXPECTED = {"force_pushes": "blocked", "force_push_bypass": "none but the declared bot"}


def _where_it_would_be(ctx: Context, rules: BranchRules) -> list[Evidence]:
    found = []
    if rules.classic is not None:
        found.append(ctx.input.locator.protection(rules.repo, rules.branch, "allow_force_pushes"))
    found += [
        ctx.input.locator.ruleset(a.repository, a.name, "/rules[type=non_fast_forward]")
        for a in rules.rulesets
    ]
    return found or [ctx.input.locator.protection(rules.repo, rules.branch)]


def force_pushes_blocked(ctx: Context) -> Iterator[Finding]:
    bot_principals = {
        *(f"user:{bot}" for bot in ctx.bots),
        *(f"team:{team}" for team in ctx.bot_teams()),
        *(f"app:{app}" for app in ctx.profile.bot_apps),
    }
    for repo, repository in ctx.active_repositories():
        blind = ctx.protection_unknown(repo)
        d1 = ctx.profile.is_d1_repository(repo, repository)
        push_branches = ctx.profile.bot_push_branches(repo, repository)
        for branch in ctx.branches(repo, repository):
            resource = ctx.repository(repo, branch)
            if blind:
                yield error(REPO_02, resource, f"protections could not be read: {blind}")
                continue
            rules = ctx.rules(repo, branch)
            found = force_pushes(ctx.input.organization, rules, ctx.input.locator)
            if not found.blocked:
                message = (
                    f"{branch} has no classic protection and no active ruleset"
                    if not rules.protected
                    else "force pushes are allowed"
                )
                yield finding(
                    REPO_02,
                    resource,
                    Status.FAILED,
                    expected=EXPECTED,
                    actual="unprotected" if not rules.protected else "not required",
                    message=message,
                    evidence=_where_it_would_be(ctx, rules),
                )
                continue
            accepted = not d1 and branch in push_branches
            paths = {principal: "; ".join(how) for principal, how in found.bypassers.items()}
            intruders = [p for p in paths if not (accepted and p in bot_principals)]
            message = ""
            if intruders:
                why = " (nobody may rewrite a D1 repository's history)" if d1 else ""
                message = (
                    "force pushes are blocked, but may still be made by "
                    + ", ".join(f"{principal} ({paths[principal]})" for principal in intruders)
                    + why
                )
            elif paths:
                message = (
                    "accepted: the declared bot may force-push ("
                    + "; ".join(f"{p}: {how}" for p, how in paths.items())
                    + ")"
                )
            sources = [block.source for block in found.blocks]
            yield finding(
                REPO_02,
                resource,
                verdict(not intruders),
                expected=EXPECTED,
                actual={"satisfied_by": sources, "force_push_bypass": paths},
                message=message,
                evidence=found.evidence,
                source_of_truth=", ".join(dict.fromkeys(sources)),
            )


CHECKS = (Registered(REPO_02, force_pushes_blocked),)
