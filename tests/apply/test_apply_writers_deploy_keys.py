"""The deploy-key writer: exact requests (validated against GitHub's OpenAPI) and their order."""

from __future__ import annotations

from apply_writes import requests_for, unsupported_reason
from ssh_keys import public_key

from ghprov.model import DeployKey, ResourceIds
from ghprov.plan.changes import Action, Change, Kind

KEY = DeployKey(key=public_key())
OTHER = DeployKey(key=public_key())
ADDRESS = "deploy_key:d1-fleet/flux"
IDS = ResourceIds(resources={ADDRESS: 41})


def test_create_posts_title_key_and_access() -> None:
    create = Change(Kind.DEPLOY_KEY, Action.CREATE, ("d1-fleet", "flux"), desired=KEY)
    assert requests_for(create) == [
        ("POST", "/repos/acme/d1-fleet/keys", {"title": "flux", "key": KEY.key, "read_only": True})
    ]


def test_a_new_key_is_added_before_the_old_one_is_deleted() -> None:
    update = Change(Kind.DEPLOY_KEY, Action.UPDATE, ("d1-fleet", "flux"), desired=OTHER, current=KEY)
    assert [(method, path) for method, path, _ in requests_for(update, ids=IDS)] == [
        ("POST", "/repos/acme/d1-fleet/keys"),
        ("DELETE", "/repos/acme/d1-fleet/keys/41"),
    ]


def test_an_access_change_of_the_same_key_deletes_first() -> None:
    writable = DeployKey(key=KEY.key, read_only=False)
    update = Change(Kind.DEPLOY_KEY, Action.UPDATE, ("d1-fleet", "flux"), desired=writable, current=KEY)
    requests = requests_for(update, ids=IDS)
    assert [method for method, _, _ in requests] == ["DELETE", "POST"]
    assert requests[1][2] == {"title": "flux", "key": KEY.key, "read_only": False}


def test_delete_and_rename() -> None:
    delete = Change(Kind.DEPLOY_KEY, Action.DELETE, ("d1-fleet", "flux"), current=KEY)
    assert requests_for(delete, ids=IDS) == [("DELETE", "/repos/acme/d1-fleet/keys/41", None)]
    rename = Change(Kind.DEPLOY_KEY, Action.RENAME, ("d1-fleet", "flux"), desired=KEY, current=KEY)
    assert "identified by title" in unsupported_reason(rename)
