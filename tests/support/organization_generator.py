"""Random but valid organisation configs, one generator per resource kind, for the round-trip tests.

``generate(seed)`` is deterministic: the same seed gives the same config, the same secret values and
the same GitHub-side facts (``World``), so a failing seed is replayed by running it again. Each
``Kind`` of ``ghprov.plan.kinds.registry.KINDS`` has exactly one function in ``GENERATORS``
(tests/e2e/test_e2e_generated_roundtrip.py fails for a kind without one), and they run in the
registry's order, so a kind can build on the kinds before it (environment secrets on environments,
grants on custom roles).

The names every generator draws from (people, teams, repositories, Apps, runner groups) are fixed
first, in ``Draft``. They deliberately include the edges of GitHub's value space: team names with
spaces, capitals and punctuation (their slugs differ), repository names with dots, capitals and a
leading dot, nested teams, branch patterns, every ruleset bypass actor kind and mode.

Only what a config cannot create is left to ``World`` for the test to seed on the sandbox: runner
groups (created where runners are registered), the IdP groups of team sync (and the SAML IdP), and
which Apps are installed on selected repositories rather than all (only the installation's settings
page switches that).
"""

from __future__ import annotations

import base64
import random
import string
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ghprov.model.custom_properties import SELECTS
from ghprov.model.organization_roles import PREDEFINED_ORGANIZATION_ROLES
from ghprov.model.webhook_events import ORGANIZATION_EVENTS, REPOSITORY_EVENTS
from ghprov.plan.changes import Kind

T = TypeVar("T")
Document = dict[str, Any]

# Name pools: capitals, spaces, punctuation and a leading dot are GitHub's edges, not decoration.
TEAM_NAMES = ("Platform Team", "apps", "SRE", "Flux Bots", "release-managers", "Docs & Support", "QA_Team")
REPOSITORY_NAMES = ("d1-fleet", "d1-infra", "docs.site", "Legacy_Tools", ".github", "charts", "api")
MEMBER_LOGINS = ("mia", "carol", "dave-x", "erin2", "Frank", "gina")
OUTSIDE_LOGINS = ("ext-olga", "contractor-paul", "Vendor-Q")
CUSTOM_ROLE_NAMES = ("flux-automation", "release-manager")
APP_SLUGS = ("flux-app", "renovate-bot")
RUNNER_GROUP_NAMES = ("linux-large", "Windows Runners")
BRANCH_NAMES = ("production", "release/1.0", "staging", "feature/x-y")
BRANCH_PATTERNS = ("release/*", "feature/**/*", "v[0-9]*", "hotfix-?")
PERMISSIONS = (
    "bypass_branch_protection",
    "create_tag",
    "delete_tag",
    "manage_deploy_keys",
    "manage_webhooks",
    "push_protected_branch",
    "add_label",
)
BUILTIN_ROLES = ("read", "triage", "write", "maintain", "admin")
ROLE_RANK = {role: rank for rank, role in enumerate(("none", *BUILTIN_ROLES))}
WORDS = ("alpha", "Beta", "gamma", "Delta ops", "edge-case", "émigré", "x")
CUSTOM_ORGANIZATION_ROLE_NAMES = ("Security Auditor", "runner-admins")
# Organisation permissions GitHub lists (GET /orgs/{org}/organization-fine-grained-permissions).
ORGANIZATION_PERMISSIONS = (
    "read_audit_logs",
    "read_organization_custom_org_role",
    "write_organization_actions_secrets",
    "write_organization_runners_and_runner_groups",
)


@dataclass
class World:
    """What the sandbox must hold before apply: GitHub-side facts a config cannot create."""

    runner_groups: list[str] = field(default_factory=list)
    # Apps installed on the organisation (ghprov manages an installation's repositories, not the
    # installation), and those of them installed on selected repositories rather than all.
    installed_apps: list[str] = field(default_factory=list)
    selected_apps: list[str] = field(default_factory=list)
    team_sync: bool = False
    # Invitations (organisation and repository) are accepted at once, or stay pending.
    accept_invitations: bool = True


