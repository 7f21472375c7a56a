"""The one ruleset-targeting matcher: GitHub's File.fnmatch(FNM_PATHNAME) semantics, keywords, conditions."""

from __future__ import annotations

import pytest

from ghprov.model.ruleset_targets import branch_targeted, fnmatch_pathname, repository_targeted


@pytest.mark.parametrize(
    ("pattern", "name", "matches"),
    [
        # GitHub's own examples ("Using fnmatch syntax").
        ("qa/*", "qa/one", True),
        ("qa/*", "qa/foo/bar", False),
        ("qa/**/*", "qa/foo/bar/foobar/hello-world", True),
        ("qa/**/*", "qa/one", True),
        ("qa**/**/*", "qa-team/foo/bar", True),
        ("releases/**/*", "releases/v1", True),
        # "*" and "?" stop at "/"; "**" inside a segment is a plain "*".
        ("*", "main", True),
        ("*", "feature/x", False),
        ("release-?", "release-1", True),
        ("release-?", "release-/", False),
        ("a**b", "a/b", False),
        ("**/main", "main", True),
        ("**/main", "team/x/main", True),
        ("refs/heads/*", "refs/heads/main", True),
        # Case-sensitive: GitHub does not pass File::FNM_CASEFOLD.
        ("Main", "main", False),
        ("d1-*", "D1-fleet", False),
        ("d1-*", "d1-fleet", True),
        # Sets and complements, never across "/".
        ("v[0-9]", "v7", True),
        ("v[0-9]", "vx", False),
        ("v[!0-9]", "vx", True),
        ("v[!0-9]", "v7", False),
        ("a[/]b", "a/b", False),
        ("v[0-9", "v[0-9", False),
        # A wildcard does not supply a leading "." (no File::FNM_DOTMATCH).
        ("*", ".github", False),
        (".*", ".github", True),
        ("**/x", ".hidden/x", False),
        # Backslash is not a quoting character on GitHub.
        ("a\\*", "a\\b", True),
        # Regex metacharacters are literal.
        ("a.b+c", "a.b+c", True),
        ("a.b+c", "axbbc", False),
    ],
)
def test_fnmatch_pathname(pattern: str, name: str, matches: bool) -> None:
    assert fnmatch_pathname(pattern, name) is matches


def _ref(include: list[str], exclude: list[str] | None = None) -> dict[str, object]:
    return {"ref_name": {"include": include, "exclude": exclude or []}}


def test_branch_keywords_and_both_ref_forms() -> None:
    assert branch_targeted(_ref(["~DEFAULT_BRANCH"]), "trunk", "trunk")
    assert not branch_targeted(_ref(["~DEFAULT_BRANCH"]), "main", "trunk")
    assert branch_targeted(_ref(["~ALL"]), "feature/x", "main")
    assert branch_targeted(_ref(["refs/heads/release/*"]), "release/1", "main")
    assert branch_targeted(_ref(["release/*"]), "release/1", "main")
    assert not branch_targeted(_ref(["refs/heads/release/*"]), "release/1/hotfix", "main")


def test_branch_exclude_wins_and_keywords_work_there_too() -> None:
    assert not branch_targeted(_ref(["~ALL"], ["~DEFAULT_BRANCH"]), "main", "main")
    assert branch_targeted(_ref(["~ALL"], ["~DEFAULT_BRANCH"]), "dev", "main")
    assert not branch_targeted(_ref(["~ALL"], ["refs/heads/wip/*"]), "wip/a", "main")
    assert not branch_targeted(_ref(["~DEFAULT_BRANCH"], ["~ALL"]), "main", "main")


def test_no_ref_condition_targets_no_branch() -> None:
    assert not branch_targeted({}, "main", "main")
    assert not branch_targeted(_ref([]), "main", "main")


def test_repository_name_condition() -> None:
    names = {"repository_name": {"include": ["d1-*"], "exclude": ["d1-apps"], "protected": False}}
    assert repository_targeted(names, "d1-fleet", None)
    assert not repository_targeted(names, "d1-apps", None)
    assert not repository_targeted(names, "D1-FLEET", None)
    assert not repository_targeted(names, "other", None)
    everything = {"repository_name": {"include": ["~ALL"], "exclude": []}}
    assert repository_targeted(everything, ".github", None)
    assert not repository_targeted({"repository_name": {"include": ["~ALL"], "exclude": ["~ALL"]}}, "x", 1)


def test_repository_id_property_and_missing_conditions() -> None:
    by_id = {"repository_id": {"repository_ids": [7, 9]}}
    assert repository_targeted(by_id, "any", 7)
    assert not repository_targeted(by_id, "any", 8)
    assert not repository_targeted(by_id, "any", None)
    by_property = {"repository_property": {"include": [{"name": "tier", "property_values": ["prod"]}]}}
    assert not repository_targeted(by_property, "d1-fleet", 7)
    assert not repository_targeted({"ref_name": {"include": ["~ALL"]}}, "d1-fleet", 7)


def test_a_property_condition_needs_every_include_and_no_exclude() -> None:
    def spec(name: str, *values: str, source: str = "custom") -> dict[str, object]:
        return {"name": name, "property_values": list(values), "source": source}

    condition = {
        "repository_property": {
            "include": [spec("team", "platform", "infra"), spec("tags", "fleet")],
            "exclude": [spec("env", "sandbox")],
        }
    }
    fleet = {"team": "platform", "tags": ["fleet", "gitops"], "env": "prod"}
    assert repository_targeted(condition, "d1-fleet", 1, fleet)
    assert not repository_targeted(condition, "d1-fleet", 1, {**fleet, "tags": ["apps"]})
    assert not repository_targeted(condition, "d1-fleet", 1, {**fleet, "env": "sandbox"})
    assert not repository_targeted(condition, "d1-fleet", 1, {"tags": ["fleet"]})
    # Without the repository's values (a caller that did not read them) nothing is selected.
    assert not repository_targeted(condition, "d1-fleet", 1)
    # System properties are not among the values read: they match nothing.
    system = {"repository_property": {"include": [spec("fork", "false", source="system")], "exclude": []}}
    assert not repository_targeted(system, "d1-fleet", 1, {"fork": "false"})
    assert not repository_targeted({"repository_property": {"include": [], "exclude": []}}, "x", 1, fleet)
