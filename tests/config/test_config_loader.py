"""Loading a valid configuration: merging files and defaults, source positions, warnings, digest."""

from __future__ import annotations

from pathlib import Path

import pytest
from config_types import Problems, WriteConfig

from ghprov.config import Location, load_config
from ghprov.model import BranchProtection, BypassActor, Ruleset

ROOT = Path(__file__).resolve().parents[2]


def test_files_are_merged_in_name_order(write_config: WriteConfig) -> None:
    write_config("b-teams.yml", "teams:\n  apps: {privacy: closed}\n")
    write_config("a-org.yaml", "organization: acme\nteams:\n  platform: {privacy: secret}\n")
    write_config("notes.txt", "not: yaml config\n")
    loaded = load_config(Path("."))
    assert loaded.source_files == (Path("a-org.yaml"), Path("b-teams.yml"))
    assert list(loaded.organization.teams) == ["platform", "apps"]
    assert loaded.organization.teams["apps"].privacy == "closed"


def test_subdirectories_are_not_read(write_config: WriteConfig) -> None:
    write_config("org.yaml", "organization: acme\n")
    Path("rotation").mkdir()
    write_config("rotation/rotation.yaml", "clusters: {staging: {context: staging}}\n")
    assert load_config(Path(".")).organization.organization == "acme"


def test_a_single_file(write_config: WriteConfig) -> None:
    path = write_config("only.yaml", "organization: acme\n")
    write_config("broken.yaml", "{{{")
    loaded = load_config(path)
    assert loaded.organization.organization == "acme"
    assert loaded.source_files == (path,)


def test_defaults_are_deep_merged_under_every_repository(write_config: WriteConfig) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        defaults:
          repository:
            visibility: private
            topics: [d1]
            delete_branch_on_merge: true
            branch_protection:
              main: {required_approving_review_count: 1, dismiss_stale_reviews: true}
        repositories:
          fleet:
            topics: [fleet]
            branch_protection:
              main: {required_approving_review_count: 2}
          public-docs:
            visibility: public
          empty:
        """,
    )
    repositories = load_config(Path(".")).organization.repositories
    fleet, docs, empty = repositories["fleet"], repositories["public-docs"], repositories["empty"]
    assert (fleet.visibility, fleet.topics, fleet.delete_branch_on_merge) == ("private", ("fleet",), True)
    assert fleet.branch_protection["main"] == BranchProtection(
        required_approving_review_count=2, dismiss_stale_reviews=True
    )
    assert (docs.visibility, docs.topics) == ("public", ("d1",))
    assert empty.visibility == "private"
    # What neither the repository nor the defaults set stays unmanaged.
    assert "has_wiki" not in fleet.model_fields_set
    assert "description" not in empty.model_fields_set


def test_a_problem_inherited_from_defaults_is_reported_once_at_the_default(
    write_config: WriteConfig, problems: Problems
) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        defaults:
          repository:
            visibility: hidden
        repositories: {a: {}, b: {}, c: {visibility: secret}}
        """,
    )
    assert problems() == [
        "a.yaml:4:17: expected one of 'public', 'private', 'internal', got 'hidden'",
        "a.yaml:5:46: expected one of 'public', 'private', 'internal', got 'secret'",
    ]


def test_entries_written_without_settings_are_empty(write_config: WriteConfig) -> None:
    write_config("a.yaml", "organization: acme\nbots:\n  acme-flux-bot:\nteams:\n  t:\n")
    org = load_config(Path(".")).organization
    assert org.bots["acme-flux-bot"].teams == ()
    assert org.teams["t"].model_fields_set == set()


def test_roles_accept_both_vocabularies(write_config: WriteConfig) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        teams:
          t: {repositories: {a: pull, b: push, c: Maintain}}
        repositories: {a: {}, b: {}, c: {}}
        """,
    )
    assert load_config(Path(".")).organization.teams["t"].repositories == {
        "a": "read",
        "b": "write",
        "c": "maintain",
    }


def test_source_map_locates_keys_values_and_entries(write_config: WriteConfig) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        defaults:
          repository: {visibility: private}
        repositories:
          d1-infra:
            rulesets:
              production:
                bypass_actors:
                  - {team: flux-bots}
                  - {user: acme-flux-bot, mode: always}
        teams:
          flux-bots: {}
        """,
    )
    loaded = load_config(Path("."))
    source_map = loaded.source_map
    ruleset = ("repositories", "d1-infra", "rulesets", "production")
    assert source_map.locate(("repositories", "d1-infra")) == Location("a.yaml", 5, 3)
    assert source_map.locate((*ruleset, "bypass_actors", 1, "user")) == Location("a.yaml", 10, 20)
    # The model sorts bypass actors, so later stages find them by content.
    actor = loaded.organization.repositories["d1-infra"].rulesets["production"].bypass_actors[1]
    assert actor == BypassActor(user="acme-flux-bot")
    assert source_map.locate_entry((*ruleset, "bypass_actors"), {"user": "acme-flux-bot"}) == Location(
        "a.yaml", 10, 13
    )
    # Inherited values point at the defaults; unknown paths at their deepest written part.
    assert source_map.locate(("repositories", "d1-infra", "visibility")) == Location("a.yaml", 3, 28)
    assert source_map.locate((*ruleset, "rules", 0)) == Location("a.yaml", 7, 7)
    assert str(source_map.problem(("teams", "flux-bots"), "team gone")) == "a.yaml:12:3: team gone"