@dataclass
class Draft:
    """The config under construction, the names it may use and the facts it needs."""

    rng: random.Random
    document: Document
    owners: list[str]
    members: list[str]
    bots: list[str]
    outsiders: list[str]
    teams: list[str]
    repositories: dict[str, str]  # name → visibility
    archived: list[str]
    custom_roles: list[str]
    apps: list[str]
    environment: dict[str, str] = field(default_factory=dict)
    world: World = field(default_factory=World)

    # -- drawing -------------------------------------------------------------------------------
    def side_draws(self, kind: str) -> random.Random:
        """Draws of their own for a kind added after seeds were recorded: they leave the shared
        stream, and so every other kind's draws for a seed, as they were."""
        return random.Random(f"{self.document['organization']}/{kind}")

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def some(self, pool: Sequence[T], low: int = 0, high: int | None = None) -> list[T]:
        """A random subset of ``pool`` (order kept, so the draw is stable)."""
        top = len(pool) if high is None else min(high, len(pool))
        count = self.rng.randint(min(low, top), top)
        chosen = set(self.rng.sample(range(len(pool)), count))
        return [item for index, item in enumerate(pool) if index in chosen]

    def word(self) -> str:
        return self.rng.choice(WORDS)

    def token(self, length: int = 6) -> str:
        return "".join(self.rng.choice(string.ascii_lowercase + string.digits) for _ in range(length))

    # -- the config ----------------------------------------------------------------------------
    def repo(self, name: str) -> Document:
        repositories: Document = self.document.setdefault("repositories", {})
        found: Document = repositories.setdefault(name, {})
        return found

    def live_repositories(self) -> list[str]:
        """Repositories nested resources may be added to (an archived one is read-only on GitHub)."""
        return [name for name in self.repositories if name not in self.archived]

    def people(self) -> list[str]:
        """Organisation members of either role, bots included."""
        return [*self.owners, *self.members, *self.bots]

    def closed_teams(self) -> list[str]:
        teams: Document = self.document.get("teams", {})
        return [name for name in self.teams if teams.get(name, {}).get("privacy") != "secret"]

    def roles(self) -> list[str]:
        return [*BUILTIN_ROLES, *self.custom_roles]

    def secret(self, name: str) -> str:
        """A reference to a fresh value supplied through the environment (``env:NAME``)."""
        variable = f"GEN_{name}_{len(self.environment)}"
        self.environment[variable] = f"value-{self.token(12)}"
        return f"env:{variable}"

    def secret_name(self) -> str:
        return (
            self.rng.choice(("FLUX", "DEPLOY", "REGISTRY", "TOKEN", "_PRIVATE", "A1"))
            + f"_{self.token(3).upper()}"
        )


# -- one generator per kind, in registry order ----------------------------------------------------


def custom_roles(draft: Draft) -> None:
    roles: Document = {}
    for name in draft.custom_roles:
        role: Document = {"base_role": draft.rng.choice(("read", "triage", "write", "maintain"))}
        permissions = draft.some(PERMISSIONS, 1, 3)
        role["permissions"] = permissions
        if draft.chance(0.5):
            role["description"] = draft.word()
        roles[name] = role
    if roles:
        draft.document["custom_roles"] = roles


def custom_properties(draft: Draft) -> None:
    properties: Document = {}
    for name in draft.some(("team", "cost-center", "tier$", "env#1", "Compliance_Level"), 0, 4):
        value_type = draft.rng.choice(("string", "single_select", "multi_select", "true_false", "url"))
        definition: Document = {"value_type": value_type}
        if value_type in SELECTS:
            definition["allowed_values"] = draft.some(("gold", "silver", "Bronze", "with space"), 1)
        if draft.chance(0.3):
            definition["description"] = draft.word()
        if draft.chance(0.3):
            definition["values_editable_by"] = draft.rng.choice(("org_actors", "org_and_repo_actors"))
        if draft.chance(0.4):
            definition["default_value"] = _property_value(draft, definition)
            definition["required"] = draft.chance(0.5)
        properties[name] = definition
    if properties:
        draft.document["custom_properties"] = properties


def _property_value(draft: Draft, definition: Document) -> Any:
    value_type = definition["value_type"]
    if value_type == "single_select":
        return draft.rng.choice(definition["allowed_values"])
    if value_type == "multi_select":
        return draft.some(definition["allowed_values"], 1)
    if value_type == "true_false":
        return draft.rng.choice((True, False, "true", "false"))
    if value_type == "url":
        return f"https://example.com/{draft.token()}"
    return draft.word()


def organization_settings(draft: Draft) -> None:
    settings: Document = {}
    choices: dict[str, Sequence[Any]] = {
        "description": ("Fleet of clusters", "", "x" * 160),
        "company": ("Acme Corp",),
        "blog": ("https://blog.example.com",),
        "location": ("Berlin",),
        "email": ("ops@example.com",),
        "billing_email": ("billing@example.com",),
        "default_repository_permission": ("read", "write", "admin", "none"),
        "members_can_create_repositories": (True, False),
        "members_can_create_public_repositories": (True, False),
        "members_can_create_private_repositories": (True, False),
        "members_can_create_internal_repositories": (True, False),
        "members_can_fork_private_repositories": (True, False),
        "web_commit_signoff_required": (True, False),
        "has_organization_projects": (True, False),
        "has_repository_projects": (True, False),
        "deploy_keys_enabled_for_repositories": (True,),
    }
    for name in draft.some(tuple(choices)):
        settings[name] = draft.rng.choice(choices[name])
    if settings:
        draft.document["settings"] = settings


def teams(draft: Draft) -> None:
    declared: Document = {}
    for index, name in enumerate(draft.teams):
        team: Document = {}
        if draft.chance(0.7):
            team["privacy"] = draft.rng.choice(("closed", "closed", "secret"))
        if draft.chance(0.5):
            team["description"] = draft.word()
        # Nesting: a parent is an earlier, closed team (GitHub refuses a secret team a parent or child).
        parents = [
            other for other in draft.teams[:index] if declared[other].get("privacy", "secret") == "closed"
        ]
        if parents and team.get("privacy") == "closed" and draft.chance(0.5):
            team["parent"] = draft.rng.choice(parents)
        declared[name] = team
    if declared:
        draft.document["teams"] = declared


def organization_membership(draft: Draft) -> None:
    draft.document["members"] = {"owners": list(draft.owners), "members": list(draft.members)}
    if draft.bots:
        draft.document["bots"] = {bot: {} for bot in draft.bots}


