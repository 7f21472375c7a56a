"""Who may get around a protection (REPO-14) and who may dismiss reviews or push (REPO-15)."""

from __future__ import annotations

from collections.abc import Iterator

from ghprov.audit.branches import BranchRules
from ghprov.audit.checks.base import Context, Registered, error, skipped, spec, verdict
from ghprov.audit.findings import Evidence, Finding, Severity, Status, finding
from ghprov.model import Actors

REPO_14 = spec(
    "REPO-14",
    "Bypass list is exactly the declared bot",
    Severity.MEDIUM,
    "branch",
    "Only the declared bot (its user, a team of bots only, or its App) may bypass, and only on the "
    "branches it pushes to; any other bypass actor fails, in bypass_pull_request_allowances, "
    "bypass_force_push_allowances or ruleset bypass_actors. Unreadable bypass lists fail closed (ERROR).",
    "Remove every other actor from bypass_pull_request_allowances, bypass_force_push_allowances and ruleset "
    "bypass_actors.",
    legitify="data.repository.users_allowed_to_bypass_ruleset",
    scorecard="Branch-Protection/tier1",
)
REPO_15 = spec(
    "REPO-15",
    "Review dismissal and push restricted",
    Severity.LOW,
    "branch",
    "Only the bot and the platform teams may dismiss reviews or push to a protected branch.",
    "Set dismissal_restrictions (and restrictions, if used) to the bot and the platform team.",
    legitify=("data.repository.review_dismissal_allowed", "data.repository.pushes_are_not_restricted"),
    cis_ssc=("1.1.5", "1.1.15"),
)


def _actor_names(actors: Actors) -> list[tuple[str, str]]:
    return (
        [("user", login) for login in actors.users]
        + [("team", team) for team in actors.teams]
        + [("app", app) for app in actors.apps]
    )


def _bypassers(ctx: Context, rules: BranchRules) -> list[tuple[str, str, str, Evidence]]:
    """(kind, name, where, evidence) for every bypass actor of the branch."""
    found = []
    locator = ctx.input.locator
    classic = rules.classic
    if classic is not None and classic.requires_pull_request:
        evidence = locator.protection(rules.repo, rules.branch, "bypass_pull_request_allowances")
        for kind, name in _actor_names(classic.bypass_pull_request_allowances):
            found.append((kind, name, "classic_protection", evidence))
    if classic is not None and not classic.allow_force_pushes:
        # A force-push bypass is a bypass too, and the worse one: it rewrites history (REPO-02 judges that).
        evidence = locator.protection(rules.repo, rules.branch, "bypass_force_push_allowances")
        for kind, name in _actor_names(classic.bypass_force_push_allowances):
            found.append((kind, name, "classic_protection bypass_force_push_allowances", evidence))
    for applied in rules.rulesets:
        for index, actor in enumerate(applied.ruleset.bypass_actors):
            name = actor.name or actor.kind
            evidence = locator.ruleset(applied.repository, applied.name, f"/bypass_actors/{index}")
            found.append((actor.kind, name, f"{applied.source} ({actor.mode})", evidence))
    return found


def bypass_actors(ctx: Context) -> Iterator[Finding]:
    bot_teams = ctx.bot_teams()
    for repo, repository in ctx.active_repositories():
        blind = ctx.protection_unknown(repo)
        push_branches = ctx.profile.bot_push_branches(repo, repository)
        for branch in ctx.branches(repo, repository):
            resource = ctx.repository(repo, branch)
            if blind:
                yield error(REPO_14, resource, f"bypass actors could not be read: {blind}")
                continue
            rules = ctx.rules(repo, branch)
            actors = _bypassers(ctx, rules)
            allowed_here = branch in push_branches

            def allowed(kind: str, name: str, here: bool = allowed_here) -> bool:
                return here and (
                    (kind == "user" and name in ctx.bots)
                    or (kind == "team" and name in bot_teams)
                    or (kind == "app" and name in ctx.profile.bot_apps)
                )

            extra = [(k, n, where, e) for k, n, where, e in actors if not allowed(k, n)]
            accepted = [f"{k}:{n}" for k, n, _, _ in actors if allowed(k, n)]
            message = ""
            if extra:
                where = "" if allowed_here else f" ({branch} is not a branch the bot pushes to)"
                message = (
                    "unexpected bypass actors: "
                    + ", ".join(f"{k}:{n} in {w}" for k, n, w, _ in extra)
                    + where
                )
            elif accepted:
                message = "accepted: allowlisted actor(s) " + ", ".join(accepted)
            yield finding(
                REPO_14,
                resource,
                verdict(not extra),
                expected={"bypass_actors": sorted({f"user:{b}" for b in ctx.bots}) if allowed_here else []},
                actual={"bypass_actors": sorted({f"{k}:{n}" for k, n, _, _ in actors})},
                message=message,
                evidence=[e for *_, e in (extra or actors)] or [ctx.input.locator.protection(repo, branch)],
            )


def dismissal_and_push(ctx: Context) -> Iterator[Finding]:
    allowed_teams = {*ctx.profile.platform_teams, *ctx.bot_teams()}
    for repo, repository in ctx.active_repositories():
        blind = ctx.protection_unknown(repo)
        for branch in ctx.branches(repo, repository):
            resource = ctx.repository(repo, branch)
            if blind:
                yield error(REPO_15, resource, f"protections could not be read: {blind}")
                continue
            rules = ctx.rules(repo, branch)
            classic = rules.classic
            if classic is None or not classic.requires_pull_request:
                if any(True for _ in rules.rules("pull_request")):
                    yield skipped(
                        REPO_15, resource, "Not applicable: rulesets cannot restrict who dismisses reviews"
                    )
                    continue
                yield finding(
                    REPO_15,
                    resource,
                    Status.FAILED,
                    expected="pull requests required, dismissal restricted",
                    actual="no pull request requirement",
                    evidence=[ctx.input.locator.protection(repo, branch)],
                )
                continue
            problems = []
            if classic.dismissal_restrictions is None:
                problems.append("anyone with write access may dismiss reviews")
            for field, actors in (
                ("dismissal_restrictions", classic.dismissal_restrictions),
                ("restrictions", classic.restrictions),
            ):
                if actors is None:
                    continue
                for kind, name in _actor_names(actors):
                    if not (
                        (kind == "user" and name in ctx.bots)
                        or (kind == "team" and name in allowed_teams)
                        or (kind == "app" and name in ctx.profile.bot_apps)
                    ):
                        problems.append(f"{field} includes {kind}:{name}")
            yield finding(
                REPO_15,
                resource,
                verdict(not problems),
                expected={
                    "allowed": sorted(
                        [*(f"user:{b}" for b in ctx.bots), *(f"team:{t}" for t in allowed_teams)]
                    )
                },
                actual={"problems": problems},
                message="; ".join(problems),
                evidence=[
                    ctx.input.locator.protection(repo, branch, "dismissal_restrictions"),
                    ctx.input.locator.protection(repo, branch, "restrictions"),
                ],
                source_of_truth="classic_protection",
            )


CHECKS = (Registered(REPO_14, bypass_actors), Registered(REPO_15, dismissal_and_push))
