"""Which branches and repositories a ruleset targets: the one matcher for audit, sandbox and plan.

GitHub documents ruleset targeting ("Creating rulesets for a repository" > "Using fnmatch syntax",
docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/
creating-rulesets-for-a-repository#using-fnmatch-syntax) as Ruby's ``File.fnmatch`` with the
``File::FNM_PATHNAME`` flag and nothing else, and lists what it does not support. So:

- ``*``, ``?`` and ``[set]`` never match ``/``; a whole ``**/`` segment matches any number of
  directories (``qa/**/*`` matches ``qa/foo/bar/x``); ``**`` inside a segment is just ``*``.
- Case-sensitive: ``File::FNM_CASEFOLD`` is not among the flags GitHub names, and Ruby's
  ``File.fnmatch`` only folds case with it. Git refs are case-sensitive anyway; repository names
  are compared as GitHub stores them. (Before this module the sandbox's GraphQL view folded case and
  the audit and REST view did not.)
- Without ``File::FNM_DOTMATCH`` a wildcard does not match a leading ``.`` of a path segment (Ruby's
  rule); git forbids ref components starting with ``.``, so this only matters for repository names
  such as ``.github``, which ``~ALL`` or an explicit ``.*`` pattern target.
- Backslash is not a quoting character (GitHub: "you cannot use the backslash character as a
  quoting character"), so it is matched literally. ``[!set]`` and ``[^set]`` complement a set, as
  in Ruby; GitHub says ``^`` is unsupported, so configs should use ``!``.

``~ALL`` and ``~DEFAULT_BRANCH`` are GitHub's keywords (REST "repository-ruleset-conditions"). A
``ref_name`` pattern is tried against the full ref (``refs/heads/main``) and the short branch name,
as ghprov always has: GitHub's UI writes full refs, and configs written by hand often do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

ALL = "~ALL"
DEFAULT_BRANCH = "~DEFAULT_BRANCH"
BRANCH_PREFIX = "refs/heads/"

# Any number of whole path segments, none starting with "." (Ruby does not recurse into them).
_ANY_DIRECTORIES = r"(?:(?!\.)[^/]*/)*"


def _character_set(pattern: str, start: int) -> tuple[str, int] | None:
    """The regex for the ``[...]`` opening at ``start`` and the index after it, or None if unclosed."""
    index = start + 1
    negated = index < len(pattern) and pattern[index] in "!^"
    if negated:
        index += 1
    members: list[str] = []
    while index < len(pattern) and pattern[index] != "]":
        low = pattern[index]
        if index + 2 < len(pattern) and pattern[index + 1] == "-" and pattern[index + 2] != "]":
            members.append(f"{re.escape(low)}-{re.escape(pattern[index + 2])}")
            index += 3
        else:
            members.append(re.escape(low))
            index += 1
    if index >= len(pattern):
        return None
    if not members:
        # "[]" (or "[!]") is a set Ruby can never satisfy: it closes on the first "]".
        return ("(?!)" if not negated else "[^/]"), index + 1
    body = "".join(members)
    # A set never matches the separator under FNM_PATHNAME.
    return (f"[^/{body}]" if negated else f"(?!/)[{body}]"), index + 1


def _segment(segment: str) -> str:
    """The regex for one ``/``-free segment of a pattern."""
    parts: list[str] = []
    if not segment.startswith("."):
        parts.append(r"(?!\.)")  # a wildcard may not supply a leading "."
    index = 0
    while index < len(segment):
        char = segment[index]
        if char == "*":
            while index < len(segment) and segment[index] == "*":
                index += 1
            parts.append("[^/]*")
            continue
        if char == "?":
            parts.append("[^/]")
        elif char == "[":
            found = _character_set(segment, index)
            if found is None:
                return "(?!)"  # Ruby fails an unclosed set rather than reading "[" literally
            regex, index = found
            parts.append(regex)
            continue
        else:
            parts.append(re.escape(char))
        index += 1
    return "".join(parts)


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    segments = pattern.split("/")
    parts: list[str] = []
    for position, segment in enumerate(segments):
        last = position == len(segments) - 1
        if segment == "**" and not last:
            parts.append(_ANY_DIRECTORIES)
            continue
        parts.append(_segment(segment) + ("" if last else "/"))
    return re.compile("".join(parts))


def fnmatch_pathname(pattern: str, name: str) -> bool:
    """Does ``name`` match ``pattern`` as ``File.fnmatch(pattern, name, File::FNM_PATHNAME)`` would?"""
    return _compiled(pattern).fullmatch(name) is not None


def _patterns(condition: Mapping[str, Any], key: str) -> Iterable[str]:
    return [str(pattern) for pattern in condition.get(key) or ()]


def _branch_matches(pattern: str, branch: str, default_branch: str) -> bool:
    if pattern == ALL:
        return True
    if pattern == DEFAULT_BRANCH:
        return branch == default_branch
    return fnmatch_pathname(pattern, BRANCH_PREFIX + branch) or fnmatch_pathname(pattern, branch)


def branch_targeted(conditions: Mapping[str, Any], branch: str, default_branch: str) -> bool:
    """Does the ``ref_name`` condition select ``branch``? (No condition: nothing is selected.)"""
    ref_name = conditions.get("ref_name")
    if not isinstance(ref_name, Mapping):
        return False
    included = any(_branch_matches(p, branch, default_branch) for p in _patterns(ref_name, "include"))
    return included and not any(
        _branch_matches(p, branch, default_branch) for p in _patterns(ref_name, "exclude")
    )


def _name_matches(pattern: str, name: str) -> bool:
    return pattern == ALL or fnmatch_pathname(pattern, name)


# A repository's custom property values (text, or a list for multi_select), by property name.
PropertyValues = Mapping[str, str | Sequence[str]]


def _property_matches(spec: Any, properties: PropertyValues) -> bool:
    """Does the repository hold one of ``spec``'s ``property_values`` for its property?

    Only custom properties can be told: a system property (``source: system``, such as ``fork``) is
    not part of the values ghprov reads, so it matches nothing.
    """
    if not isinstance(spec, Mapping) or spec.get("source", "custom") != "custom":
        return False
    value = properties.get(str(spec.get("name")))
    held = [value] if isinstance(value, str) else list(value or ())
    return any(item in (spec.get("property_values") or ()) for item in held)


def repository_targeted(
    conditions: Mapping[str, Any],
    name: str,
    repository_id: int | None,
    properties: PropertyValues | None = None,
) -> bool:
    """Does an organisation ruleset's repository condition select this repository?

    GitHub requires exactly one of ``repository_name``, ``repository_id`` and
    ``repository_property`` on an organisation ruleset, and a ruleset with no repository condition is
    not one GitHub accepts: it selects nothing. A ``repository_property`` condition is decided on
    the repository's custom property ``properties``: every ``include`` entry must hold ("all of these
    properties must match") and no ``exclude`` entry may ("the condition will not pass if any of
    these properties match"), as GitHub's REST reference words it. Without ``properties`` (a
    caller that has not read them) it selects nothing, so a check never counts on a protection it
    cannot show.
    """
    by_name = conditions.get("repository_name")
    if isinstance(by_name, Mapping):
        included = any(_name_matches(p, name) for p in _patterns(by_name, "include"))
        return included and not any(_name_matches(p, name) for p in _patterns(by_name, "exclude"))
    by_id = conditions.get("repository_id")
    if isinstance(by_id, Mapping):
        return repository_id is not None and repository_id in (by_id.get("repository_ids") or ())
    by_property = conditions.get("repository_property")
    if isinstance(by_property, Mapping) and properties is not None:
        include = list(by_property.get("include") or ())
        exclude = list(by_property.get("exclude") or ())
        return (
            bool(include)
            and all(_property_matches(spec, properties) for spec in include)
            and not any(_property_matches(spec, properties) for spec in exclude)
        )
    return False
