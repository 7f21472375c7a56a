"""Webhook writers: exact requests, validated against GitHub's OpenAPI; the secret only where it must go."""

from __future__ import annotations

import pytest
from apply_writes import requests_for, unsupported_reason

from ghprov.model import ResourceIds
from ghprov.model.webhooks import OrganizationWebhook, RepositoryWebhook
from ghprov.plan.changes import Action, Change, FieldChange, Kind

URL = "https://flux-webhook.example.com/hook/abc"
RECEIVER = RepositoryWebhook(content_type="json", events=("push",), secret="env:RECEIVER_TOKEN")
IDS = ResourceIds(resources={f"repository_webhook:d1-fleet/{URL}": 71, f"organization_webhook:{URL}": 72})


@pytest.fixture(autouse=True)
def _token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECEIVER_TOKEN", "receiver-secret")


def test_create_posts_the_whole_hook_with_its_secret() -> None:
    create = Change(Kind.REPOSITORY_WEBHOOK, Action.CREATE, ("d1-fleet", URL), desired=RECEIVER)
    assert requests_for(create) == [
        (
            "POST",
            "/repos/acme/d1-fleet/hooks",
            {
                "name": "web",
                "config": {
                    "url": URL,
                    "content_type": "json",
                    "insecure_ssl": "0",
                    "secret": "receiver-secret",
                },
                "events": ["push"],
                "active": True,
            },
        )
    ]


def test_an_events_update_sends_no_config_and_a_config_update_sends_the_secret_again() -> None:
    current = RECEIVER
    events = RepositoryWebhook(content_type="json", events=("ping", "push"), secret="env:RECEIVER_TOKEN")
    change = Change(
        Kind.REPOSITORY_WEBHOOK,
        Action.UPDATE,
        ("d1-fleet", URL),
        (FieldChange("events", ["push"], ["ping", "push"]),),
        events,
        current,
    )
    assert requests_for(change, ids=IDS) == [
        ("PATCH", "/repos/acme/d1-fleet/hooks/71", {"events": ["ping", "push"], "active": True})
    ]
    form = RepositoryWebhook(content_type="form", events=("push",), secret="env:RECEIVER_TOKEN")
    fields = (
        FieldChange("content_type", "json", "form"),
        FieldChange("secret", "set", "from env:RECEIVER_TOKEN"),
    )
    change = Change(Kind.REPOSITORY_WEBHOOK, Action.UPDATE, ("d1-fleet", URL), fields, form, current)
    [(_, _, body)] = requests_for(change, ids=IDS)
    assert body["config"] == {
        "url": URL,
        "content_type": "form",
        "insecure_ssl": "0",
        "secret": "receiver-secret",
    }


def test_organisation_hooks_and_deletes() -> None:
    hook = OrganizationWebhook(content_type="json", events=("repository",), insecure_ssl=True)
    create = Change(Kind.ORGANIZATION_WEBHOOK, Action.CREATE, (URL,), desired=hook)
    [(method, path, body)] = requests_for(create)
    assert (method, path, body["config"]["insecure_ssl"]) == ("POST", "/orgs/acme/hooks", "1")
    assert "secret" not in body["config"]
    delete = Change(Kind.ORGANIZATION_WEBHOOK, Action.DELETE, (URL,), current=hook)
    assert requests_for(delete, ids=IDS) == [("DELETE", "/orgs/acme/hooks/72", None)]
    repo_delete = Change(Kind.REPOSITORY_WEBHOOK, Action.DELETE, ("d1-fleet", URL), current=RECEIVER)
    assert requests_for(repo_delete, ids=IDS) == [("DELETE", "/repos/acme/d1-fleet/hooks/71", None)]
    rename = Change(
        Kind.REPOSITORY_WEBHOOK, Action.RENAME, ("d1-fleet", URL), desired=RECEIVER, current=RECEIVER
    )
    assert "identified by URL" in unsupported_reason(rename)
