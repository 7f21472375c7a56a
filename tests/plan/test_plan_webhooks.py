"""Webhooks in the plan engine: compared fields, the secret as set/unset, rotation, loosening, fail closed."""

from __future__ import annotations

import pytest
from plan_helpers import addresses, change, live, org, plan_for
from pydantic import ValidationError

from ghprov.errors import PlanRefused
from ghprov.plan import compute_plan
from ghprov.plan.changes import FieldChange
from ghprov.plan.kinds.actions_secrets import rotates_secrets

URL = "https://flux-webhook.example.com/hook/abc"
PLACEHOLDER = "env:GHPROV_SECRET_D1_FLEET_WEBHOOK_FLUX_WEBHOOK_EXAMPLE_COM_HOOK_ABC"


def hooks(**hook: object) -> dict[str, object]:
    return {"repositories": {"d1-fleet": {"webhooks": {URL: hook}}}}


def test_a_new_webhook_shows_where_its_secret_comes_from() -> None:
    plan = plan_for(hooks(events=["push"], secret="env:TOKEN"), {"repositories": {"d1-fleet": {}}})
    created = change(plan, f"repository_webhook:d1-fleet/{URL}")
    assert FieldChange("secret", None, "from env:TOKEN") in created.fields


def test_a_set_secret_is_not_compared_but_rotation_sends_it_again() -> None:
    desired, current = org(**hooks(secret="env:TOKEN")), live(**hooks(secret=PLACEHOLDER))
    assert compute_plan(desired, current).changes == []
    plan = compute_plan(desired, current, rotate_secrets=True)
    assert change(plan, f"repository_webhook:d1-fleet/{URL}").fields == (
        FieldChange("secret", "set", "again from env:TOKEN"),
    )
    assert rotates_secrets(plan)


def test_a_config_change_carries_the_secret_and_dropping_it_or_tls_checks_loosens() -> None:
    plan = plan_for(hooks(secret="env:TOKEN", content_type="json"), hooks(secret=PLACEHOLDER))
    update = change(plan, f"repository_webhook:d1-fleet/{URL}")
    assert update.fields == (
        FieldChange("content_type", "form", "json"),
        FieldChange("secret", "set", "from env:TOKEN"),
    )
    assert not update.loosens and not rotates_secrets(plan)
    assert change(plan_for(hooks(), hooks(secret=PLACEHOLDER)), f"repository_webhook:d1-fleet/{URL}").loosens
    assert change(plan_for(hooks(insecure_ssl=True), hooks()), f"repository_webhook:d1-fleet/{URL}").loosens


def test_prune_and_fail_closed() -> None:
    other = "https://stray.example.com/x"
    desired = {"prune": {"webhooks": True}, "webhooks": {}, **hooks()}
    current = {"webhooks": {other: {}}, "repositories": {"d1-fleet": {"webhooks": {URL: {}, other: {}}}}}
    assert sorted(addresses(plan_for(desired, current))) == [
        f"- organization_webhook:{other}",
        f"- repository_webhook:d1-fleet/{other}",
    ]
    with pytest.raises(PlanRefused, match="webhooks"):
        plan_for(
            hooks(), {"repositories": {"d1-fleet": {}}}, unknowns={"repositories/d1-fleet/webhooks": "admins"}
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (hooks(events=["pushes"]), "unknown repository webhook event: pushes"),
        ({"webhooks": {URL: {"events": ["pull-request"]}}}, "unknown organisation webhook event"),
        (hooks(events=[]), "at least one event"),
        ({"repositories": {"d1-fleet": {"webhooks": {"ftp://x": {}}}}}, "not an http"),
        (hooks(content_type="xml"), "json"),
    ],
)
def test_malformed_webhooks_are_refused(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        org(**data)