def team_sync(draft: Draft) -> None:
    candidates = [name for name in draft.teams if "parent" not in draft.document["teams"][name]]
    if not candidates or not draft.chance(0.4):
        return
    team = draft.rng.choice(candidates)
    groups = [
        {
            "id": f"6f1c2e0a-0000-4a4a-9b9b-{index:012d}",
            "name": f"gh-{draft.token(4)}",
            "description": draft.word(),
        }
        for index in range(draft.rng.randint(1, 2))
    ]
    draft.document["teams"][team]["idp_groups"] = groups
    draft.world.team_sync = True


def team_membership(draft: Draft) -> None:
    people = [*draft.owners, *draft.members]
    for name in draft.teams:
        team: Document = draft.document["teams"][name]
        if "idp_groups" in team or not draft.chance(0.7):
            continue  # a synced team's members are the IdP's
        chosen = draft.some(people, 0, 4)
        maintainers = [login for login in chosen if draft.chance(0.4)]
        team["maintainers"] = maintainers
        team["members"] = [login for login in chosen if login not in maintainers]
    unsynced = [name for name in draft.teams if "idp_groups" not in draft.document["teams"][name]]
    for bot in draft.bots:
        draft.document["bots"][bot] = {"teams": draft.some(unsynced, 0, 2)}


def custom_organization_roles(draft: Draft) -> None:
    rng = draft.side_draws("organization_role")
    roles: Document = {}
    for name in CUSTOM_ORGANIZATION_ROLE_NAMES:
        if rng.random() < 0.5:
            continue
        chosen = [p for p in ORGANIZATION_PERMISSIONS if rng.random() < 0.5] or [ORGANIZATION_PERMISSIONS[0]]
        role: Document = {"permissions": chosen}
        if rng.random() < 0.5:
            # A base role gives every repository; repository permissions need one.
            role["base_role"] = rng.choice(BUILTIN_ROLES)
            role["permissions"] = [*chosen, *(p for p in PERMISSIONS if rng.random() < 0.3)]
        if rng.random() < 0.5:
            role["description"] = rng.choice(WORDS)
        roles[name] = role
    if roles:
        draft.document["custom_organization_roles"] = roles


def organization_role_assignment(draft: Draft) -> None:
    roles: Document = {}
    for role in draft.some(tuple(PREDEFINED_ORGANIZATION_ROLES), 0, 3):
        assignees: Document = {}
        if draft.teams and draft.chance(0.6):
            assignees["teams"] = draft.some(draft.teams, 1, 2)
        if draft.chance(0.6):
            assignees["users"] = draft.some([*draft.owners, *draft.members], 1, 2)
        roles[role] = assignees
    # Custom roles defined above are assigned with their own draws (see ``side_draws``).
    rng = draft.side_draws("organization_role_assignment")
    for role in draft.document.get("custom_organization_roles", {}):
        if draft.teams and rng.random() < 0.7:
            roles[role] = {"teams": [rng.choice(draft.teams)]}
    if roles:
        draft.document["organization_roles"] = roles


def repository(draft: Draft) -> None:
    choices: dict[str, Sequence[Any]] = {
        "description": ("Fleet repository", "", "Ünïcode & <symbols>"),
        "homepage": ("https://example.com", ""),
        "allow_merge_commit": (True, False),
        "allow_squash_merge": (True, False),
        "allow_rebase_merge": (True, False),
        "allow_auto_merge": (True, False),
        "allow_update_branch": (True, False),
        "delete_branch_on_merge": (True, False),
        "has_issues": (True, False),
        "has_projects": (True, False),
        "has_wiki": (True, False),
        "topics": ((), ("flux",), ("gitops", "flux", "k8s")),
    }
    for name, visibility in draft.repositories.items():
        settings = draft.repo(name)
        settings["visibility"] = visibility
        for setting in draft.some(tuple(choices)):
            value = draft.rng.choice(choices[setting])
            settings[setting] = list(value) if isinstance(value, tuple) else value
        if name in draft.archived:
            settings["archived"] = True


def branch(draft: Draft) -> None:
    for name in draft.live_repositories():
        branches = draft.some(BRANCH_NAMES, 0, 2)
        if branches:
            draft.repo(name)["branches"] = branches


def team_repository(draft: Draft) -> None:
    for name in draft.teams:
        grants = {
            repo: draft.rng.choice(draft.roles()) for repo in draft.some(tuple(draft.repositories), 0, 3)
        }
        if grants:
            draft.document["teams"][name]["repositories"] = grants


def _actors(draft: Draft) -> Document:
    actors: Document = {}
    users = draft.some(draft.people(), 0, 2)
    teams_ = draft.some(draft.closed_teams(), 0, 2)
    apps = draft.some(draft.apps, 0, 1)
    for key, value in (("users", users), ("teams", teams_), ("apps", apps)):
        if value:
            actors[key] = value
    return actors


def branch_protection(draft: Draft) -> None:
    for name in draft.live_repositories():
        repository_ = draft.repo(name)
        branches = ["main", *repository_.get("branches", ())]
        keys = draft.some([*branches, *BRANCH_PATTERNS], 0, 2)
        protections: Document = {}
        for key in keys:
            protections[key] = _protection(draft)
        if protections:
            repository_["branch_protection"] = protections


