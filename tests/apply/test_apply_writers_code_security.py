"""Code security configuration writers: attach only what is new, detach in batches of GitHub's 250,
delete; every request validated against GitHub's OpenAPI."""

from __future__ import annotations

from apply_writes import requests_for

from ghprov.github.write.code_security import DETACH_BATCH
from ghprov.model import ResourceIds
from ghprov.model.code_security import CodeSecurityConfiguration
from ghprov.plan.changes import Action, Change, Kind

BASE = "/orgs/acme/code-security/configurations"


def _ids(count: int) -> ResourceIds:
    repositories = {f"repository:repo-{i:03}": 1000 + i for i in range(count)}
    return ResourceIds(resources={"code_security_configuration:d1": 55, **repositories})


def test_an_update_attaches_the_new_repositories_and_detaches_the_dropped_ones() -> None:
    current = CodeSecurityConfiguration(repositories=("repo-000", "repo-001"))
    desired = CodeSecurityConfiguration(repositories=("repo-001", "repo-002"))
    change = Change(Kind.CODE_SECURITY_CONFIGURATION, Action.UPDATE, ("d1",), (), desired, current)
    assert requests_for(change, ids=_ids(3)) == [
        ("POST", f"{BASE}/55/attach", {"scope": "selected", "selected_repository_ids": [1002]}),
        ("DELETE", f"{BASE}/detach", {"selected_repository_ids": [1000]}),
    ]


def test_detaching_more_than_github_takes_at_once_is_batched() -> None:
    count = DETACH_BATCH + 3
    current = CodeSecurityConfiguration(repositories=tuple(f"repo-{i:03}" for i in range(count)))
    change = Change(
        Kind.CODE_SECURITY_CONFIGURATION,
        Action.UPDATE,
        ("d1",),
        desired=CodeSecurityConfiguration(repositories=()),
        current=current,
    )
    sent = requests_for(change, ids=_ids(count))
    assert [(method, path, len(body["selected_repository_ids"])) for method, path, body in sent] == [
        ("DELETE", f"{BASE}/detach", DETACH_BATCH),
        ("DELETE", f"{BASE}/detach", 3),
    ]
    assert sorted(i for _, _, body in sent for i in body["selected_repository_ids"]) == [
        1000 + i for i in range(count)
    ]


def test_a_deletion_is_one_delete_of_the_configuration() -> None:
    current = CodeSecurityConfiguration(secret_scanning="enabled", repositories=("repo-000",))
    change = Change(Kind.CODE_SECURITY_CONFIGURATION, Action.DELETE, ("d1",), current=current)
    assert requests_for(change, ids=_ids(1)) == [("DELETE", f"{BASE}/55", None)]
