"""Runner group writers: create with one POST, update with a PATCH that never leans on what an
omitted key means, then the repository list; delete. Every request validated against the OpenAPI."""

from __future__ import annotations

from apply_writes import requests_for

from ghprov.model import ResourceIds
from ghprov.model.runner_groups import RunnerGroupAccess
from ghprov.plan.changes import Action, Change, Kind

IDS = ResourceIds(
    resources={"runner_group:linux-large": 7, "repository:d1-infra": 102, "repository:d1-fleet": 101}
)
WORKFLOW = "acme/d1-infra/.github/workflows/deploy.yaml@main"
BASE = "/orgs/acme/actions/runner-groups"


def test_a_new_group_is_one_post_with_its_repositories_as_ids() -> None:
    desired = RunnerGroupAccess(
        visibility="selected",
        selected_repositories=("d1-fleet", "d1-infra"),
        restricted_to_workflows=True,
        selected_workflows=(WORKFLOW,),
    )
    change = Change(Kind.RUNNER_GROUP, Action.CREATE, ("gpu",), desired=desired)
    assert requests_for(change, ids=IDS) == [
        (
            "POST",
            BASE,
            {
                "name": "gpu",
                "visibility": "selected",
                "restricted_to_workflows": True,
                "selected_workflows": [WORKFLOW],
                "selected_repository_ids": [101, 102],
            },
        )
    ]
    # Keys the config leaves out get GitHub's defaults: they are not sent.
    bare = Change(Kind.RUNNER_GROUP, Action.CREATE, ("plain",), desired=RunnerGroupAccess())
    assert requests_for(bare, ids=IDS) == [("POST", BASE, {"name": "plain"})]


def test_an_update_patches_with_the_live_values_it_keeps_then_sets_repositories_by_id() -> None:
    current = RunnerGroupAccess(
        visibility="all",
        allows_public_repositories=True,
        restricted_to_workflows=False,
        selected_workflows=(),
    )
    desired = RunnerGroupAccess(visibility="selected", selected_repositories=("d1-infra",))
    change = Change(Kind.RUNNER_GROUP, Action.UPDATE, ("linux-large",), desired=desired, current=current)
    assert requests_for(change, ids=IDS) == [
        (
            "PATCH",
            f"{BASE}/7",
            {
                "name": "linux-large",
                "visibility": "selected",
                # Not changed, but the PATCH documents a default for it: the live value goes along.
                "allows_public_repositories": True,
                "restricted_to_workflows": False,
                "selected_workflows": [],
            },
        ),
        ("PUT", f"{BASE}/7/repositories", {"selected_repository_ids": [102]}),
    ]
    only_repositories = RunnerGroupAccess(selected_repositories=("d1-fleet",))
    change = Change(
        Kind.RUNNER_GROUP, Action.UPDATE, ("linux-large",), desired=only_repositories, current=current
    )
    assert requests_for(change, ids=IDS) == [
        ("PUT", f"{BASE}/7/repositories", {"selected_repository_ids": [101]})
    ]


def test_a_deletion_is_one_delete() -> None:
    change = Change(
        Kind.RUNNER_GROUP, Action.DELETE, ("linux-large",), current=RunnerGroupAccess(visibility="all")
    )
    assert requests_for(change, ids=IDS) == [("DELETE", f"{BASE}/7", None)]
