"""ghprov's promise for every kind, on generated organisations: config → apply → a fresh plan is empty,
and import of what was applied → plan is empty, for the imported config and the original alike.

The organisations come from ``tests/support/organization_generator.py`` (one generator per ``Kind``,
seeded ``random.Random``). ``GHPROV_ROUNDTRIP_SEEDS`` runs more seeds (``500``, or a range
``1000-1099``, or a list ``7,42``); a failure names its seed, and ``GHPROV_ROUNDTRIP_SEEDS=<seed>``
replays it. Everything runs through the real CLI against the sandbox, which validates every request
against GitHub's OpenAPI description (and every response, in the test suite).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from e2e_support import CliResult, ghprov, github_for
from organization_generator import GENERATORS, Generated, World, generate

from ghprov.model import Organization
from ghprov.plan.kinds.registry import KINDS
from ghprov_testbeds.contract.openapi import contract
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.fidelity import DEFAULT_API_VERSION, documented
from ghprov_testbeds.sandbox.rest_runner_groups import add_runner_group
from ghprov_testbeds.sandbox.state import SamlIdentityProvider

pytestmark = pytest.mark.e2e

SEEDS_ENV = "GHPROV_ROUNDTRIP_SEEDS"
DEFAULT_SEEDS = 8


def _seeds() -> list[int]:
    """``GHPROV_ROUNDTRIP_SEEDS``: a count (first N seeds), ``A-B`` (inclusive) or ``A,B,C``."""
    text = os.environ.get(SEEDS_ENV, "").strip()
    if not text:
        return list(range(DEFAULT_SEEDS))
    if "," in text:
        return [int(part) for part in text.split(",") if part.strip()]
    if "-" in text:
        low, high = text.split("-", 1)
        return list(range(int(low), int(high) + 1))
    return list(range(int(text)))


def test_every_kind_has_a_generator() -> None:
    """The next kind added to the registry must say how to generate it (docs/architecture.md)."""
    missing = [spec.kind.value for spec in KINDS if spec.kind not in GENERATORS]
    assert missing == [], f"add a generator to tests/support/organization_generator.py for: {missing}"
    assert set(GENERATORS) == {spec.kind for spec in KINDS}


def test_generation_is_deterministic_and_valid() -> None:
    for seed in range(50):
        first, again = generate(seed), generate(seed)
        assert first == again
        Organization.model_validate(first.document)  # the model accepts what the generator makes


def test_the_seeds_together_reach_every_kind() -> None:
    """Each kind's generator may draw nothing for one seed, but not for all the default ones."""
    reached: set[str] = set()
    for seed in range(DEFAULT_SEEDS):
        reached |= _sections(generate(seed).document)
    assert reached >= SECTIONS, sorted(SECTIONS - reached)


# Where each kind shows in a config document (a repository- or team-nested key, or a top-level one).
SECTIONS = {
    "custom_roles",
    "custom_properties",
    "settings",
    "teams",
    "members",
    "idp_groups",
    "maintainers",
    "organization_roles",
    "repositories",
    "branches",
    "team.repositories",
    "branch_protection",
    "rulesets",
    "repository.rulesets",
    "deploy_keys",
    "repository.actions",
    "actions",
    "security",
    "runner_groups",
    "code_security_configurations",
    "actions_variables",
    "repository.actions_variables",
    "actions_secrets",
    "repository.actions_secrets",
    "dependabot_secrets",
    "repository.dependabot_secrets",
    "webhooks",
    "repository.webhooks",
    "environments",
    "environment.variables",
    "environment.secrets",
    "collaborators",
    "properties",
    "app_installations",
}


def _sections(document: dict[str, object]) -> set[str]:
    found = {key for key, value in document.items() if value}
    teams = document.get("teams") or {}
    assert isinstance(teams, dict)
    for team in teams.values():
        found |= {"idp_groups"} & set(team)
        found |= {"maintainers"} if team.get("maintainers") or team.get("members") else set()
        found |= {"team.repositories"} if team.get("repositories") else set()
    repositories = document.get("repositories") or {}
    assert isinstance(repositories, dict)
    for repository in repositories.values():
        for key, value in repository.items():
            if not value:
                continue
            nested = {
                "rulesets",
                "actions",
                "actions_variables",
                "actions_secrets",
                "dependabot_secrets",
                "webhooks",
            }
            found.add(f"repository.{key}" if key in nested else key)
            if key == "environments":
                for environment in value.values():
                    found |= {f"environment.{k}" for k in ("variables", "secrets") if environment.get(k)}
    return found