def _protection(draft: Draft) -> Document:
    protection: Document = {}
    if draft.chance(0.7):
        protection["required_approving_review_count"] = draft.rng.randint(0, 6)
        for option in ("dismiss_stale_reviews", "require_code_owner_reviews", "require_last_push_approval"):
            if draft.chance(0.3):
                protection[option] = True
        if draft.chance(0.3):
            protection["dismissal_restrictions"] = _actors(draft)
        if draft.chance(0.4):
            protection["bypass_pull_request_allowances"] = _actors(draft)
    if draft.chance(0.5):
        checks: Document = {"strict": draft.chance(0.5)}
        contexts = draft.some(("lint", "build", "test/unit", "Security Scan"), 0, 2)
        if contexts:
            checks["contexts"] = contexts
        if draft.apps and draft.chance(0.4):
            checks["checks"] = [{"context": "e2e", "app": draft.rng.choice(draft.apps)}]
        protection["required_status_checks"] = checks
    for option in (
        "enforce_admins",
        "required_signatures",
        "required_linear_history",
        "allow_deletions",
        "block_creations",
        "required_conversation_resolution",
    ):
        if draft.chance(0.25):
            protection[option] = True
    if draft.chance(0.25):
        protection["allow_force_pushes"] = True
    elif draft.chance(0.3):
        protection["bypass_force_push_allowances"] = _actors(draft)
    if draft.chance(0.2):
        protection["lock_branch"] = True
        protection["allow_fork_syncing"] = draft.chance(0.5)
    if draft.chance(0.2):
        protection["required_deployments"] = draft.some(("staging", "production env"), 1)
    if draft.chance(0.3):
        protection["restrictions"] = _actors(draft)
    return protection


def _bypass_actors(draft: Draft, organization_level: bool) -> list[Document]:
    candidates: list[Document] = [
        *({"team": team} for team in draft.closed_teams()),
        *({"app": app} for app in draft.apps),
        *({"role": role} for role in ("write", "maintain", "admin", *draft.custom_roles)),
        {"organization_admin": True},
        {"enterprise_owner": True},
        {"deploy_keys": True},
    ]
    if not organization_level:
        # GitHub documents User actors for repository rulesets (the config warns at organisation level).
        candidates += [{"user": login} for login in draft.people()]
    actors: list[Document] = []
    for actor in draft.some(candidates, 0, 4):
        modes = ("always", "exempt") if "deploy_keys" in actor else ("always", "pull_request", "exempt")
        mode = draft.rng.choice(modes)
        # The default mode is sometimes written and sometimes left out: both mean "always".
        actors.append(actor if mode == "always" and draft.chance(0.5) else {**actor, "mode": mode})
    return actors


def _rules(draft: Draft, target: str) -> list[Document]:
    if target == "push":
        pool: list[Document] = [
            {"file_path_restriction": {"restricted_file_paths": ["secrets/**", ".env"]}},
            {"max_file_size": {"max_file_size": draft.rng.randint(1, 100)}},
            {"file_extension_restriction": {"restricted_file_extensions": ["*.exe", "*.zip"]}},
            {"max_file_path_length": {"max_file_path_length": draft.rng.randint(10, 255)}},
        ]
        return draft.some(pool, 1, 2)
    pool = [
        {"deletion": {}},
        {"creation": {}},
        {"type": "non_fast_forward"},
        {"required_signatures": {}},
        {"update": {"update_allows_fetch_and_merge": draft.chance(0.5)}},
    ]
    if target == "branch":
        pool += [
            {"required_linear_history": {}},
            {
                "pull_request": {
                    "required_approving_review_count": draft.rng.randint(0, 10),
                    "dismiss_stale_reviews_on_push": draft.chance(0.5),
                    "require_code_owner_review": draft.chance(0.5),
                    "allowed_merge_methods": draft.some(("merge", "squash", "rebase"), 1),
                }
            },
            {
                "required_status_checks": {
                    "strict_required_status_checks_policy": draft.chance(0.5),
                    "required_status_checks": [{"context": "ci/build"}],
                }
            },
            {"commit_message_pattern": {"operator": "starts_with", "pattern": "JIRA-", "negate": False}},
        ]
    else:
        pool.append({"tag_name_pattern": {"operator": "regex", "pattern": "^v[0-9]+", "negate": False}})
    return draft.some(pool, 1, 3)


def _ruleset(draft: Draft, organization_level: bool) -> Document:
    target = draft.rng.choice(("branch", "branch", "tag", "push"))
    ruleset: Document = {}
    if target != "branch" or draft.chance(0.5):
        ruleset["target"] = target
    if draft.chance(0.6):
        ruleset["enforcement"] = draft.rng.choice(("active", "disabled", "evaluate"))
    conditions: Document = {}
    if target != "push":
        prefix = "refs/heads/" if target == "branch" else "refs/tags/"
        include = draft.some(("~DEFAULT_BRANCH", "~ALL", f"{prefix}release/*", f"{prefix}v*"), 1, 2)
        ref_name: Document = {"include": include}
        if draft.chance(0.4):
            ref_name["exclude"] = [f"{prefix}tmp/**/*"]
        conditions["ref_name"] = ref_name
    if organization_level:
        properties: Document = draft.document.get("custom_properties", {})
        selects = [name for name, d in properties.items() if d["value_type"] in SELECTS]
        if selects and draft.chance(0.4):
            name = draft.rng.choice(selects)
            values = draft.some(properties[name]["allowed_values"], 1)
            conditions["repository_property"] = {"include": [{"name": name, "property_values": values}]}
        else:
            by_name: Document = {"include": draft.some(("~ALL", "d1-*", "*", "docs.site"), 1, 2)}
            if draft.chance(0.3):
                by_name["exclude"] = ["Legacy_Tools"]
            if draft.chance(0.3):
                by_name["protected"] = draft.chance(0.5)
            conditions["repository_name"] = by_name
    if conditions:
        ruleset["conditions"] = conditions
    ruleset["rules"] = _rules(draft, target)
    actors = _bypass_actors(draft, organization_level)
    if actors:
        ruleset["bypass_actors"] = actors
    return ruleset


