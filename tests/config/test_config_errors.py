"""Every bad input is reported with file:line:column and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest
from config_types import Problems, WriteConfig

from ghprov.config import load_config
from ghprov.errors import ConfigError, GhprovError

EXPECTED_ROLES = (
    "expected one of 'read', 'triage', 'write', 'maintain', 'admin' (or 'pull', 'push') "
    "or a role declared under custom_roles"
)


def test_yaml_syntax_error_names_the_position(write_config: WriteConfig, problems: Problems) -> None:
    write_config("a.yaml", "organization: acme\nteams: {x: [1, 2}\n")
    assert problems() == [
        "a.yaml:2:17: invalid YAML: expected ',' or ']', but got '}' "
        "(while parsing a flow sequence at line 2)"
    ]


def test_unknown_key_suggests_the_closest(write_config: WriteConfig, problems: Problems) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        teams:
          platform:
            privcy: closed
        """,
    )
    assert problems() == ["a.yaml:4:5: unknown key 'privcy' (did you mean 'privacy'?)"]


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(
    write_config: WriteConfig, problems: Problems
) -> None:
    write_config("a.yaml", "organization: acme\nbots:\n  flux: {groups: [a]}\n")
    assert problems() == ["a.yaml:3:10: unknown key 'groups' (expected one of: teams)"]


def test_unknown_top_level_key(write_config: WriteConfig, problems: Problems) -> None:
    write_config("a.yaml", "organization: acme\ndefualts: {}\n")
    assert problems() == ["a.yaml:2:1: unknown key 'defualts' (did you mean 'defaults'?)"]


def test_wrong_enum_value_lists_the_choices(write_config: WriteConfig, problems: Problems) -> None:
    write_config("a.yaml", "organization: acme\nteams:\n  platform:\n    privacy: hidden\n")
    assert problems() == ["a.yaml:4:14: expected one of 'secret', 'closed', got 'hidden'"]


def test_wrong_types_point_at_the_value(write_config: WriteConfig, problems: Problems) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        settings:
          members_can_create_repositories: [no]
        teams:
          platform:
            repositories: d1-fleet
        repositories:
          d1-fleet:
            branch_protection:
              main: {required_approving_review_count: many}
        """,
    )
    assert problems() == [
        "a.yaml:3:36: expected true or false, got a list",
        "a.yaml:6:19: expected a mapping, got 'd1-fleet'",
        "a.yaml:10:47: expected a whole number, got 'many'",
    ]


def test_out_of_range_and_model_rules(write_config: WriteConfig, problems: Problems) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        repositories:
          r:
            branch_protection:
              main: {required_approving_review_count: 7}
              dev: {dismiss_stale_reviews: true}
        """,
    )
    assert problems() == [
        "a.yaml:5:47: expected a number <= 6, got 7",
        "a.yaml:6:7: dismiss_stale_reviews only apply when pull requests are required: "
        "set required_approving_review_count (0-6)",
    ]


def test_missing_required_keys(write_config: WriteConfig, problems: Problems) -> None:
    write_config("a.yaml", "custom_roles:\n  flux-automation:\n    description: x\n")
    assert problems() == [
        "a.yaml:1:1: missing required key 'organization'",
        "a.yaml:2:3: missing required key 'base_role'",
    ]


def test_duplicate_entry_across_files_names_both(write_config: WriteConfig, problems: Problems) -> None:
    write_config("a.yaml", "organization: acme\nteams:\n  platform: {privacy: closed}\n")
    write_config("b.yml", "teams:\n  apps: {}\n  platform: {}\n")
    assert problems() == ["b.yml:3:3: teams entry 'platform' is defined twice (first at a.yaml:3:3)"]


def test_duplicate_top_level_key_across_files(write_config: WriteConfig, problems: Problems) -> None:
    write_config("a.yaml", "organization: acme\n")
    write_config("b.yaml", "# the second\norganization: other\n")
    assert problems() == ["b.yaml:2:1: top-level key 'organization' is defined twice (first at a.yaml:1:1)"]