def test_warnings_do_not_stop_loading(write_config: WriteConfig) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        teams:
          hidden-bots: {privacy: secret}
        repositories:
          r:
            branches: [production]
            branch_protection:
              main: {}
              production: {}
              release: {}
              "release/*": {}
            rulesets:
              one:
                rules: [{requried_signatures: {}}, {type: pul_request}]
                bypass_actors: [{team: hidden-bots}]
        rulesets:
          org:
            conditions: {repository_name: {include: ["~ALL"]}}
            bypass_actors: [{user: acme-flux-bot}]
        """,
    )
    loaded = load_config(Path("."))
    assert [str(warning) for warning in loaded.warnings] == [
        "a.yaml:10:7: branch 'release' is neither the default branch nor listed in branches of 'r': "
        "GitHub can only protect an existing branch",
        "a.yaml:14:18: unknown rule type 'requried_signatures' (did you mean 'required_signatures'?): "
        "GitHub will reject it unless it is new",
        "a.yaml:14:51: unknown rule type 'pul_request' (did you mean 'pull_request'?): "
        "GitHub will reject it unless it is new",
        "a.yaml:15:32: team 'hidden-bots' is secret: GitHub does not accept secret teams as bypass actors",
        "a.yaml:19:28: user bypass actors are only known to work in repository rulesets; "
        "prefer a team holding the user, or a GitHub App",
    ]
    assert isinstance(loaded.organization.rulesets["org"], Ruleset)


def test_digest_follows_content_not_location(write_config: WriteConfig, tmp_path: Path) -> None:
    write_config("a.yaml", "organization: acme\n")
    first = load_config(Path(".")).digest
    assert first.startswith("sha256:")
    assert load_config(tmp_path).digest == first
    write_config("a.yaml", "organization: acme  # changed\n")
    assert load_config(Path(".")).digest != first


def test_the_shipped_d1_example_is_valid() -> None:
    loaded = load_config(ROOT / "config")
    org = loaded.organization
    assert loaded.warnings == ()
    assert org.organization == "acme-fleet"
    assert set(org.repositories) == {"d1-fleet", "d1-infra", "d1-apps"}
    assert set(org.teams) == {"platform-team", "apps-team", "flux-bots"}
    assert org.bots["acme-flux-bot"].teams == ("flux-bots",)
    assert org.custom_roles == {}
    # D1 team access: the tenant team never reaches fleet or infra.
    assert org.teams["apps-team"].repositories == {"d1-apps": "write"}
    assert org.teams["platform-team"].repositories == {"d1-fleet": "write", "d1-infra": "write"}
    # D1 protected branches.
    approvals = {
        (name, branch): protection.required_approving_review_count
        for name, repository in org.repositories.items()
        for branch, protection in repository.branch_protection.items()
    }
    assert approvals == {
        ("d1-fleet", "main"): 2,
        ("d1-infra", "main"): 1,
        ("d1-infra", "production"): 2,
        ("d1-apps", "main"): 1,
        ("d1-apps", "production"): 2,
    }
    for name in ("d1-infra", "d1-apps"):
        repository = org.repositories[name]
        assert repository.branches == ("main", "production")
        assert repository.branch_protection["main"].bypass_pull_request_allowances.users == ("acme-flux-bot",)
        assert repository.branch_protection["production"].bypass_pull_request_allowances.is_empty()
    assert org.settings is not None
    assert org.settings.default_repository_permission == "none"
    assert org.settings.members_can_create_repositories is False
    assert org.settings.two_factor_requirement_enabled is True
    assert org.members is not None and 2 <= len(org.members.owners) <= 3
    assert org.prune.team_members and org.prune.team_repositories
    # An organisation ruleset with no standing bypass; a repository ruleset the platform team bypasses.
    assert org.rulesets and not any(ruleset.bypass_actors for ruleset in org.rulesets.values())
    assert any(
        r.bypass_actors for repository in org.repositories.values() for r in repository.rulesets.values()
    )


def test_anchors_merge_keys_and_extension_keys(write_config: WriteConfig) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        x-protection: &protection {required_approving_review_count: 2, enforce_admins: true}
        repositories:
          r:
            branch_protection:
              main: *protection
              production:
                <<: *protection
                enforce_admins: false
        """,
    )
    repository = load_config(Path(".")).organization.repositories["r"]
    assert repository.branch_protection["main"] == BranchProtection(
        required_approving_review_count=2, enforce_admins=True
    )
    assert repository.branch_protection["production"] == BranchProtection(required_approving_review_count=2)


def test_a_colon_inside_a_flow_mapping_value_is_plain_yaml(
    write_config: WriteConfig, monkeypatch: pytest.MonkeyPatch, problems: Problems
) -> None:
    # libyaml (ruamel's C parser) refuses `{value: env:NAME}`, the docs' own way of writing a secret
    # reference; YAML 1.2 allows it, so it must load, with positions, while real errors still report.
    monkeypatch.setenv("PROD_KUBECONFIG", "kubeconfig")
    write_config(
        "org.yaml",
        """
        organization: acme
        repositories:
          d1-fleet:
            environments:
              production:
                secrets:
                  KUBECONFIG: {value: env:PROD_KUBECONFIG}
        """,
    )
    loaded = load_config(Path("."))
    secret = loaded.organization.repositories["d1-fleet"].environments["production"].secrets["KUBECONFIG"]
    assert secret.value == "env:PROD_KUBECONFIG"
    assert loaded.source_map.locate(
        ("repositories", "d1-fleet", "environments", "production", "secrets", "KUBECONFIG", "value")
    ) == Location("org.yaml", 7, 31)
    write_config("org.yaml", "organization: acme\nteams: {a: b: c}\n")
    assert problems() == [
        "org.yaml:2:13: invalid YAML: expected ',' or '}', but got ':' "
        "(while parsing a flow mapping at line 2)"
    ]