def repository_ruleset(draft: Draft) -> None:
    for name in draft.live_repositories():
        rulesets = {f"{name} rules {i}": _ruleset(draft, False) for i in range(draft.rng.randint(0, 2))}
        if rulesets:
            draft.repo(name)["rulesets"] = rulesets


def organization_ruleset(draft: Draft) -> None:
    rulesets = {f"org-{draft.word()}-{i}": _ruleset(draft, True) for i in range(draft.rng.randint(0, 2))}
    if rulesets:
        draft.document["rulesets"] = rulesets


def _public_key(draft: Draft) -> str:
    """A well-formed ed25519 public key from the seed (no key pair is needed for a public half)."""
    blob = struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", 32) + draft.rng.randbytes(32)
    return f"ssh-ed25519 {base64.b64encode(blob).decode()} gen@{draft.token(4)}"


def deploy_key(draft: Draft) -> None:
    for name in draft.live_repositories():
        keys: Document = {}
        for title in draft.some(("flux", "Image Automation", "ci key"), 0, 2):
            key: Document = {"key": _public_key(draft)}
            if draft.chance(0.5):
                key["read_only"] = draft.chance(0.5)
            keys[title] = key
        if keys:
            draft.repo(name)["deploy_keys"] = keys


def _selected_actions(draft: Draft) -> Document:
    selected: Document = {}
    if draft.chance(0.5):
        selected["github_owned_allowed"] = draft.chance(0.5)
    if draft.chance(0.5):
        selected["verified_allowed"] = draft.chance(0.5)
    if draft.chance(0.6):
        selected["patterns_allowed"] = draft.some(
            ("actions/checkout@v4", "fluxcd/*", "my-org/*/path@main"), 1
        )
    return selected


# ``allowed_actions`` from the widest to the narrowest.
ACTIONS_RESTRICTION = ("all", "selected", "local_only")


def _actions_enabled_for(policy: Document, repository: str) -> bool:
    enabled_for = policy.get("enabled_repositories", "all")
    return enabled_for == "all" or (
        enabled_for == "selected" and repository in policy.get("selected_repositories", ())
    )


def repository_actions(draft: Draft) -> None:
    for name in draft.live_repositories():
        if not draft.chance(0.5):
            continue
        actions: Document = {}
        # GitHub keeps a repository within its organisation's Actions policy (a config error otherwise,
        # config/actions_checks.py): no more actions allowed, no Actions the organisation did not enable
        # for it. The draws stay as they were, so other seeds keep their configs.
        policy = draft.document.get("actions", {})
        if draft.chance(0.5):
            actions["enabled"] = draft.chance(0.8) and _actions_enabled_for(policy, name)
        if draft.chance(0.5):
            wanted = draft.rng.choice(("all", "local_only", "selected"))
            ceiling = policy.get("allowed_actions", "all")
            actions["allowed_actions"] = max(wanted, ceiling, key=ACTIONS_RESTRICTION.index)
            if actions["allowed_actions"] == "selected" and draft.chance(0.7):
                actions["selected_actions"] = _selected_actions(draft)
        if draft.chance(0.5):
            # GitHub answers 409 to a repository asking for more than its organisation's default (read,
            # unless the config raises it): "The organization's workflow permissions are more restrictive".
            organization = draft.document.get("actions", {}).get("default_workflow_permissions", "read")
            actions["default_workflow_permissions"] = draft.rng.choice(("read", organization))
        if draft.chance(0.5):
            # The same 409: a repository cannot allow what its organisation (false unless set) does not.
            allowed = draft.document.get("actions", {}).get("can_approve_pull_request_reviews", False)
            actions["can_approve_pull_request_reviews"] = allowed and draft.chance(0.5)
        if draft.repositories[name] == "public" and draft.chance(0.5):
            actions["fork_pr_contributor_approval"] = draft.rng.choice(
                (
                    "first_time_contributors_new_to_github",
                    "first_time_contributors",
                    "all_external_contributors",
                )
            )
        if draft.repositories[name] == "private" and draft.chance(0.5):
            actions["access_level"] = draft.rng.choice(("none", "user", "organization"))
        draft.repo(name)["actions"] = actions


def organization_actions(draft: Draft) -> None:
    if not draft.chance(0.6):
        return
    actions: Document = {}
    if draft.chance(0.5):
        actions["enabled_repositories"] = draft.rng.choice(("all", "none", "selected"))
        if actions["enabled_repositories"] == "selected":
            actions["selected_repositories"] = draft.some(tuple(draft.repositories), 0, 2)
    if draft.chance(0.5):
        actions["allowed_actions"] = draft.rng.choice(("all", "local_only", "selected"))
        if actions["allowed_actions"] == "selected" and draft.chance(0.7):
            actions["selected_actions"] = _selected_actions(draft)
    if draft.chance(0.5):
        actions["default_workflow_permissions"] = draft.rng.choice(("read", "write"))
    if draft.chance(0.5):
        actions["can_approve_pull_request_reviews"] = draft.chance(0.5)
    if draft.chance(0.5):
        actions["fork_pr_contributor_approval"] = draft.rng.choice(
            ("first_time_contributors_new_to_github", "first_time_contributors", "all_external_contributors")
        )
    if draft.chance(0.5):
        actions["self_hosted_runners"] = draft.rng.choice(("all", "none", "selected"))
    draft.document["actions"] = actions


