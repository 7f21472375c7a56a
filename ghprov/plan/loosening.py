"""Does a protection or ruleset change make a branch easier to push to? Loosening changes run last.

A change counts as loosening when it weakens anything, even if it also tightens something else:
then the stricter parts of a plan are in place before any guard comes down.
"""

from __future__ import annotations

from typing import Any

from ghprov.model import Actors, BranchProtection, Ruleset, StatusChecks

# Protection options where true is the stricter setting.
PROTECTION_GUARDS = (
    "dismiss_stale_reviews",
    "require_code_owner_reviews",
    "require_last_push_approval",
    "enforce_admins",
    "required_signatures",
    "required_linear_history",
    "block_creations",
    "required_conversation_resolution",
    "lock_branch",
)
# Protection options where true is the looser setting.
PROTECTION_ALLOWANCES = ("allow_force_pushes", "allow_deletions", "allow_fork_syncing")
# Ruleset rule parameters where true is the looser setting (every other boolean is a requirement).
RULE_FLAGS_LOOSE_WHEN_TRUE = frozenset({"do_not_enforce_on_create", "update_allows_fetch_and_merge"})
ENFORCEMENT_STRENGTH = {"disabled": 0, "evaluate": 1, "active": 2}
# A bypass mode that lets the actor skip more (exempt skips silently, always skips outright).
BYPASS_MODE_STRENGTH = {"pull_request": 0, "always": 1, "exempt": 2}


def _actors_added(before: Actors, after: Actors) -> bool:
    return any(set(getattr(after, kind)) - set(getattr(before, kind)) for kind in ("users", "teams", "apps"))


def _restriction_loosens(before: Actors | None, after: Actors | None) -> bool:
    # None means "no restriction": anyone with write access may push or dismiss.
    if before is None:
        return False
    return after is None or _actors_added(before, after)


def _checks_loosen(before: StatusChecks | None, after: StatusChecks | None) -> bool:
    if before is None:
        return False
    if after is None:
        return True
    if before.strict and not after.strict:
        return True
    wanted = _check_sources(after)
    # A dropped check loosens; so does a check pinned to an App that now accepts another source.
    return any(
        context not in wanted or (app is not None and wanted[context] != app)
        for context, app in _check_sources(before).items()
    )


def _check_sources(checks: StatusChecks) -> dict[str, str | None]:
    """Each required context → the App that must report it (None: any source)."""
    sources: dict[str, str | None] = dict.fromkeys(checks.contexts)
    sources.update({check.context: check.app for check in checks.checks})
    return sources


def protection_loosens(before: BranchProtection | None, after: BranchProtection | None) -> bool:
    """True when ``after`` allows something ``before`` did not (deleting a protection always does)."""
    if before is None:
        return False
    if after is None:
        return True
    old_count, new_count = before.required_approving_review_count, after.required_approving_review_count
    if old_count is not None and (new_count is None or new_count < old_count):
        return True
    if any(getattr(before, name) and not getattr(after, name) for name in PROTECTION_GUARDS):
        return True
    if any(getattr(after, name) and not getattr(before, name) for name in PROTECTION_ALLOWANCES):
        return True
    if set(before.required_deployments) - set(after.required_deployments):
        return True
    return (
        _actors_added(before.bypass_pull_request_allowances, after.bypass_pull_request_allowances)
        or _actors_added(before.bypass_force_push_allowances, after.bypass_force_push_allowances)
        or _restriction_loosens(before.dismissal_restrictions, after.dismissal_restrictions)
        or _restriction_loosens(before.restrictions, after.restrictions)
        or _checks_loosen(before.required_status_checks, after.required_status_checks)
    )


def _parameter_loosens(name: str, before: Any, after: Any) -> bool:
    if before == after:
        return False
    if isinstance(before, bool) and isinstance(after, bool):
        return after if name in RULE_FLAGS_LOOSE_WHEN_TRUE else before
    if isinstance(before, int | float) and isinstance(after, int | float):
        # Limits ("max_file_size") loosen upwards; requirements (review counts) loosen downwards.
        return after > before if name.startswith("max_") else after < before
    if isinstance(before, list) and isinstance(after, list):
        old_items = [repr(item) for item in before]
        new_items = [repr(item) for item in after]
        if name.startswith("allowed_"):
            return bool(set(new_items) - set(old_items))
        return bool(set(old_items) - set(new_items))
    # Anything else (a pattern, an operator) cannot be ranked: treat the change as loosening.
    return True


def _rules_loosen(before: Ruleset, after: Ruleset) -> bool:
    new_rules = {rule.type: rule.parameters or {} for rule in after.rules}
    for rule in before.rules:
        if rule.type not in new_rules:
            return True
        old_parameters, new_parameters = rule.parameters or {}, new_rules[rule.type]
        for name in set(old_parameters) | set(new_parameters):
            if _parameter_loosens(name, old_parameters.get(name), new_parameters.get(name)):
                return True
    return False


def _conditions_loosen(before: dict[str, Any], after: dict[str, Any]) -> bool:
    for key in set(before) | set(after):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict) and {"include", "exclude"} >= set(old) | set(new):
            if set(old.get("include", [])) - set(new.get("include", [])):
                return True
            if set(new.get("exclude", [])) - set(old.get("exclude", [])):
                return True
            continue
        return True
    return False


def _bypass_loosens(before: Ruleset, after: Ruleset) -> bool:
    old_modes = {(actor.kind, actor.name): BYPASS_MODE_STRENGTH[actor.mode] for actor in before.bypass_actors}
    for actor in after.bypass_actors:
        old = old_modes.get((actor.kind, actor.name))
        if old is None or BYPASS_MODE_STRENGTH[actor.mode] > old:
            return True
    return False


def ruleset_loosens(before: Ruleset | None, after: Ruleset | None) -> bool:
    """True when ``after`` enforces less, covers less, or lets more actors bypass than ``before``."""
    if before is None:
        return False
    if after is None:
        return True
    if ENFORCEMENT_STRENGTH[after.enforcement] < ENFORCEMENT_STRENGTH[before.enforcement]:
        return True
    return (
        before.target != after.target
        or _rules_loosen(before, after)
        or _conditions_loosen(before.conditions, after.conditions)
        or _bypass_loosens(before, after)
    )
