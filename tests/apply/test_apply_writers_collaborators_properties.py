"""Collaborator, invitation and custom-property writers: exact requests, checked against GitHub's OpenAPI."""

from __future__ import annotations

from apply_writes import requests_for, unsupported_reason

from ghprov.github.write import Resolver, Target, writes_for
from ghprov.model import BranchProtection, ResourceIds
from ghprov.model.custom_properties import CustomProperty, PropertySetting
from ghprov.plan.changes import Action, Change, Kind

INVITATION = "repository_invitation:d1-fleet/ext-bob"
IDS = ResourceIds(resources={INVITATION: 4242})


def test_a_grant_is_a_put_with_the_rest_permission() -> None:
    grant = Change(Kind.REPOSITORY_COLLABORATOR, Action.CREATE, ("d1-fleet", "alice"), desired="read")
    assert requests_for(grant) == [
        ("PUT", "/repos/acme/d1-fleet/collaborators/alice", {"permission": "pull"})
    ]
    custom = Change(
        Kind.REPOSITORY_COLLABORATOR,
        Action.UPDATE,
        ("d1-fleet", "ext-bob"),
        desired="flux-automation",
        current="write",
    )
    assert requests_for(custom) == [
        ("PUT", "/repos/acme/d1-fleet/collaborators/ext-bob", {"permission": "flux-automation"})
    ]


def test_removing_a_collaborator_is_a_delete() -> None:
    remove = Change(Kind.REPOSITORY_COLLABORATOR, Action.DELETE, ("d1-fleet", "dave"), current="write")
    assert requests_for(remove) == [("DELETE", "/repos/acme/d1-fleet/collaborators/dave", None)]
    (request,) = writes_for(remove, Target("acme"))  # type: ignore[misc]
    assert request.already_done == frozenset({404})


def test_an_invitation_is_patched_by_id_or_cancelled() -> None:
    update = Change(
        Kind.REPOSITORY_INVITATION, Action.UPDATE, ("d1-fleet", "ext-bob"), desired="maintain", current="read"
    )
    assert requests_for(update, ids=IDS) == [
        ("PATCH", "/repos/acme/d1-fleet/invitations/4242", {"permissions": "maintain"})
    ]
    cancel = Change(Kind.REPOSITORY_INVITATION, Action.DELETE, ("d1-fleet", "ext-bob"), current="read")
    assert requests_for(cancel, ids=IDS) == [("DELETE", "/repos/acme/d1-fleet/invitations/4242", None)]


def test_an_invitation_to_a_custom_role_is_sent_again() -> None:
    update = Change(
        Kind.REPOSITORY_INVITATION,
        Action.UPDATE,
        ("d1-fleet", "ext-bob"),
        desired="flux-automation",
        current="read",
    )
    assert requests_for(update, ids=IDS) == [
        ("DELETE", "/repos/acme/d1-fleet/invitations/4242", None),
        ("PUT", "/repos/acme/d1-fleet/collaborators/ext-bob", {"permission": "flux-automation"}),
    ]
    create = Change(Kind.REPOSITORY_INVITATION, Action.CREATE, ("d1-fleet", "ext-bob"), desired="read")
    assert "a new one is a collaborator change" in unsupported_reason(create)


class Listing:
    """A client that lists one repository's invitations (the ``ResourceId`` fallback)."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    def paginate(self, path: str, params: object = None) -> list[dict[str, object]]:
        self.paths.append(path)
        return [{"id": 1, "invitee": {"login": "someone"}}, {"id": 77, "invitee": {"login": "ext-bob"}}]


def test_an_invitation_id_not_read_is_found_by_the_invitees_login() -> None:
    cancel = Change(Kind.REPOSITORY_INVITATION, Action.DELETE, ("d1-fleet", "ext-bob"), current="read")
    client = Listing()
    resolver = Resolver(Target("acme"), ResourceIds(), client=client)  # type: ignore[arg-type]
    writes = writes_for(cancel, Target("acme"))
    assert isinstance(writes, list)
    assert resolver.resolve(writes[0]).path == "/repos/acme/d1-fleet/invitations/77"
    assert client.paths == ["/repos/acme/d1-fleet/invitations"]


def test_a_definition_is_put_whole_and_deleted_by_name() -> None:
    team = CustomProperty(
        value_type="single_select", allowed_values=("platform", "apps"), default_value="apps"
    )
    create = Change(Kind.CUSTOM_PROPERTY, Action.CREATE, ("team",), desired=team)
    assert requests_for(create) == [
        (
            "PUT",
            "/orgs/acme/properties/schema/team",
            {
                "value_type": "single_select",
                "required": False,
                "default_value": "apps",
                "description": None,
                "allowed_values": ["platform", "apps"],
                "values_editable_by": "org_actors",
            },
        )
    ]
    delete = Change(Kind.CUSTOM_PROPERTY, Action.DELETE, ("team",), current=team)
    assert requests_for(delete) == [("DELETE", "/orgs/acme/properties/schema/team", None)]
    rename = Change(Kind.CUSTOM_PROPERTY, Action.RENAME, ("team",), desired=team, current=team)
    assert "cannot rename" in unsupported_reason(rename)


def test_a_value_is_set_and_unset_through_the_organisation_endpoint() -> None:
    tags = Change(
        Kind.REPOSITORY_PROPERTY,
        Action.CREATE,
        ("d1-fleet", "tags"),
        desired=PropertySetting(value=["b", "a"]),
    )
    assert requests_for(tags) == [
        (
            "PATCH",
            "/orgs/acme/properties/values",
            {
                "repository_names": ["d1-fleet"],
                "properties": [{"property_name": "tags", "value": ["a", "b"]}],
            },
        )
    ]
    unset = Change(
        Kind.REPOSITORY_PROPERTY, Action.DELETE, ("d1-fleet", "tier"), current=PropertySetting(value="1")
    )
    assert requests_for(unset) == [
        (
            "PATCH",
            "/orgs/acme/properties/values",
            {"repository_names": ["d1-fleet"], "properties": [{"property_name": "tier", "value": None}]},
        )
    ]


def test_names_are_percent_encoded_into_one_path_segment() -> None:
    """Found by the generated round trip: ``env#1`` was cut at the "#" (a URL fragment), so GitHub was
    asked for property ``env``; a branch's "/" split ``{branch}`` into two segments, which no documented
    operation matches, so such requests also escaped the contract check."""
    from ghprov_testbeds.sandbox.fidelity import documented

    definition = CustomProperty(value_type="string")
    create = Change(Kind.CUSTOM_PROPERTY, Action.CREATE, ("env#1",), desired=definition)
    ((method, where, _),) = requests_for(create)
    assert (method, where) == ("PUT", "/orgs/acme/properties/schema/env%231")
    protection = Change(
        Kind.BRANCH_PROTECTION, Action.CREATE, ("d1-fleet", "feature/x y"), desired=BranchProtection()
    )
    paths = [path for _, path, _ in requests_for(protection)]
    assert paths == ["/repos/acme/d1-fleet/branches/feature%2Fx%20y/protection"]
    assert all(documented("PUT", path) for path in paths)