def _prepare(sandbox: Sandbox, world: World) -> None:
    """What GitHub holds before the config is applied and a config cannot create."""
    sandbox.settings.auto_accept_invitations = world.accept_invitations
    for name in world.runner_groups:
        add_runner_group(sandbox.state, name)
    for slug in world.installed_apps:
        sandbox.state.add_app(slug)
    for slug in world.selected_apps:
        sandbox.state.add_app(slug).repositories = []
    if world.team_sync:
        sandbox.state.organization.saml_identity_provider = SamlIdentityProvider(
            "https://idp.example.com/sso"
        )


def _changes(result: CliResult) -> str:
    """The plan's changes and findings, for a failure message."""
    try:
        plan = result.json()
    except json.JSONDecodeError:
        return result.stdout + result.stderr
    return json.dumps({"changes": plan.get("changes"), "refusals": plan.get("refusals")}, indent=1)[:20_000]


def _failures(result: CliResult) -> str:
    """The apply report's failed changes (or what the command said, when it wrote no report)."""
    try:
        report = result.json()
    except json.JSONDecodeError:
        return result.stderr[-5000:] or result.stdout[-5000:]
    failed = [entry for entry in report.get("results", []) if entry.get("status") == "failed"]
    return json.dumps(failed, indent=1) + "\n" + result.stderr[-2000:]


def _contract_problems(sandbox: Sandbox) -> list[str]:
    """Every REST write the apply sent is a documented operation whose request matches GitHub's schema."""
    problems: list[str] = []
    for entry in sandbox.writes():
        if not documented(entry.method, entry.path):
            problems.append(f"{entry.method} {entry.path}: not an operation GitHub documents")
            continue
        found = contract().validate_request(
            entry.method, entry.path, entry.query, entry.body, DEFAULT_API_VERSION
        )
        problems += [f"{entry.method} {entry.path}: {problem}" for problem in found]
        if entry.status in (400, 422):
            problems.append(f"{entry.method} {entry.path}: GitHub would answer {entry.status}")
    return problems


def _declares_archived(document: dict[str, Any]) -> bool:
    return any(repository.get("archived") for repository in document.get("repositories", {}).values())


def _assigns_roles_to_invitees(document: dict[str, Any], members: set[str]) -> bool:
    roles = document.get("organization_roles", {})
    return any(login not in members for holders in roles.values() for login in holders.get("users", []))


def _round_trip(generated: Generated, tmp_path: Path) -> None:
    document, env = generated.document, generated.environment
    organization = Organization.model_validate(document)
    with github_for(organization, plan="enterprise") as sandbox:
        _prepare(sandbox, generated.world)
        config = tmp_path / "original"
        config.mkdir()
        (config / "org.yaml").write_text(json.dumps(document, indent=1))

        arguments = (
            "apply",
            "--config",
            str(config),
            "--yes",
            "--allow-public",
            "--allow-archive",
            "--force",
            "--json",
        )
        members_before = set(sandbox.state.memberships)
        applied = ghprov(sandbox, *arguments, env=env)
        # Documented work for a second apply: a repository declared archived is created unarchived (its
        # configuration still has to be written) and archived by the next apply; an organisation role
        # of a user this apply invites is assigned by the first apply after they accept (here at once).
        second = _declares_archived(document) or (
            generated.world.accept_invitations and _assigns_roles_to_invitees(document, members_before)
        )
        if second:
            assert "a fresh plan still finds" in applied.stderr, applied.stderr
            applied = ghprov(sandbox, *arguments, env=env)
        assert applied.exit_code == 0, _failures(applied)
        assert _contract_problems(sandbox) == []

        verify = ghprov(sandbox, "plan", "--config", str(config), "--json", env=env)
        assert verify.exit_code == 0, "plan after apply is not empty:\n" + _changes(verify)

        imported = tmp_path / "imported"
        result = ghprov(
            sandbox, "import", "--org", organization.organization, "--out", str(imported), env=env
        )
        assert result.exit_code == 0, result.stdout + result.stderr
        # The imported config names placeholder secret references; plan compares no values.
        again = ghprov(sandbox, "plan", "--config", str(imported), "--json", env=env)
        assert again.exit_code == 0, "plan of the imported config is not empty:\n" + _changes(again)
        original = ghprov(sandbox, "plan", "--config", str(config), "--json", env=env)
        assert original.exit_code == 0, "plan of the original after import is not empty:\n" + _changes(
            original
        )


@pytest.mark.parametrize("seed", _seeds())
def test_generated_organisation_round_trips(seed: int, tmp_path: Path) -> None:
    generated = generate(seed)
    try:
        _round_trip(generated, tmp_path)
    except AssertionError as error:
        raise AssertionError(
            f"seed {seed} (replay: {SEEDS_ENV}={seed}-{seed} pytest {__file__})\n{error}\n"
            f"config: {json.dumps(generated.document, indent=1)}"
        ) from error
