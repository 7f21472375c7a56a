"""The kind registry: one spec per kind, in one explicit order, and the engine reads kinds only from there."""

from __future__ import annotations

from pathlib import Path

from ghprov.model import Organization
from ghprov.plan.changes import Action, Change, Kind, SettingsPatch
from ghprov.plan.kinds.registry import KINDS, differs, spec_of
from ghprov.plan.kinds.spec import PayloadShape, Scope
from ghprov.plan.saved import decode_value

PLAN_PACKAGE = Path(__file__).resolve().parents[2] / "ghprov" / "plan"


def test_every_kind_has_exactly_one_spec_and_a_rank_in_registry_order() -> None:
    assert sorted(spec.kind.value for spec in KINDS) == sorted(kind.value for kind in Kind)
    assert [spec.rank for spec in KINDS] == list(range(len(KINDS)))
    assert all(spec_of(spec.kind) is spec for spec in KINDS)


def test_each_differ_runs_once_in_the_order_of_its_first_kind() -> None:
    assert len(differs()) == len({spec.differ for spec in KINDS if spec.differ is not None})


def test_repository_of_a_change_comes_from_the_spec() -> None:
    grant = Change(Kind.TEAM_REPOSITORY, Action.CREATE, ("ops", "d1-fleet"), desired="write")
    assert grant.repository == "d1-fleet"
    assert spec_of(Kind.TEAM_REPOSITORY).scope is Scope.TEAM
    assert Change(Kind.TEAM, Action.CREATE, ("ops",)).repository is None


def test_saved_payloads_decode_to_the_shape_the_spec_declares() -> None:
    patch = decode_value(Kind.REPOSITORY, Action.UPDATE, {"topics": ["d1"]})
    assert isinstance(patch, SettingsPatch) and patch == {"topics": ("d1",)}
    assert decode_value(Kind.TEAM_MEMBERSHIP, Action.CREATE, "maintainer") == "maintainer"
    assert spec_of(Kind.TEAM_MEMBERSHIP).payload is PayloadShape.ROLE


def test_circuit_breaker_counts_only_kinds_that_declare_a_live_count() -> None:
    counted = {spec.kind for spec in KINDS if spec.live_count is not None}
    assert {Kind.ORGANIZATION_MEMBERSHIP, Kind.TEAM, Kind.TEAM_MEMBERSHIP, Kind.TEAM_REPOSITORY} <= counted
    assert all(spec.live_count(Organization(organization="acme")) == 0 for spec in KINDS if spec.live_count)


def test_no_kind_keyed_tables_outside_the_kind_modules() -> None:
    # A table keyed by Kind.X outside plan/kinds/ is a second place a new kind would have to be added.
    offenders = []
    for module in PLAN_PACKAGE.glob("*.py"):
        text = module.read_text()
        if "{\n    Kind." in text or ": dict[Kind," in text:
            offenders.append(module.name)
    assert offenders == []