def test_duplicate_key_in_one_file(write_config: WriteConfig, problems: Problems) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        teams:
          platform:
            privacy: closed
          apps: {}
          platform:
            privacy: secret
        """,
    )
    assert problems() == ["a.yaml:6:3: duplicate key 'platform' (first defined at a.yaml:3:3)"]


def test_unknown_parent_and_cycle(write_config: WriteConfig, problems: Problems) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        teams:
          a: {parent: c}
          b: {parent: a}
          c: {parent: b}
          d: {parent: ghost}
          e: {parent: e}
        """,
    )
    assert problems() == [
        "a.yaml:3:15: team parents form a cycle: a -> c -> b -> a",
        "a.yaml:6:15: unknown parent team 'ghost'",
        "a.yaml:7:15: team parents form a cycle: e -> e",
    ]


def test_grants_need_declared_repositories_and_roles(write_config: WriteConfig, problems: Problems) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        custom_roles:
          flux-automation: {base_role: write}
        teams:
          platform:
            repositories:
              d1-fleet: pull
              d1-infra: push
              d1-apps: writ
              d1-ap: flux-automation
              x: fluxautomation
        repositories: {d1-fleet: {}, d1-infra: {}, d1-apps: {}}
        """,
    )
    assert problems() == [
        f"a.yaml:9:16: unknown role 'writ' (did you mean 'write'?): {EXPECTED_ROLES}",
        "a.yaml:10:7: unknown repository 'd1-ap' (did you mean 'd1-apps'?) (declare it under repositories)",
        "a.yaml:11:7: unknown repository 'x' (declare it under repositories)",
        f"a.yaml:11:10: unknown role 'fluxautomation' (did you mean 'flux-automation'?): {EXPECTED_ROLES}",
    ]


def test_undeclared_teams_in_bots_allowances_and_bypass_actors(
    write_config: WriteConfig, problems: Problems
) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        teams: {flux-bots: {privacy: closed}, Platform Team: {}}
        bots:
          acme-flux-bot: {teams: [flux-bots, flux-bot]}
        repositories:
          r:
            branch_protection:
              main:
                required_approving_review_count: 1
                bypass_pull_request_allowances: {teams: [platform-team, ops]}
                restrictions: {teams: [ops2]}
            rulesets:
              protect:
                bypass_actors:
                  - {team: flux-bots}
                  - {team: flux_bots}
        rulesets:
          org-wide:
            conditions: {repository_name: {include: ["~ALL"]}}
            bypass_actors: [{team: platfrom-team, mode: always}]
        """,
    )
    assert problems() == [
        "a.yaml:4:38: unknown team 'flux-bot' (did you mean 'flux-bots'?)",
        "a.yaml:10:65: unknown team 'ops'",
        "a.yaml:11:32: unknown team 'ops2'",
        "a.yaml:16:20: bypass actor: unknown team 'flux_bots' (did you mean 'flux-bots'?)",
        "a.yaml:20:28: bypass actor: unknown team 'platfrom-team' (did you mean 'Platform Team'?)",
    ]


def test_bypass_actor_roles(write_config: WriteConfig, problems: Problems) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        custom_roles:
          flux-automation: {base_role: write}
        repositories:
          r:
            rulesets:
              protect:
                bypass_actors:
                  - {role: read}
                  - {role: maintain}
                  - {role: push}
                  - {role: flux-automation}
                  - {role: owner}
        """,
    )
    assert problems() == [
        "a.yaml:9:20: role 'read' cannot be a bypass actor: expected one of 'write', 'maintain', 'admin' "
        "or a role declared under custom_roles",
        "a.yaml:13:20: bypass actor: unknown role 'owner': expected one of 'write', 'maintain', 'admin' "
        "or a role declared under custom_roles",
    ]


def test_person_listed_twice(write_config: WriteConfig, problems: Problems) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        members:
          owners: [alice, carol]
          members: [bob, carol]
        teams:
          t:
            maintainers: [bob]
            members: [bob]
        """,
    )
    assert problems() == [
        "a.yaml:4:18: 'carol' is listed as both owner and member (also at a.yaml:3:19)",
        "a.yaml:8:15: 'bob' is listed as both maintainer and member (also at a.yaml:7:19)",
    ]


