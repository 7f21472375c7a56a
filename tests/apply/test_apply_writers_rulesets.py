"""Writers for repository and organisation rulesets, with every kind of bypass actor."""

from __future__ import annotations

from apply_fakes import FakeClock, FakeGitHub
from apply_writes import ORG, requests_for, unsupported_reason

from ghprov.github.write import RepositoryRulesetId, Resolver, Target, UnresolvedFact, writes_for
from ghprov.model import BypassActor, ResourceIds, Ruleset, RulesetRule
from ghprov.plan.changes import Action, Change, Kind

INFRA_PRODUCTION = Ruleset(
    target="branch",
    enforcement="active",
    conditions={"ref_name": {"include": ["refs/heads/production"]}},
    bypass_actors=[
        BypassActor(team="flux-bots", mode="always"),
        BypassActor(app="flux-app"),
        BypassActor(role="write", mode="pull_request"),
        BypassActor(role="flux-automation"),
        BypassActor(organization_admin=True),
        BypassActor(user="acme-flux-bot", mode="exempt"),
        BypassActor(deploy_keys=True),
    ],
    rules=[
        RulesetRule(type="non_fast_forward"),
        RulesetRule.model_validate({"pull_request": {"required_approving_review_count": 2}}),
    ],
)

EXPECTED_BODY = {
    "name": "infra-production",
    "target": "branch",
    "enforcement": "active",
    "conditions": {"ref_name": {"include": ["refs/heads/production"], "exclude": []}},
    "rules": [
        {"type": "non_fast_forward"},
        {
            "type": "pull_request",
            "parameters": {
                "required_approving_review_count": 2,
                "dismiss_stale_reviews_on_push": False,
                "require_code_owner_review": False,
                "require_last_push_approval": False,
                "required_review_thread_resolution": False,
                "allowed_merge_methods": ["merge", "squash", "rebase"],
            },
        },
    ],
    "bypass_actors": [
        {"actor_id": 3003, "actor_type": "Integration", "bypass_mode": "always"},
        {"actor_id": None, "actor_type": "DeployKey", "bypass_mode": "always"},
        {"actor_id": None, "actor_type": "OrganizationAdmin", "bypass_mode": "always"},
        {"actor_id": 501, "actor_type": "RepositoryRole", "bypass_mode": "always"},
        {"actor_id": 4, "actor_type": "RepositoryRole", "bypass_mode": "pull_request"},
        {"actor_id": 13, "actor_type": "Team", "bypass_mode": "always"},
        {"actor_id": 9001, "actor_type": "User", "bypass_mode": "exempt"},
    ],
}


def test_repository_ruleset_create_resolves_every_bypass_actor() -> None:
    change = Change(
        Kind.REPOSITORY_RULESET, Action.CREATE, ("d1-apps", "infra-production"), desired=INFRA_PRODUCTION
    )
    assert requests_for(change) == [("POST", "/repos/acme/d1-apps/rulesets", EXPECTED_BODY)]


def test_repository_ruleset_update_puts_the_whole_ruleset_and_delete_by_id() -> None:
    update = Change(
        Kind.REPOSITORY_RULESET,
        Action.UPDATE,
        ("d1-infra", "infra-production"),
        desired=INFRA_PRODUCTION,
        current=Ruleset(),
    )
    assert requests_for(update) == [("PUT", "/repos/acme/d1-infra/rulesets/77", EXPECTED_BODY)]
    delete = Change(
        Kind.REPOSITORY_RULESET, Action.DELETE, ("d1-infra", "infra-production"), current=Ruleset()
    )
    assert requests_for(delete) == [("DELETE", "/repos/acme/d1-infra/rulesets/77", None)]


def test_role_ids_are_githubs_well_known_ones() -> None:
    actors = [BypassActor(role=role) for role in ("maintain", "write", "admin", "push")]
    change = Change(
        Kind.REPOSITORY_RULESET, Action.CREATE, ("r", "roles"), desired=Ruleset(bypass_actors=actors)
    )
    ((_, _, body),) = requests_for(change)
    assert sorted(actor["actor_id"] for actor in body["bypass_actors"]) == [2, 4, 4, 5]