def repository_security(draft: Draft) -> None:
    for name in draft.live_repositories():
        if not draft.chance(0.5):
            continue
        security: Document = {}
        if draft.repositories[name] != "public" and draft.chance(0.5):
            security["advanced_security"] = draft.chance(0.5)
        if draft.chance(0.5):
            security["secret_scanning"] = draft.chance(0.5)
            if security["secret_scanning"] and draft.chance(0.5):
                security["secret_scanning_push_protection"] = draft.chance(0.5)
        if draft.chance(0.5):
            security["vulnerability_alerts"] = draft.chance(0.6)
            if security["vulnerability_alerts"] and draft.chance(0.5):
                security["dependabot_security_updates"] = draft.chance(0.5)
        if draft.chance(0.4):
            # Public repositories only (ghprov refuses the config otherwise; GitHub answers 422).
            security["private_vulnerability_reporting"] = draft.repositories[
                name
            ] == "public" and draft.chance(0.5)
        draft.repo(name)["security"] = security


def runner_group(draft: Draft) -> None:
    groups: Document = {}
    for name in draft.some(RUNNER_GROUP_NAMES, 0):
        access: Document = {}
        if draft.chance(0.7):
            access["visibility"] = draft.rng.choice(("all", "selected", "private"))
            if access["visibility"] == "selected" and draft.chance(0.8):
                access["selected_repositories"] = draft.some(tuple(draft.repositories), 0, 2)
        if draft.chance(0.5):
            access["allows_public_repositories"] = draft.chance(0.5)
        groups[name] = access
        draft.world.runner_groups.append(name)
    if groups:
        draft.document["runner_groups"] = groups


def code_security_configuration(draft: Draft) -> None:
    configurations: Document = {}
    features = (
        "dependency_graph",
        "dependabot_alerts",
        "dependabot_security_updates",
        "code_scanning_default_setup",
        "secret_scanning",
        "secret_scanning_push_protection",
        "private_vulnerability_reporting",
    )
    for name in draft.some(("d1 baseline", "strict"), 0):
        configuration: Document = {}
        if draft.chance(0.5):
            configuration["description"] = draft.word()
        if draft.chance(0.5):
            configuration["advanced_security"] = draft.rng.choice(
                ("enabled", "disabled", "code_security", "secret_protection")
            )
        for feature in draft.some(features, 0, 4):
            configuration[feature] = draft.rng.choice(("enabled", "disabled", "not_set"))
        # Push protection may be enabled with secret scanning not: GitHub accepts the configuration, and
        # the repositories it is attached to then show that combination (which a repository's own
        # `security:` may not ask for), so the live read and the import must take it.
        if draft.chance(0.5):
            configuration["enforcement"] = draft.rng.choice(("enforced", "unenforced"))
        if draft.chance(0.4):
            configuration["default_for_new_repos"] = draft.rng.choice(
                ("all", "none", "private_and_internal", "public")
            )
        # A configuration's features replace the repository's own when it is attached, so a repository
        # that declares `security:` as well has two sources for the same settings (docs: generated
        # round trip); the generator attaches configurations to the others only.
        # A repository has one configuration (a config error to attach it to two).
        taken = {repo for other in configurations.values() for repo in other.get("repositories", ())}
        unmanaged = [
            repo
            for repo in draft.live_repositories()
            if "security" not in draft.repo(repo) and repo not in taken
        ]
        if unmanaged and draft.chance(0.5):
            configuration["repositories"] = draft.some(unmanaged, 1, 2)
        configurations[name] = configuration
    if configurations:
        draft.document["code_security_configurations"] = configurations


def _shared(draft: Draft, entry: Document) -> Document:
    """An organisation secret's or variable's visibility (and selected repositories)."""
    visibility = draft.rng.choice(("all", "private", "selected"))
    if visibility != "private" or draft.chance(0.5):
        entry["visibility"] = visibility
    if visibility == "selected":
        entry["selected_repositories"] = draft.some(tuple(draft.repositories), 0, 2)
    return entry


def organization_variable(draft: Draft) -> None:
    variables = {
        draft.secret_name(): _shared(draft, {"value": draft.word()}) for _ in range(draft.rng.randint(0, 2))
    }
    if variables:
        draft.document["actions_variables"] = variables


def repository_variable(draft: Draft) -> None:
    for name in draft.live_repositories():
        variables = {draft.secret_name(): draft.word() for _ in range(draft.rng.randint(0, 2))}
        if variables:
            draft.repo(name)["actions_variables"] = variables


def _organization_secrets(draft: Draft, section: str) -> None:
    secrets = {
        name: _shared(draft, {"value": draft.secret(name)})
        for name in (draft.secret_name() for _ in range(draft.rng.randint(0, 2)))
    }
    if secrets:
        draft.document[section] = secrets


