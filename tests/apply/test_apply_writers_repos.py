"""Writers for repository-level kinds: repositories, branches, team grants, branch protection."""

from __future__ import annotations

from apply_fakes import FakeClock, FakeGitHub
from apply_writes import ORG, live_ids, requests_for, unsupported_reason

from ghprov.github.write import BranchSha, DefaultBranch, Resolver, Target, writes_for
from ghprov.model import Actors, BranchProtection, Repository, StatusChecks
from ghprov.plan.changes import Action, Change, FieldChange, Kind

SHA = "0123456789abcdef0123456789abcdef01234567"


def test_repository_create_initialises_then_sets_what_create_cannot() -> None:
    repository = Repository(
        description="Fleet repository",
        visibility="private",
        default_branch="main",
        delete_branch_on_merge=True,
        allow_rebase_merge=False,
        allow_update_branch=True,
        topics=["flux", "d1"],
    )
    change = Change(Kind.REPOSITORY, Action.CREATE, ("d1-fleet",), desired=repository)
    known = {DefaultBranch("d1-fleet"): "trunk", BranchSha("d1-fleet", DefaultBranch("d1-fleet")): SHA}
    assert requests_for(change, known=known) == [
        (
            "POST",
            "/orgs/acme/repos",
            {
                "name": "d1-fleet",
                "auto_init": True,
                "description": "Fleet repository",
                "visibility": "private",
                "allow_rebase_merge": False,
                "delete_branch_on_merge": True,
            },
        ),
        ("POST", "/repos/acme/d1-fleet/git/refs", {"ref": "refs/heads/main", "sha": SHA}),
        ("PATCH", "/repos/acme/d1-fleet", {"allow_update_branch": True, "default_branch": "main"}),
        ("PUT", "/repos/acme/d1-fleet/topics", {"names": ["d1", "flux"]}),
    ]


def test_repository_create_skips_default_branch_writes_when_github_chose_it() -> None:
    change = Change(Kind.REPOSITORY, Action.CREATE, ("r",), desired=Repository(default_branch="main"))
    writes = writes_for(change, Target(ORG))
    assert not isinstance(writes, str) and isinstance(writes, list)
    resolver = Resolver(Target(ORG), live_ids(), known={DefaultBranch("r"): "main"})
    assert [resolver.should_skip(request) for request in writes] == [False, True, True]
    resolver = Resolver(Target(ORG), live_ids(), known={DefaultBranch("r"): "master"})
    assert [resolver.should_skip(request) for request in writes] == [False, False, False]


def test_repository_update_unarchives_first_and_archives_last() -> None:
    unarchive = Change(
        Kind.REPOSITORY,
        Action.UPDATE,
        ("d1-apps",),
        desired={"archived": False, "description": "Apps", "topics": ("apps",)},
        current={"archived": True, "description": "", "topics": ()},
    )
    assert requests_for(unarchive) == [
        ("PATCH", "/repos/acme/d1-apps", {"archived": False}),
        ("PATCH", "/repos/acme/d1-apps", {"description": "Apps"}),
        ("PUT", "/repos/acme/d1-apps/topics", {"names": ["apps"]}),
    ]
    archive = Change(
        Kind.REPOSITORY,
        Action.UPDATE,
        ("d1-apps",),
        desired={"has_wiki": False, "archived": True},
        current={"has_wiki": True, "archived": False},
    )
    assert requests_for(archive) == [
        ("PATCH", "/repos/acme/d1-apps", {"has_wiki": False}),
        ("PATCH", "/repos/acme/d1-apps", {"archived": True}),
    ]


def test_repository_rename_and_never_delete() -> None:
    rename = Change(
        Kind.REPOSITORY,
        Action.RENAME,
        ("d1-fleet",),
        fields=(FieldChange("name", "fleet", "d1-fleet"),),
        desired=Repository(),
    )
    assert requests_for(rename) == [("PATCH", "/repos/acme/fleet", {"name": "d1-fleet"})]
    delete = Change(Kind.REPOSITORY, Action.DELETE, ("d1-fleet",), current=Repository())
    assert "never deletes repositories" in unsupported_reason(delete)


def test_branch_create_reads_the_default_branch_tip_then_posts_the_ref() -> None:
    change = Change(Kind.BRANCH, Action.CREATE, ("d1-infra", "production"), desired="main")
    github = FakeGitHub(FakeClock())
    github.script[("GET", "/repos/acme/d1-infra/git/ref/heads/main")] = [
        {"ref": "refs/heads/main", "object": {"type": "commit", "sha": SHA}}
    ]
    writes = writes_for(change, Target(ORG))
    assert isinstance(writes, list)
    resolver = Resolver(Target(ORG), live_ids(), github)
    resolved = [resolver.resolve(request) for request in writes]
    assert [(r.method, r.path, r.body) for r in resolved] == [
        ("POST", "/repos/acme/d1-infra/git/refs", {"ref": "refs/heads/production", "sha": SHA})
    ]
    assert resolver.lookups == ["GET /repos/acme/d1-infra/git/ref/heads/main"]
    assert requests_for(change, known={BranchSha("d1-infra", "main"): SHA})[0][2]["sha"] == SHA
    delete = Change(Kind.BRANCH, Action.DELETE, ("d1-infra", "production"))
    assert "only creates branches" in unsupported_reason(delete)


