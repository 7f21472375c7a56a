"""``actions`` and ``security`` in the config: defaults merge under every repository, and bad values
are reported at their line and column."""

from __future__ import annotations

from pathlib import Path

from config_types import Problems, WriteConfig

from ghprov.config import load_config


def test_defaults_merge_actions_and_security_key_by_key(write_config: WriteConfig) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        defaults:
          repository:
            actions: {default_workflow_permissions: read, can_approve_pull_request_reviews: false}
            security: {secret_scanning: true, secret_scanning_push_protection: true}
        repositories:
          d1-fleet:
            actions: {allowed_actions: local_only}
          docs:
            security: {secret_scanning_push_protection: false, private_vulnerability_reporting: true}
        """,
    )
    repositories = load_config(Path(".")).organization.repositories
    fleet, docs = repositories["d1-fleet"], repositories["docs"]
    assert fleet.actions is not None and fleet.actions.model_fields_set == {
        "allowed_actions",
        "default_workflow_permissions",
        "can_approve_pull_request_reviews",
    }
    assert docs.security is not None
    assert (docs.security.secret_scanning, docs.security.secret_scanning_push_protection) == (True, False)
    assert docs.security.private_vulnerability_reporting is True
    # Keys no one declared stay unmanaged.
    assert "vulnerability_alerts" not in docs.security.model_fields_set


def test_bad_values_are_reported_at_their_position(write_config: WriteConfig, problems: Problems) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        actions:
          enabled_repositories: some
          selected_actions:
            patterns_allowed: [fluxcd/*, "fluxcd/flux2 @v2"]
        repositories:
          d1-fleet:
            actions:
              default_workflow_permissions: admin
            security:
              secret_scanning: false
              secret_scanning_push_protection: true
        """,
    )
    found = problems()
    assert found[0] == "a.yaml:3:25: expected one of 'all', 'none', 'selected', got 'some'"
    assert found[1].startswith("a.yaml:5:34: 'fluxcd/flux2 @v2' is not an action pattern")
    assert found[2] == "a.yaml:9:37: expected one of 'read', 'write', got 'admin'"
    # A rule between two keys is reported at the mapping that holds both.
    assert found[3] == "a.yaml:10:5: secret_scanning_push_protection needs secret_scanning: true"
    assert len(found) == 4


def test_security_github_refuses_is_a_config_error_at_its_line(
    write_config: WriteConfig, problems: Problems
) -> None:
    """The rules live in the config checks (the model takes any combination, as GitHub can hold one)."""
    write_config(
        "a.yaml",
        """
        organization: acme
        repositories:
          d1-fleet:
            security:
              vulnerability_alerts: false
              dependabot_security_updates: true
          docs:
            visibility: internal
            security:
              private_vulnerability_reporting: true
          site:
            visibility: public
            security: {private_vulnerability_reporting: true, secret_scanning_push_protection: true}
        """,
    )
    assert problems() == [
        "a.yaml:4:5: dependabot_security_updates needs vulnerability_alerts: true",
        "a.yaml:10:40: security.private_vulnerability_reporting is only available for public "
        "repositories (this one is internal)",
    ]


def test_a_repository_asking_for_more_actions_than_its_organisation_is_an_error(
    write_config: WriteConfig, problems: Problems
) -> None:
    """Found by the generated round trip (seeds 8, 21, 36): GitHub keeps a repository within its
    organisation's Actions policy, so such a config planned the same change after every apply."""
    write_config(
        "a.yaml",
        """
        organization: acme
        actions:
          enabled_repositories: selected
          selected_repositories: [d1-fleet]
          allowed_actions: local_only
          default_workflow_permissions: read
          can_approve_pull_request_reviews: false
        repositories:
          d1-fleet:
            actions: {allowed_actions: selected, default_workflow_permissions: write}
          docs:
            actions: {enabled: true, allowed_actions: local_only, can_approve_pull_request_reviews: true}
        """,
    )
    found = problems()
    assert [problem.split(": ", 1)[0] for problem in found] == [
        "a.yaml:10:32",
        "a.yaml:10:72",
        "a.yaml:12:24",
        "a.yaml:12:93",
    ]
    assert "allowed_actions 'selected' allows more than the organisation's" in found[0]
    assert "'write' is more than the organisation's 'read'" in found[1]
    assert "enabled_repositories is 'selected' and does not list docs" in found[2]
    assert "can_approve_pull_request_reviews is true" in found[3]


def test_a_repository_within_its_organisations_actions_policy_is_valid(write_config: WriteConfig) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        actions: {allowed_actions: selected, enabled_repositories: all}
        repositories:
          d1-fleet:
            actions: {enabled: true, allowed_actions: local_only}
        """,
    )
    assert load_config(Path(".")).organization.repositories["d1-fleet"].actions is not None
