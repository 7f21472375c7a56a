"""Classic protection keys in the config: patterns, force-push bypass, pinned checks, lock, deployments."""

from __future__ import annotations

from pathlib import Path

from config_types import Problems, WriteConfig

from ghprov.config import load_config
from ghprov.model import Actors, BypassActor
from ghprov.model.protection import StatusCheck


def test_every_new_key_loads_into_the_model(write_config: WriteConfig) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        teams: {Release Managers: {}}
        repositories:
          r:
            branch_protection:
              release/*:
                bypass_force_push_allowances: {teams: [release-managers], users: [mia]}
                required_status_checks:
                  contexts: [lint]
                  checks: [{context: build, app: ci-app}]
                lock_branch: true
                allow_fork_syncing: true
                required_deployments: [staging, production, staging]
            rulesets:
              protect:
                bypass_actors: [{enterprise_owner: true, mode: pull_request}]
        """,
    )
    loaded = load_config(Path("."))
    repository = loaded.organization.repositories["r"]
    release = repository.branch_protection["release/*"]
    assert release.bypass_force_push_allowances == Actors(teams=("release-managers",), users=("mia",))
    assert release.required_status_checks is not None
    assert release.required_status_checks.checks == (StatusCheck(context="build", app="ci-app"),)
    assert (release.lock_branch, release.allow_fork_syncing) == (True, True)
    assert release.required_deployments == ("production", "staging")
    assert release.needs_graphql
    (actor,) = repository.rulesets["protect"].bypass_actors
    assert (
        actor == BypassActor(enterprise_owner=True, mode="pull_request") and actor.kind == "enterprise_owner"
    )
    # A pattern protects whatever matches it: unlike a missing branch, it is no warning.
    assert loaded.warnings == ()


def test_a_missing_plain_branch_still_warns(write_config: WriteConfig) -> None:
    write_config("a.yaml", "organization: acme\nrepositories:\n  r:\n    branch_protection:\n      dev: {}\n")
    (warning,) = load_config(Path(".")).warnings
    assert str(warning).startswith("a.yaml:5:7: branch 'dev' is neither the default branch nor listed")


def test_bad_values_are_located(write_config: WriteConfig, problems: Problems) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        teams: {Release Managers: {}}
        repositories:
          r:
            branch_protection:
              main: {allow_fork_syncing: true}
              release/*:
                allow_force_pushes: true
                bypass_force_push_allowances: {teams: [Release Managers]}
              hotfix/*:
                required_status_checks: {contexts: [build], checks: [{context: build, app: ci}]}
              v*:
                required_status_checks: {checks: [{context: build}]}
              stable:
                required_deployments: [""]
                bypass_force_push_allowances: {teams: [release-manager]}
            rulesets:
              protect:
                bypass_actors: [{enterprise_owner: true, organization_admin: true}]
        """,
    )
    assert problems() == [
        "a.yaml:6:7: allow_fork_syncing only applies to a locked branch: set lock_branch: true",
        "a.yaml:7:7: bypass_force_push_allowances name who may force-push while force pushes are blocked: "
        "set allow_force_pushes to false (or drop the allowances)",
        "a.yaml:11:9: status check build is listed more than once: a context is either in contexts "
        "(any source) or in checks with one app",
        "a.yaml:13:43: missing required key 'app'",
        "a.yaml:15:9: required_deployments lists environment names; an empty name is not one",
        "a.yaml:16:48: unknown team 'release-manager' (did you mean 'Release Managers'?)",
        "a.yaml:19:25: a bypass actor names exactly one of team, app, role, user, organization_admin, "
        "enterprise_owner, deploy_keys (got ['organization_admin', 'enterprise_owner'])",
    ]