def test_team_repository_permissions_use_rest_vocabulary_and_custom_names() -> None:
    expected = {"read": "pull", "write": "push", "triage": "triage", "maintain": "maintain", "admin": "admin"}
    for role, permission in expected.items():
        change = Change(Kind.TEAM_REPOSITORY, Action.CREATE, ("platform-team", "d1-fleet"), desired=role)
        assert requests_for(change) == [
            ("PUT", "/orgs/acme/teams/platform-team/repos/acme/d1-fleet", {"permission": permission})
        ]
    custom = Change(
        Kind.TEAM_REPOSITORY,
        Action.UPDATE,
        ("flux-bots", "d1-apps"),
        desired="flux-automation",
        current="write",
    )
    assert requests_for(custom) == [
        ("PUT", "/orgs/acme/teams/flux-bots/repos/acme/d1-apps", {"permission": "flux-automation"})
    ]
    revoke = Change(Kind.TEAM_REPOSITORY, Action.DELETE, ("Apps Team", "d1-apps"), current="read")
    assert requests_for(revoke) == [("DELETE", "/orgs/acme/teams/apps-team/repos/acme/d1-apps", None)]


FLEET_MAIN = BranchProtection(
    required_approving_review_count=2,
    dismiss_stale_reviews=True,
    require_code_owner_reviews=True,
    require_last_push_approval=True,
    required_status_checks=StatusChecks(strict=True, contexts=["manifests"]),
    enforce_admins=True,
    required_signatures=True,
    bypass_pull_request_allowances=Actors(users=["acme-flux-bot"], teams=["Apps Team"]),
)


def test_branch_protection_create_sends_the_complete_body_then_signatures() -> None:
    change = Change(Kind.BRANCH_PROTECTION, Action.CREATE, ("d1-fleet", "main"), desired=FLEET_MAIN)
    assert requests_for(change) == [
        (
            "PUT",
            "/repos/acme/d1-fleet/branches/main/protection",
            {
                "required_status_checks": {"strict": True, "contexts": ["manifests"]},
                "enforce_admins": True,
                "required_pull_request_reviews": {
                    "dismiss_stale_reviews": True,
                    "require_code_owner_reviews": True,
                    "required_approving_review_count": 2,
                    "require_last_push_approval": True,
                    "bypass_pull_request_allowances": {
                        "users": ["acme-flux-bot"],
                        "teams": ["apps-team"],
                        "apps": [],
                    },
                },
                "restrictions": None,
                "required_linear_history": False,
                "allow_force_pushes": False,
                "allow_deletions": False,
                "block_creations": False,
                "required_conversation_resolution": False,
                "lock_branch": False,
                "allow_fork_syncing": False,
            },
        ),
        ("POST", "/repos/acme/d1-fleet/branches/main/protection/required_signatures", None),
    ]


def test_branch_protection_minimal_body_states_every_required_key_as_null() -> None:
    protection = BranchProtection(restrictions=Actors(users=["alice"]), dismissal_restrictions=None)
    change = Change(Kind.BRANCH_PROTECTION, Action.CREATE, ("d1-infra", "production"), desired=protection)
    ((method, path, body),) = requests_for(change)
    assert (method, path) == ("PUT", "/repos/acme/d1-infra/branches/production/protection")
    assert body["required_status_checks"] is None
    assert body["required_pull_request_reviews"] is None
    assert body["enforce_admins"] is False
    assert body["restrictions"] == {"users": ["alice"], "teams": [], "apps": []}


def test_branch_protection_update_touches_only_what_changed() -> None:
    unsigned = FLEET_MAIN.model_copy(update={"required_signatures": False})
    only_signatures = Change(
        Kind.BRANCH_PROTECTION, Action.UPDATE, ("d1-fleet", "main"), desired=unsigned, current=FLEET_MAIN
    )
    assert requests_for(only_signatures) == [
        ("DELETE", "/repos/acme/d1-fleet/branches/main/protection/required_signatures", None)
    ]
    looser = FLEET_MAIN.model_copy(update={"required_approving_review_count": 1})
    reviews = Change(
        Kind.BRANCH_PROTECTION, Action.UPDATE, ("d1-fleet", "main"), desired=looser, current=FLEET_MAIN
    )
    ((method, _, body),) = requests_for(reviews)
    assert method == "PUT"
    assert body["required_pull_request_reviews"]["required_approving_review_count"] == 1


def test_branch_protection_lifting_dismissal_restrictions_sends_an_empty_object() -> None:
    restricted = BranchProtection(
        required_approving_review_count=1, dismissal_restrictions=Actors(users=["bob"])
    )
    lifted = BranchProtection(required_approving_review_count=1)
    change = Change(Kind.BRANCH_PROTECTION, Action.UPDATE, ("r", "main"), desired=lifted, current=restricted)
    ((_, _, body),) = requests_for(change)
    assert body["required_pull_request_reviews"]["dismissal_restrictions"] == {}


def test_branch_protection_delete() -> None:
    change = Change(Kind.BRANCH_PROTECTION, Action.DELETE, ("d1-fleet", "main"), current=FLEET_MAIN)
    assert requests_for(change) == [("DELETE", "/repos/acme/d1-fleet/branches/main/protection", None)]
