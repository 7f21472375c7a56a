"""Deploy keys registered by ``ghprov rotate`` (auth: deploy_key) are expected: never pruned by a plan."""

from __future__ import annotations

from plan_helpers import addresses, plan_for
from ssh_keys import public_key

from ghprov.model.deploy_keys import ROTATION_TITLE_PREFIX


def test_rotation_keys_survive_prune_and_other_keys_do_not() -> None:
    desired = {"repositories": {"d1-infra": {}}, "prune": {"deploy_keys": True}}
    rotated = f"{ROTATION_TITLE_PREFIX}flux-infra 2026-12-04T06:00:00.000000Z"
    live_keys = {rotated: {"key": public_key(), "read_only": False}, "laptop": {"key": public_key()}}
    plan = plan_for(desired, {"repositories": {"d1-infra": {"deploy_keys": live_keys}}})
    assert addresses(plan) == ["- deploy_key:d1-infra/laptop"]