def _repository_secrets(draft: Draft, section: str) -> None:
    for repo in draft.live_repositories():
        secrets = {
            name: {"value": draft.secret(name)}
            for name in (draft.secret_name() for _ in range(draft.rng.randint(0, 2)))
        }
        if secrets:
            draft.repo(repo)[section] = secrets


def organization_secret(draft: Draft) -> None:
    _organization_secrets(draft, "actions_secrets")


def repository_secret(draft: Draft) -> None:
    _repository_secrets(draft, "actions_secrets")


def organization_dependabot_secret(draft: Draft) -> None:
    _organization_secrets(draft, "dependabot_secrets")


def repository_dependabot_secret(draft: Draft) -> None:
    _repository_secrets(draft, "dependabot_secrets")


def _webhook(draft: Draft, events: frozenset[str]) -> Document:
    hook: Document = {}
    if draft.chance(0.5):
        hook["content_type"] = draft.rng.choice(("json", "form"))
    if draft.chance(0.7):
        hook["events"] = draft.rng.choice((["*"], draft.some(sorted(events - {"*"}), 1, 3)))
    if draft.chance(0.3):
        hook["active"] = draft.chance(0.5)
    if draft.chance(0.3):
        hook["insecure_ssl"] = draft.chance(0.5)
    if draft.chance(0.5):
        hook["secret"] = draft.secret("HOOK")
    return hook


def _webhook_url(draft: Draft) -> str:
    host = draft.rng.choice(("hooks.example.com", "flux.example.org:8443", "Receiver.Example.NET"))
    return f"https://{host}/hook/{draft.token(5)}"


def organization_webhook(draft: Draft) -> None:
    hooks = {
        _webhook_url(draft): _webhook(draft, ORGANIZATION_EVENTS) for _ in range(draft.rng.randint(0, 2))
    }
    if hooks:
        draft.document["webhooks"] = hooks


def repository_webhook(draft: Draft) -> None:
    for name in draft.live_repositories():
        hooks = {
            _webhook_url(draft): _webhook(draft, REPOSITORY_EVENTS) for _ in range(draft.rng.randint(0, 2))
        }
        if hooks:
            draft.repo(name)["webhooks"] = hooks


def environment(draft: Draft) -> None:
    for name in draft.live_repositories():
        environments: Document = {}
        for env_name in draft.some(("staging", "production env", "Preview"), 0, 2):
            env: Document = {}
            if draft.chance(0.4):
                env["wait_timer"] = draft.rng.choice((0, 1, 30, 43_200))
            reviewers: Document = {}
            users = draft.some(draft.people(), 0, 2)
            teams_ = draft.some(draft.teams, 0, 2)
            if users:
                reviewers["users"] = users
            if teams_:
                reviewers["teams"] = teams_
            if reviewers and draft.chance(0.6):
                env["reviewers"] = reviewers
                if draft.chance(0.5):
                    env["prevent_self_review"] = draft.chance(0.5)
            if draft.chance(0.5):
                if draft.chance(0.4):
                    env["deployment_branches"] = {"protected_branches": True}
                else:
                    branches_ = draft.some(("main", "release/*", "feature/**"), 0, 2)
                    tags = draft.some(("v*",), 1 if not branches_ else 0)
                    env["deployment_branches"] = {"branches": branches_, "tags": tags}
            environments[env_name] = env
        if environments:
            draft.repo(name)["environments"] = environments


def environment_variable(draft: Draft) -> None:
    for name in draft.live_repositories():
        for env in draft.repo(name).get("environments", {}).values():
            variables = {draft.secret_name(): draft.word() for _ in range(draft.rng.randint(0, 2))}
            if variables:
                env["variables"] = variables


def environment_secret(draft: Draft) -> None:
    for name in draft.live_repositories():
        for env in draft.repo(name).get("environments", {}).values():
            secrets = {
                secret: {"value": draft.secret(secret)}
                for secret in (draft.secret_name() for _ in range(draft.rng.randint(0, 2)))
            }
            if secrets:
                env["secrets"] = secrets


def _base_permission(draft: Draft) -> str:
    return str(draft.document.get("settings", {}).get("default_repository_permission", "read"))


def _role_at_least(draft: Draft, base: str) -> str:
    """A role GitHub accepts as a member's direct grant: not below the organisation's base permission."""
    builtin = [role for role in BUILTIN_ROLES if ROLE_RANK[role] >= ROLE_RANK[base]]
    customs = [
        name
        for name in draft.custom_roles
        if ROLE_RANK[draft.document["custom_roles"][name]["base_role"]] >= ROLE_RANK[base]
    ]
    return draft.rng.choice([*builtin, *customs])


def repository_collaborator(draft: Draft) -> None:
    """Organisation members given a role on a repository itself."""
    base = _base_permission(draft)
    for name in draft.live_repositories():
        for login in draft.some(draft.members, 0, 1):
            collaborators: Document = draft.repo(name).setdefault("collaborators", {})
            collaborators[login] = _role_at_least(draft, base)


def repository_invitation(draft: Draft) -> None:
    """Outside collaborators: invited, and pending unless the world accepts invitations at once."""
    for name in draft.live_repositories():
        for login in draft.some(draft.outsiders, 0, 1):
            collaborators: Document = draft.repo(name).setdefault("collaborators", {})
            collaborators[login] = draft.rng.choice(draft.roles())


