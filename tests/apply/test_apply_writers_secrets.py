"""Secret and variable writers: exact requests (validated against GitHub's OpenAPI), and the sealing.

The resolver fills a secret's body at send time: one GET of the public key, then a sealed box that
only the private key's holder can open. These tests open it, so they check the value that would go.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
from apply_writes import check_contract, requests_for, unsupported_reason
from nacl.public import PrivateKey, SealedBox

from ghprov.github.write import Resolver, Target, writes_for
from ghprov.github.write.resolve import UnresolvedFact
from ghprov.github.write.sealing import SealingFailed, unreadable_values
from ghprov.model import RepositoryRef, ResourceIds
from ghprov.model.actions_secrets import (
    OrganizationSecret,
    OrganizationVariable,
    RepositorySecret,
    VariableValue,
)
from ghprov.plan.changes import Action, Change, FieldChange, Kind

PRIVATE = PrivateKey.generate()
PUBLIC = base64.b64encode(bytes(PRIVATE.public_key)).decode()
IDS = ResourceIds(repositories={"d1-fleet": RepositoryRef(301), "d1-infra": RepositoryRef(302)})
VALUE = FieldChange("value", None, "from env:FLUX_TOKEN")


@dataclass
class _Answer:
    json: Any
    status: int = 200
    headers: Mapping[str, str] = None  # type: ignore[assignment]


class _Keys:
    """A client that only answers public-key GETs, and counts them."""

    def __init__(self) -> None:
        self.gets: list[str] = []

    def request(self, method: str, path: str, *, params: Any = None, body: Any = None) -> _Answer:
        assert method == "GET" and path.endswith("/secrets/public-key"), path
        self.gets.append(path)
        return _Answer({"key_id": "568250167242549743", "key": PUBLIC})

    def paginate(self, path: str, params: Any = None) -> Iterator[Any]:
        raise AssertionError("no listing expected")

    def graphql(self, query: str, variables: Mapping[str, Any]) -> dict[str, Any]:
        raise AssertionError("no GraphQL expected")


def _sent(change: Change, client: _Keys | None = None) -> list[tuple[str, str, Any]]:
    target = Target("acme")
    resolver = Resolver(target, IDS, client or _Keys())
    writes = writes_for(change, target)
    assert isinstance(writes, list)
    resolved = [resolver.resolve(request) for request in writes]
    for request in resolved:
        check_contract(request)
    return [(r.method, r.path, r.body) for r in resolved]


def _opened(body: dict[str, Any]) -> str:
    return SealedBox(PRIVATE).decrypt(base64.b64decode(body["encrypted_value"])).decode()


@pytest.fixture(autouse=True)
def _flux_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLUX_TOKEN", "s3cr3t-flux-token")


def test_a_repository_secret_is_sealed_to_the_repository_key() -> None:
    secret = RepositorySecret(value="env:FLUX_TOKEN")
    client = _Keys()
    [(method, path, body)] = _sent(
        Change(Kind.REPOSITORY_SECRET, Action.CREATE, ("d1-fleet", "FLUX_TOKEN"), (VALUE,), secret), client
    )
    assert (method, path) == ("PUT", "/repos/acme/d1-fleet/actions/secrets/FLUX_TOKEN")
    assert body["key_id"] == "568250167242549743"
    assert _opened(body) == "s3cr3t-flux-token"
    assert "s3cr3t" not in str(body)
    assert client.gets == ["/repos/acme/d1-fleet/actions/secrets/public-key"]


def test_an_organisation_secret_carries_visibility_and_repository_ids() -> None:
    secret = OrganizationSecret(
        value="env:FLUX_TOKEN", visibility="selected", selected_repositories=("d1-fleet", "d1-infra")
    )
    [(method, path, body)] = _sent(
        Change(Kind.ORGANIZATION_SECRET, Action.CREATE, ("FLUX_TOKEN",), (VALUE,), secret)
    )
    assert (method, path) == ("PUT", "/orgs/acme/actions/secrets/FLUX_TOKEN")
    assert body["visibility"] == "selected" and body["selected_repository_ids"] == [301, 302]
    assert _opened(body) == "s3cr3t-flux-token"


def test_a_visibility_update_sends_no_value_and_reads_no_key() -> None:
    current = OrganizationSecret(value="env:FLUX_TOKEN", visibility="private")
    desired = OrganizationSecret(value="env:FLUX_TOKEN", visibility="all")
    visibility = FieldChange("visibility", "private", "all")
    change = Change(Kind.ORGANIZATION_SECRET, Action.UPDATE, ("FLUX_TOKEN",), (visibility,), desired, current)
    client = _Keys()
    assert _sent(change, client) == [("PUT", "/orgs/acme/actions/secrets/FLUX_TOKEN", {"visibility": "all"})]
    assert client.gets == []


def test_one_key_read_serves_every_secret_of_an_apply() -> None:
    client = _Keys()
    target = Target("acme")
    resolver = Resolver(target, IDS, client)
    for name in ("A", "B"):
        change = Change(
            Kind.REPOSITORY_SECRET,
            Action.UPDATE,
            ("d1-fleet", name),
            (VALUE,),
            RepositorySecret(value="env:FLUX_TOKEN"),
        )
        writes = writes_for(change, target)
        assert isinstance(writes, list)
        [resolver.resolve(request) for request in writes]
    assert client.gets == ["/repos/acme/d1-fleet/actions/secrets/public-key"]


def test_an_unreadable_reference_fails_without_its_value_and_is_found_before_apply(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FLUX_TOKEN")
    change = Change(
        Kind.REPOSITORY_SECRET,
        Action.CREATE,
        ("d1-fleet", "FLUX_TOKEN"),
        (VALUE,),
        RepositorySecret(value="env:FLUX_TOKEN"),
    )
    assert unreadable_values([change]) == [
        "repository_secret:d1-fleet/FLUX_TOKEN: the environment variable FLUX_TOKEN is not set (or empty)"
    ]
    with pytest.raises(SealingFailed, match="cannot read the secret env:FLUX_TOKEN"):
        _sent(change)


def test_a_key_that_is_not_a_public_key_is_refused() -> None:
    class _Broken(_Keys):
        def request(self, method: str, path: str, *, params: Any = None, body: Any = None) -> _Answer:
            return _Answer({"key_id": "1"})

    change = Change(
        Kind.REPOSITORY_SECRET,
        Action.CREATE,
        ("d1-fleet", "X"),
        (VALUE,),
        RepositorySecret(value="env:FLUX_TOKEN"),
    )
    with pytest.raises(UnresolvedFact, match="not a public key"):
        _sent(change, _Broken())


def test_secret_deletes_and_renames() -> None:
    current = RepositorySecret(value="env:FLUX_TOKEN")
    delete = Change(Kind.REPOSITORY_SECRET, Action.DELETE, ("d1-fleet", "OLD"), current=current)
    assert requests_for(delete) == [("DELETE", "/repos/acme/d1-fleet/actions/secrets/OLD", None)]
    org_delete = Change(
        Kind.ORGANIZATION_SECRET, Action.DELETE, ("OLD",), current=OrganizationSecret(value="env:X")
    )
    assert requests_for(org_delete) == [("DELETE", "/orgs/acme/actions/secrets/OLD", None)]
    rename = Change(
        Kind.REPOSITORY_SECRET, Action.RENAME, ("d1-fleet", "NEW"), desired=current, current=current
    )
    assert "identified by name" in unsupported_reason(rename)


def test_variables_are_posted_patched_and_deleted_by_name() -> None:
    value = VariableValue(value="staging")
    create = Change(Kind.REPOSITORY_VARIABLE, Action.CREATE, ("d1-fleet", "CLUSTER"), desired=value)
    assert requests_for(create) == [
        ("POST", "/repos/acme/d1-fleet/actions/variables", {"name": "CLUSTER", "value": "staging"})
    ]
    update = Change(
        Kind.REPOSITORY_VARIABLE,
        Action.UPDATE,
        ("d1-fleet", "CLUSTER"),
        desired=value,
        current=VariableValue(value="x"),
    )
    assert requests_for(update) == [
        ("PATCH", "/repos/acme/d1-fleet/actions/variables/CLUSTER", {"name": "CLUSTER", "value": "staging"})
    ]
    shared = OrganizationVariable(
        value="ghcr.io/acme", visibility="selected", selected_repositories=("d1-fleet",)
    )
    org_create = Change(Kind.ORGANIZATION_VARIABLE, Action.CREATE, ("REGISTRY",), desired=shared)
    assert requests_for(org_create, ids=IDS) == [
        (
            "POST",
            "/orgs/acme/actions/variables",
            {
                "name": "REGISTRY",
                "value": "ghcr.io/acme",
                "visibility": "selected",
                "selected_repository_ids": [301],
            },
        )
    ]
    org_delete = Change(Kind.ORGANIZATION_VARIABLE, Action.DELETE, ("REGISTRY",), current=shared)
    assert requests_for(org_delete) == [("DELETE", "/orgs/acme/actions/variables/REGISTRY", None)]


def test_dependabot_secrets_use_dependabots_own_endpoints_and_key() -> None:
    client = _Keys()
    secret = RepositorySecret(value="env:FLUX_TOKEN")
    change = Change(
        Kind.REPOSITORY_DEPENDABOT_SECRET, Action.CREATE, ("d1-fleet", "REGISTRY"), (VALUE,), secret
    )
    [(method, path, body)] = _sent(change, client)
    assert (method, path) == ("PUT", "/repos/acme/d1-fleet/dependabot/secrets/REGISTRY")
    assert _opened(body) == "s3cr3t-flux-token"
    assert client.gets == ["/repos/acme/d1-fleet/dependabot/secrets/public-key"]
    shared = OrganizationSecret(value="env:FLUX_TOKEN", visibility="all")
    org_change = Change(Kind.ORGANIZATION_DEPENDABOT_SECRET, Action.CREATE, ("REGISTRY",), (VALUE,), shared)
    [(method, path, body)] = _sent(org_change)
    assert (method, path, body["visibility"]) == ("PUT", "/orgs/acme/dependabot/secrets/REGISTRY", "all")


def test_a_dependabot_secret_for_selected_repositories_sends_their_ids_on_create() -> None:
    shared = OrganizationSecret(
        value="env:FLUX_TOKEN", visibility="selected", selected_repositories=("d1-fleet", "d1-infra")
    )
    change = Change(Kind.ORGANIZATION_DEPENDABOT_SECRET, Action.CREATE, ("REGISTRY",), (VALUE,), shared)
    [(method, path, body)] = _sent(change)
    assert (method, path) == ("PUT", "/orgs/acme/dependabot/secrets/REGISTRY")
    assert body["visibility"] == "selected" and body["selected_repository_ids"] == [301, 302]
    assert _opened(body) == "s3cr3t-flux-token"


@pytest.mark.parametrize(
    ("kind", "app"),
    [(Kind.ORGANIZATION_DEPENDABOT_SECRET, "dependabot"), (Kind.ORGANIZATION_SECRET, "actions")],
)
def test_a_repository_list_change_puts_the_list_alone_and_reads_no_key(kind: Kind, app: str) -> None:
    current = OrganizationSecret(
        value="env:FLUX_TOKEN", visibility="selected", selected_repositories=("d1-fleet",)
    )
    desired = current.model_copy(update={"selected_repositories": ("d1-fleet", "d1-infra")})
    listed = FieldChange("selected_repositories", ["d1-fleet"], ["d1-fleet", "d1-infra"])
    client = _Keys()
    change = Change(kind, Action.UPDATE, ("REGISTRY",), (listed,), desired, current)
    assert _sent(change, client) == [
        ("PUT", f"/orgs/acme/{app}/secrets/REGISTRY/repositories", {"selected_repository_ids": [301, 302]})
    ]
    assert client.gets == []


def test_narrowing_a_dependabot_secret_to_selected_repositories_puts_the_secret() -> None:
    current = OrganizationSecret(value="env:FLUX_TOKEN", visibility="all")
    desired = OrganizationSecret(
        value="env:FLUX_TOKEN", visibility="selected", selected_repositories=("d1-fleet",)
    )
    fields = (
        FieldChange("visibility", "all", "selected"),
        FieldChange("selected_repositories", [], ["d1-fleet"]),
    )
    change = Change(
        Kind.ORGANIZATION_DEPENDABOT_SECRET, Action.UPDATE, ("REGISTRY",), fields, desired, current
    )
    assert _sent(change) == [
        (
            "PUT",
            "/orgs/acme/dependabot/secrets/REGISTRY",
            {"visibility": "selected", "selected_repository_ids": [301]},
        )
    ]