def test_read_role_cannot_bypass() -> None:
    ruleset = Ruleset(bypass_actors=[BypassActor(role="read")])
    change = Change(Kind.REPOSITORY_RULESET, Action.CREATE, ("r", "x"), desired=ruleset)
    assert "the read role cannot bypass rulesets" in unsupported_reason(change)


def test_organization_ruleset_create_update_delete() -> None:
    ruleset = Ruleset(
        target="branch",
        conditions={
            "ref_name": {"include": ["~DEFAULT_BRANCH"]},
            "repository_name": {"include": ["~ALL"]},
        },
        rules=[RulesetRule(type="deletion")],
        bypass_actors=[BypassActor(organization_admin=True)],
    )
    body = {
        "name": "org-main",
        "target": "branch",
        "enforcement": "active",
        "conditions": {
            "ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []},
            "repository_name": {"include": ["~ALL"], "exclude": []},
        },
        "rules": [{"type": "deletion"}],
        "bypass_actors": [{"actor_id": None, "actor_type": "OrganizationAdmin", "bypass_mode": "always"}],
    }
    create = Change(Kind.ORGANIZATION_RULESET, Action.CREATE, ("org-main",), desired=ruleset)
    assert requests_for(create) == [("POST", "/orgs/acme/rulesets", body)]
    update = Change(
        Kind.ORGANIZATION_RULESET, Action.UPDATE, ("org-main",), desired=ruleset, current=Ruleset()
    )
    assert requests_for(update) == [("PUT", "/orgs/acme/rulesets/88", body)]
    delete = Change(Kind.ORGANIZATION_RULESET, Action.DELETE, ("org-main",), current=ruleset)
    assert requests_for(delete) == [("DELETE", "/orgs/acme/rulesets/88", None)]


def test_unknown_ids_are_looked_up_once_with_a_get() -> None:
    github = FakeGitHub(FakeClock())
    github.script[("GET", "/orgs/acme/teams/ops")] = [{"id": 71, "slug": "ops"}]
    github.script[("GET", "/apps/renovate")] = [{"id": 2740, "slug": "renovate"}]
    github.script[("GET", "/users/carol")] = [{"id": 314, "login": "carol"}]
    github.listings["/repos/acme/d1-apps/rulesets"] = [
        {"id": 5, "name": "org-level", "source_type": "Organization"},
        {"id": 6, "name": "apps", "source_type": "Repository"},
    ]
    ruleset = Ruleset(
        bypass_actors=[BypassActor(team="ops"), BypassActor(app="renovate"), BypassActor(user="carol")]
    )
    change = Change(
        Kind.REPOSITORY_RULESET, Action.UPDATE, ("d1-apps", "apps"), desired=ruleset, current=ruleset
    )
    writes = writes_for(change, Target(ORG))
    assert isinstance(writes, list)
    resolver = Resolver(Target(ORG), ResourceIds(), github)
    (resolved,) = [resolver.resolve(request) for request in writes]
    assert resolved.path == "/repos/acme/d1-apps/rulesets/6"
    assert [actor["actor_id"] for actor in resolved.body["bypass_actors"]] == [2740, 71, 314]
    assert resolver.lookups == [
        "GET /repos/acme/d1-apps/rulesets",
        "GET /apps/renovate",
        "GET /orgs/acme/teams/ops",
        "GET /users/carol",
    ]
    resolver.resolve(writes[0])
    assert len(resolver.lookups) == 4


def test_a_ruleset_missing_on_github_is_a_clear_error() -> None:
    resolver = Resolver(Target(ORG), ResourceIds(), FakeGitHub(FakeClock()))
    try:
        resolver.value(RepositoryRulesetId("d1-apps", "gone"))
    except UnresolvedFact as error:
        assert error.message == "ruleset gone of d1-apps does not exist on GitHub"
    else:
        raise AssertionError("expected UnresolvedFact")


def test_organization_ruleset_refuses_user_bypass_actors() -> None:
    ruleset = Ruleset(bypass_actors=[BypassActor(user="acme-flux-bot")])
    change = Change(Kind.ORGANIZATION_RULESET, Action.CREATE, ("org-main",), desired=ruleset)
    assert unsupported_reason(change) == (
        "organisation rulesets cannot name individual users as bypass actors; "
        "use a team containing the user, or a GitHub App"
    )
