"""Webhooks on the sandbox: GitHub's event names, one hook per URL, config replaced whole, secrets masked."""

from __future__ import annotations

import hashlib

from sandbox_http import Client, make_repo

from ghprov_testbeds.sandbox import Sandbox

URL = "https://flux-webhook.example.com/hook/abc"


def test_repository_hooks_follow_githubs_rules(sandbox: Sandbox, owner: Client, member: Client) -> None:
    make_repo(owner, "d1-fleet")
    base = "/repos/acme/d1-fleet/hooks"
    config = {"url": URL, "content_type": "json", "secret": "hook-secret"}
    assert owner.post(base, json={"config": config, "events": ["pushes"]}).status_code == 422
    created = owner.post(base, json={"config": config, "events": ["push"]})
    assert created.status_code == 201 and created.json()["config"]["secret"] == "********"
    assert owner.post(base, json={"config": config}).status_code == 422  # the URL already has a hook
    hook_id = created.json()["id"]
    [stored] = sandbox.state.audit.repository_hooks["d1-fleet"]
    assert stored["secret_sha256"] == hashlib.sha256(b"hook-secret").hexdigest()
    assert "hook-secret" not in sandbox.state.dumps() + repr([e.body for e in sandbox.log])

    # Events alone keep the secret; a config without one removes it, as GitHub replaces it whole.
    assert owner.patch(f"{base}/{hook_id}", json={"add_events": ["ping"]}).json()["events"] == [
        "ping",
        "push",
    ]
    assert "secret_sha256" in stored
    replaced = owner.patch(f"{base}/{hook_id}", json={"config": {"url": URL, "content_type": "form"}})
    assert replaced.status_code == 200 and "secret" not in replaced.json()["config"]
    assert "secret_sha256" not in stored
    assert member.get(base).status_code in (403, 404)
    assert owner.delete(f"{base}/{hook_id}").status_code == 204
    assert owner.get(f"{base}/{hook_id}").status_code == 404


def test_organisation_hooks_take_organisation_events(sandbox: Sandbox, owner: Client, member: Client) -> None:
    base = "/orgs/acme/hooks"
    body = {"name": "web", "config": {"url": URL}, "events": ["member", "repository"]}
    created = owner.post(base, json=body)
    assert created.status_code == 201 and created.json()["type"] == "Organization"
    refused = {**body, "config": {"url": URL + "/2", "secret": "refused-secret"}}
    assert member.post(base, json=refused).status_code == 403
    assert "refused-secret" not in repr([e.body for e in sandbox.log])
    assert [h["config"]["url"] for h in owner.get(base).json()] == [URL]
