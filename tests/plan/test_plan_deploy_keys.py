"""Deploy keys in the plan engine: create, replace, prune, fail closed, and what a key looks like."""

from __future__ import annotations

import pytest
from plan_helpers import addresses, change, live, org, plan_for
from pydantic import ValidationError
from ssh_keys import public_key

from ghprov.errors import PlanRefused
from ghprov.model import DeployKey, key_fingerprint
from ghprov.plan import Action, SafetyOptions, check_plan_safety
from ghprov.plan.changes import Kind
from ghprov.plan.kinds.registry import spec_of


def repo(**deploy_keys: dict[str, object]) -> dict[str, object]:
    return {"repositories": {"d1-fleet": {"deploy_keys": deploy_keys}}}


def test_a_key_is_normalised_to_type_and_body_and_its_comment_dropped() -> None:
    line = public_key("flux@cluster")
    key = DeployKey(key=line)
    assert key.key == " ".join(line.split()[:2])
    assert key.read_only is True
    assert key.fingerprint.startswith("SHA256:") and key.fingerprint == key_fingerprint(line)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ssh-dss AAAAB3NzaC1kc3M=", "not a key type GitHub accepts"),
        ("ssh-ed25519 not-base64!", "does not decode"),
        ("ssh-ed25519", "expected an OpenSSH public key"),
        # An ed25519 key's data under an RSA label.
        (
            "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIBzmXF2cwzoWHoafYyvk/3JtqDkWh6PA6Gc0yuMoPRSO",
            "does not describe a ssh-rsa key",
        ),
    ],
)
def test_malformed_keys_are_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        DeployKey(key=text)


def test_declared_keys_are_created_and_a_changed_key_replaces_the_old_one() -> None:
    old, new = public_key(), public_key()
    live = repo(flux={"key": old}, other={"key": public_key()})
    plan = plan_for(repo(flux={"key": new}, ci={"key": public_key(), "read_only": False}), live)
    assert addresses(plan) == ["+ deploy_key:d1-fleet/ci", "~ deploy_key:d1-fleet/flux"]
    replaced = change(plan, "deploy_key:d1-fleet/flux")
    assert [field.field for field in replaced.fields] == ["key", "fingerprint"]
    # Undeclared keys stay unless prune.deploy_keys says otherwise.
    assert "deploy_key:d1-fleet/other" not in [c.address for c in plan.changes]


def test_granting_write_access_is_a_loosening_change() -> None:
    key = public_key()
    plan = plan_for(repo(flux={"key": key, "read_only": False}), repo(flux={"key": key}))
    assert change(plan, "deploy_key:d1-fleet/flux").loosens


def test_prune_removes_undeclared_keys_behind_the_deletion_rails() -> None:
    key = public_key()
    desired = {**repo(flux={"key": key}), "prune": {"deploy_keys": True}}
    plan = plan_for(desired, repo(flux={"key": key}, stale={"key": public_key()}))
    assert addresses(plan) == ["- deploy_key:d1-fleet/stale"]
    assert plan_for(desired, repo(flux={"key": key})).changes == []
    current = live(**repo(flux={"key": key}, stale={"key": public_key()}))
    violations = check_plan_safety(plan, current, org(**desired), SafetyOptions())
    codes = {violation.rule for violation in violations}
    # One of two keys removed trips the circuit breaker too: deploy keys count like grants do.
    assert {"delete-not-allowed", "removal-ratio"} <= codes


def test_keys_the_token_cannot_see_refuse_the_plan() -> None:
    with pytest.raises(PlanRefused, match="admins"):
        plan_for(
            repo(flux={"key": public_key()}),
            repo(),
            unknowns={
                "repositories/d1-fleet/deploy_keys": "deploy keys are visible to repository admins only"
            },
        )


def test_the_kind_writes_to_its_repository_and_needs_it_to_exist() -> None:
    spec = spec_of(Kind.DEPLOY_KEY)
    plan = plan_for(repo(flux={"key": public_key()}))
    created = change(plan, "deploy_key:d1-fleet/flux")
    assert created.action is Action.CREATE and created.repository == "d1-fleet"
    assert "repository:d1-fleet" in created.depends_on
    assert spec.prune_switch == "deploy_keys"