def test_previously_claimed_twice(write_config: WriteConfig, problems: Problems) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        teams:
          a: {previously: [old]}
          b: {previously: [old]}
          c: {previously: [a]}
        """,
    )
    assert problems() == [
        "a.yaml:4:20: 'old' is listed in previously of both team 'a' and 'b'",
        "a.yaml:5:20: 'a' is listed in previously of team 'c' but is also declared as a team",
    ]


def test_ruleset_shape_problems(write_config: WriteConfig, problems: Problems) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        repositories:
          r:
            rulesets:
              one:
                conditions: {ref_nme: {include: [main]}}
                rules: [{deletion: {}, update: {}}]
        rulesets:
          org-wide:
            target: push
            conditions: {ref_name: {include: [x]}}
        """,
    )
    assert problems() == [
        "a.yaml:6:22: condition: unknown key 'ref_nme' (did you mean 'ref_name'?)",
        "a.yaml:7:17: a rule is either {type: RULE_TYPE, parameters: {...}} or a single {RULE_TYPE: {...}}; "
        "got 2 keys: deletion, update",
        "a.yaml:11:5: an organization ruleset's conditions need exactly one of repository_name, "
        "repository_id, repository_property (e.g. repository_name: {include: ['~ALL']})",
        "a.yaml:11:18: push rulesets cannot use ref_name conditions",
    ]


def test_every_problem_is_reported_at_once(write_config: WriteConfig, problems: Problems) -> None:
    write_config("a.yaml", "organization: acme\nteams:\n  t: {privacy: hidden, parent: nobody}\n")
    write_config("b.yaml", "teams:\n  t: {}\nrepositories:\n  r: {visibilty: private}\n")
    write_config("c.yaml", "bots: [\n")
    assert problems() == [
        "a.yaml:3:16: expected one of 'secret', 'closed', got 'hidden'",
        "a.yaml:3:32: unknown parent team 'nobody'",
        "b.yaml:2:3: teams entry 't' is defined twice (first at a.yaml:3:3)",
        "b.yaml:4:7: unknown key 'visibilty' (did you mean 'visibility'?)",
        "c.yaml:2:1: invalid YAML: expected the node content, but found '<stream end>' "
        "(while parsing a flow node at line 2)",
    ]


def test_top_level_must_be_a_mapping(write_config: WriteConfig, problems: Problems) -> None:
    write_config("a.yaml", "- organization: acme\n")
    assert problems() == ["a.yaml:1:1: expected a mapping of top-level keys, got a list"]


def test_not_utf8(write_config: WriteConfig, problems: Problems) -> None:
    write_config("a.yaml", "organization: acme\n")
    Path("b.yaml").write_bytes(b"teams:\n  caf\xe9: {}\n")
    assert problems() == ["b.yaml:2:6: the file is not valid UTF-8"]


def test_paths_without_configuration(tmp_path: Path) -> None:
    with pytest.raises(GhprovError, match="does not exist"):
        load_config(tmp_path / "missing")
    with pytest.raises(GhprovError, match=r"no \*\.yaml or \*\.yml files in"):
        load_config(tmp_path)


def test_problems_are_a_config_error_with_a_count(write_config: WriteConfig) -> None:
    write_config("a.yaml", "organization: ''\n")
    with pytest.raises(ConfigError) as raised:
        load_config(Path("."))
    assert raised.value.message == "1 problem in the configuration"
    assert [str(p) for p in raised.value.problems] == ["a.yaml:1:15: expected a non-empty string"]