def repository_property(draft: Draft) -> None:
    properties: Document = draft.document.get("custom_properties", {})
    for name in draft.live_repositories():
        values = {
            prop: _property_value(draft, properties[prop]) for prop in draft.some(tuple(properties), 0, 2)
        }
        if values:
            # A repository that declares `properties` gives every required one a value (a config error
            # otherwise: docs/configuration.md, properties); no extra draw, so other seeds keep theirs.
            for prop, definition in properties.items():
                if definition.get("required") and prop not in values:
                    values[prop] = definition["default_value"]
            draft.repo(name)["properties"] = values


def app_installation_repository(draft: Draft) -> None:
    installations: Document = {}
    for app in draft.some(draft.apps, 0):
        if draft.chance(0.3):
            installations[app] = {"repositories": "all"}
        else:
            installations[app] = {"repositories": draft.some(tuple(draft.repositories), 1, 3)}
            draft.world.selected_apps.append(app)
        draft.world.installed_apps.append(app)
    if installations:
        draft.document["app_installations"] = installations


Generator = Callable[[Draft], None]

GENERATORS: dict[Kind, Generator] = {
    Kind.CUSTOM_ROLE: custom_roles,
    Kind.CUSTOM_PROPERTY: custom_properties,
    Kind.ORGANIZATION_SETTINGS: organization_settings,
    Kind.TEAM: teams,
    Kind.ORGANIZATION_MEMBERSHIP: organization_membership,
    Kind.TEAM_SYNC: team_sync,
    Kind.TEAM_MEMBERSHIP: team_membership,
    Kind.ORGANIZATION_ROLE: custom_organization_roles,
    Kind.ORGANIZATION_ROLE_ASSIGNMENT: organization_role_assignment,
    Kind.REPOSITORY: repository,
    Kind.BRANCH: branch,
    Kind.TEAM_REPOSITORY: team_repository,
    Kind.BRANCH_PROTECTION: branch_protection,
    Kind.REPOSITORY_RULESET: repository_ruleset,
    Kind.ORGANIZATION_RULESET: organization_ruleset,
    Kind.DEPLOY_KEY: deploy_key,
    Kind.REPOSITORY_ACTIONS: repository_actions,
    Kind.ORGANIZATION_ACTIONS: organization_actions,
    Kind.REPOSITORY_SECURITY: repository_security,
    Kind.RUNNER_GROUP: runner_group,
    Kind.CODE_SECURITY_CONFIGURATION: code_security_configuration,
    Kind.ORGANIZATION_VARIABLE: organization_variable,
    Kind.REPOSITORY_VARIABLE: repository_variable,
    Kind.ORGANIZATION_SECRET: organization_secret,
    Kind.REPOSITORY_SECRET: repository_secret,
    Kind.ORGANIZATION_DEPENDABOT_SECRET: organization_dependabot_secret,
    Kind.REPOSITORY_DEPENDABOT_SECRET: repository_dependabot_secret,
    Kind.ORGANIZATION_WEBHOOK: organization_webhook,
    Kind.REPOSITORY_WEBHOOK: repository_webhook,
    Kind.ENVIRONMENT: environment,
    Kind.ENVIRONMENT_VARIABLE: environment_variable,
    Kind.ENVIRONMENT_SECRET: environment_secret,
    Kind.REPOSITORY_COLLABORATOR: repository_collaborator,
    Kind.REPOSITORY_INVITATION: repository_invitation,
    Kind.REPOSITORY_PROPERTY: repository_property,
    Kind.APP_INSTALLATION_REPOSITORY: app_installation_repository,
}


@dataclass(frozen=True)
class Generated:
    """One generated organisation: its config document, secret values and GitHub-side facts."""

    seed: int
    document: Document
    environment: dict[str, str]
    world: World


def generate(seed: int, kinds: Sequence[Kind] | None = None) -> Generated:
    """The organisation of ``seed``; ``kinds`` (registry order) limits it, for shrinking by hand."""
    from ghprov.plan.kinds.registry import KINDS

    rng = random.Random(seed)
    repositories = {
        name: rng.choice(("private", "private", "public", "internal"))
        for name in rng.sample(REPOSITORY_NAMES, rng.randint(1, 4))
    }
    archived = [name for name in repositories if rng.random() < 0.1]
    members = rng.sample(MEMBER_LOGINS, rng.randint(1, 4))
    draft = Draft(
        rng=rng,
        document={"organization": f"gen-{seed}"},
        owners=["owner-a", *(["owner-b"] if rng.random() < 0.3 else [])],
        members=members,
        bots=["gen-ci-bot"] if rng.random() < 0.5 else [],
        outsiders=rng.sample(OUTSIDE_LOGINS, rng.randint(0, 2)),
        teams=rng.sample(TEAM_NAMES, rng.randint(0, 4)),
        repositories=repositories,
        archived=archived,
        custom_roles=rng.sample(CUSTOM_ROLE_NAMES, rng.randint(0, 2)),
        apps=rng.sample(APP_SLUGS, rng.randint(0, 2)),
    )
    draft.world.accept_invitations = rng.random() < 0.7
    wanted = set(kinds) if kinds is not None else None
    for spec in KINDS:
        if wanted is None or spec.kind in wanted:
            GENERATORS[spec.kind](draft)
    return Generated(seed, draft.document, draft.environment, draft.world)
