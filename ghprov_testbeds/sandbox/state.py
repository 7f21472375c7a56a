"""The emulated GitHub: plain, JSON-serialisable dataclasses that REST and GraphQL both read and write.

Structure (one organisation per sandbox)::

    GitHubState
      organization: Organization        login, id, node_id, plan (free|team|enterprise), settings{…}
      users:        {login: User}       every account the sandbox knows (type "User" or "Bot")
      apps:         {slug: App}         GitHub Apps (id = the App ID used by bypass actors)
      tokens:       {token: Token}      token string → identity (a user login or an App installation)
      memberships:  {login: Membership} org role admin|member and state active|pending
      invitations:  {id: Invitation}    pending org invitations (one per pending membership)
      teams:        {id: Team}          members {login: maintainer|member}, repos {repo name: role name}
                                        parent_id → another team's id; look up by slug with team_by_slug()
      repositories: {name: Repository}  key is the lower-cased name; branches {name: sha};
                                        protections {branch: BranchProtection}; rulesets {id: Ruleset}
      org_rulesets: {id: Ruleset}       organisation rulesets
      custom_roles: {id: CustomRole}    custom repository roles (Enterprise plan only)
      audit:        AuditData           2FA, direct collaborators, the audit log, Actions, hooks, secrets
                                        (``ghprov_testbeds.sandbox.audit_state``)
      features:     FeatureData         Actions settings and variables, custom properties, environments,
                                        Pages, security features (``ghprov_testbeds.sandbox.feature_state``)

Conventions, chosen to match what GitHub stores:
- A team's ``repos`` maps a repository name to the role name GitHub reports as ``role_name``:
  read|triage|write|maintain|admin or a custom role's name.
- A branch protection is kept in the *write* shape of ``PUT …/protection`` (users by login, teams by
  slug, apps by slug) plus ``required_signatures``; the REST layer renders the read shape.
- Ruleset ``bypass_actors`` hold ids exactly as the REST API returns them
  (``{"actor_id": 42, "actor_type": "Team", "bypass_mode": "always"}``).
- ``Team.visible_after`` (epoch seconds) emulates eventual consistency: reads before it 404.
- Timestamps are ISO-8601 UTC strings (``2026-11-26T14:00:00Z``).
Mutate state only while holding ``state.lock`` (the HTTP server is threaded).
Permission questions (is this identity an owner? what is its role on a repository?) are answered by
``ghprov_testbeds.sandbox.access``; build identities with ``Identity``.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from ghprov.model.github_defaults import NEW_REPOSITORY, ORGANIZATION_DEFAULTS
from ghprov_testbeds.sandbox.audit_state import AuditData
from ghprov_testbeds.sandbox.feature_state import FeatureData

PLANS = ("free", "team", "enterprise")
# Well-known RepositoryRole bypass-actor ids (github-api.md §5.2); custom roles use their own id.
ROLE_ACTOR_IDS: dict[str, int] = {"maintain": 2, "write": 4, "admin": 5}

NODE_PREFIXES: dict[str, str] = {
    "User": "U",
    "Bot": "BOT",
    "Organization": "O",
    "Team": "T",
    "Repository": "R",
    "App": "A",
    "RepositoryRuleset": "RRS",
    "BranchProtectionRule": "BPR",
    "Ref": "REF",
    "OrganizationIdentityProvider": "OIP",
}


def now_iso() -> str:
    """The current time as GitHub writes it."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def node_id(kind: str, ident: int) -> str:
    """A GitHub-style global node id that encodes the kind and database id (see ``decode_node_id``)."""
    payload = base64.urlsafe_b64encode(f"{kind}:{ident}".encode()).decode().rstrip("=")
    return f"{NODE_PREFIXES.get(kind, 'N')}_{payload}"


def decode_node_id(value: str) -> tuple[str, int] | None:
    """(kind, database id) for a node id made by ``node_id``; None for anything else."""
    _, _, payload = value.partition("_")
    try:
        kind, _, ident = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode().partition(":")
        return kind, int(ident)
    except (ValueError, UnicodeDecodeError):
        return None


@dataclass
class User:
    login: str
    id: int
    node_id: str
    type: Literal["User", "Bot"] = "User"
    name: str | None = None


@dataclass
class App:
    slug: str
    id: int
    node_id: str
    name: str = ""
    installation_id: int = 0
    # PEM public keys of the App's private keys (JWTs are verified against them; app_tokens.py).
    public_keys: list[str] = field(default_factory=list)
    # The installation's repository selection (None: all) and permissions (None: installations.py's).
    repositories: list[str] | None = None
    permissions: dict[str, str] | None = None


@dataclass
class Token:
    """An API token: ``kind`` "user" acts as login ``subject``; "installation" as the App ``subject``."""

    kind: Literal["user", "installation"]
    subject: str
    name: str = ""  # the token table's name for it: owner, member, bot, app
    # Epoch seconds; None = no expiry. Sent back as GitHub-Authentication-Token-Expiration.
    expires_at: float | None = None
    # A user token's fine-grained PAT grant (``GET /orgs/{org}/personal-access-tokens``): the repositories
    # it was granted (None: all) and its permissions by group (repository, organization, other).
    repositories: list[str] | None = None
    permissions: dict[str, dict[str, str]] = field(
        default_factory=lambda: {"repository": {"contents": "write", "metadata": "read"}}
    )


@dataclass(frozen=True)
class Identity:
    """Who a request authenticates as: a user (``login``) or an App installation (``login`` = App slug).

    Passed to the GraphQL executor; ``ghprov_testbeds.sandbox.access`` answers permission questions about it.
    """

    kind: Literal["user", "installation"]
    login: str
    token: str = ""

    @property
    def is_installation(self) -> bool:
        return self.kind == "installation"


@dataclass
class SamlIdentityProvider:
    """The organisation's SAML single sign-on (GitHub Enterprise Cloud; GraphQL-only, owners see it)."""

    sso_url: str
    issuer: str | None = None


@dataclass
class Organization:
    login: str
    id: int
    node_id: str
    plan: Literal["free", "team", "enterprise"] = "team"
    # Every organization-full setting by its API name, including read-only ones
    # (two_factor_requirement_enabled, members_can_create_teams, …).
    settings: dict[str, Any] = field(default_factory=dict)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    saml_identity_provider: SamlIdentityProvider | None = None


@dataclass
class Membership:
    role: Literal["admin", "member"] = "member"
    state: Literal["active", "pending"] = "active"


@dataclass
class Invitation:
    id: int
    login: str | None  # None for an invitation sent to an email address
    role: Literal["admin", "direct_member"]
    inviter: str
    email: str | None = None
    created_at: str = field(default_factory=now_iso)
    team_ids: list[int] = field(default_factory=list)


@dataclass
class Team:
    id: int
    node_id: str
    name: str
    slug: str
    description: str | None = None
    privacy: Literal["secret", "closed"] = "secret"
    parent_id: int | None = None
    notification_setting: str = "notifications_enabled"
    members: dict[str, str] = field(default_factory=dict)  # login → maintainer|member (direct members)
    repos: dict[str, str] = field(default_factory=dict)  # repository name → role name
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    visible_after: float = 0.0


@dataclass
class BranchProtection:
    """The ``PUT …/branches/{branch}/protection`` body as sent, plus the signatures flag."""

    settings: dict[str, Any]
    required_signatures: bool = False
    # Who first protected the branch (a login, or ``<app-slug>[bot]``); None when seeded.
    creator: str | None = None
    # GraphQL-only setting (no REST field): environments a deployment must succeed in before merging.
    required_deployment_environments: list[str] = field(default_factory=list)
    # GraphQL-only setting: who may force-push while force pushes are blocked (REST shape: logins, slugs).
    bypass_force_push_allowances: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Ruleset:
    id: int
    node_id: str
    name: str
    target: str = "branch"
    enforcement: str = "active"
    source_type: Literal["Repository", "Organization"] = "Repository"
    source: str = ""  # "org/repo" for a repository ruleset, the org login for an organisation one
    conditions: dict[str, Any] = field(default_factory=dict)
    rules: list[dict[str, Any]] = field(default_factory=list)
    bypass_actors: list[dict[str, Any]] = field(default_factory=list)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)


@dataclass
class Repository:
    id: int
    node_id: str
    name: str
    # New-repository defaults come from one place, shared with the importer (ghprov.model.github_defaults).
    description: str | None = NEW_REPOSITORY.description
    homepage: str | None = NEW_REPOSITORY.homepage
    visibility: Literal["public", "private", "internal"] = "private"
    archived: bool = NEW_REPOSITORY.archived
    is_template: bool = NEW_REPOSITORY.is_template
    default_branch: str = NEW_REPOSITORY.default_branch
    allow_merge_commit: bool = NEW_REPOSITORY.allow_merge_commit
    allow_squash_merge: bool = NEW_REPOSITORY.allow_squash_merge
    allow_rebase_merge: bool = NEW_REPOSITORY.allow_rebase_merge
    allow_auto_merge: bool = NEW_REPOSITORY.allow_auto_merge
    allow_update_branch: bool = NEW_REPOSITORY.allow_update_branch
    allow_forking: bool = NEW_REPOSITORY.allow_forking
    delete_branch_on_merge: bool = NEW_REPOSITORY.delete_branch_on_merge
    web_commit_signoff_required: bool = NEW_REPOSITORY.web_commit_signoff_required
    has_issues: bool = NEW_REPOSITORY.has_issues
    has_projects: bool = NEW_REPOSITORY.has_projects
    has_wiki: bool = NEW_REPOSITORY.has_wiki
    has_discussions: bool = NEW_REPOSITORY.has_discussions
    topics: list[str] = field(default_factory=lambda: list(NEW_REPOSITORY.topics))
    branches: dict[str, str] = field(default_factory=dict)  # branch name → head commit sha
    protections: dict[str, BranchProtection] = field(default_factory=dict)  # branch name → protection
    rulesets: dict[int, Ruleset] = field(default_factory=dict)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)
    pushed_at: str = field(default_factory=now_iso)

    @property
    def private(self) -> bool:
        return self.visibility != "public"


@dataclass
class CustomRole:
    id: int
    name: str
    base_role: str
    description: str | None = None
    permissions: list[str] = field(default_factory=list)
    created_at: str = field(default_factory=now_iso)
    updated_at: str = field(default_factory=now_iso)


@dataclass
class GitHubState:
    """Everything the emulated GitHub knows. Use the helpers to keep the slug index consistent."""

    organization: Organization
    users: dict[str, User] = field(default_factory=dict)
    apps: dict[str, App] = field(default_factory=dict)
    tokens: dict[str, Token] = field(default_factory=dict)
    memberships: dict[str, Membership] = field(default_factory=dict)
    invitations: dict[int, Invitation] = field(default_factory=dict)
    teams: dict[int, Team] = field(default_factory=dict)
    repositories: dict[str, Repository] = field(default_factory=dict)
    org_rulesets: dict[int, Ruleset] = field(default_factory=dict)
    custom_roles: dict[int, CustomRole] = field(default_factory=dict)
    audit: AuditData = field(default_factory=AuditData)
    features: FeatureData = field(default_factory=FeatureData)
    next_id: int = 1000
    lock: threading.RLock = field(default_factory=threading.RLock, compare=False, repr=False)
    _slugs: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    # ids and lookups -------------------------------------------------------------------------
    def new_id(self) -> int:
        """The next database id (ids are unique across kinds, as on GitHub)."""
        with self.lock:
            self.next_id += 1
            return self.next_id

    def repository(self, name: str) -> Repository | None:
        """A repository by name, case-insensitively as GitHub resolves them."""
        return self.repositories.get(name.lower())

    def team_by_slug(self, slug: str) -> Team | None:
        team_id = self._slugs.get(slug.lower())
        return self.teams.get(team_id) if team_id is not None else None

    def team_by_name(self, name: str) -> Team | None:
        """Team names are unique case-insensitively."""
        lowered = name.lower()
        return next((team for team in self.teams.values() if team.name.lower() == lowered), None)

    def child_teams(self, team_id: int) -> list[Team]:
        return [team for team in self.teams.values() if team.parent_id == team_id]

    def user_by_id(self, user_id: int) -> User | None:
        return next((user for user in self.users.values() if user.id == user_id), None)

    def custom_role_by_name(self, name: str) -> CustomRole | None:
        lowered = name.lower()
        return next((role for role in self.custom_roles.values() if role.name.lower() == lowered), None)

    # creation helpers ------------------------------------------------------------------------
    def add_user(self, login: str, *, type: Literal["User", "Bot"] = "User") -> User:
        """Register an account (idempotent)."""
        existing = self.users.get(login)
        if existing is not None:
            return existing
        ident = self.new_id()
        user = User(login=login, id=ident, node_id=node_id(type, ident), type=type)
        self.users[login] = user
        return user

    def add_app(self, slug: str, name: str = "") -> App:
        """Register a GitHub App (idempotent)."""
        existing = self.apps.get(slug)
        if existing is not None:
            return existing
        ident = self.new_id()
        installation_id = self.new_id()
        app = App(slug, ident, node_id("App", ident), name=name or slug, installation_id=installation_id)
        self.apps[slug] = app
        return app

    def add_team(self, team: Team) -> Team:
        self.teams[team.id] = team
        self._slugs[team.slug.lower()] = team.id
        return team

    def reslug_team(self, team: Team, slug: str) -> None:
        self._slugs.pop(team.slug.lower(), None)
        team.slug = slug
        self._slugs[slug.lower()] = team.id

    def remove_team(self, team_id: int) -> list[Team]:
        """Delete a team and, as GitHub does, all its descendants; returns the removed teams."""
        removed: list[Team] = []
        pending = [team_id]
        while pending:
            current = self.teams.pop(pending.pop(), None)
            if current is None:
                continue
            self._slugs.pop(current.slug.lower(), None)
            removed.append(current)
            pending.extend(child.id for child in self.teams.values() if child.parent_id == current.id)
        gone = {team.id for team in removed}
        managers = self.features.organization.security_manager_team_ids
        managers[:] = [ident for ident in managers if ident not in gone]
        return removed

    def add_repository(self, repository: Repository) -> Repository:
        self.repositories[repository.name.lower()] = repository
        return repository

    def rename_repository(self, repository: Repository, new_name: str) -> None:
        """Rename, carrying team grants over (GitHub keeps access attached to the repository)."""
        old = repository.name
        del self.repositories[old.lower()]
        repository.name = new_name
        self.repositories[new_name.lower()] = repository
        for team in self.teams.values():
            if old in team.repos:
                team.repos[new_name] = team.repos.pop(old)
        for ruleset in repository.rulesets.values():
            ruleset.source = f"{self.organization.login}/{new_name}"
        self.audit.rename_repository(old, new_name)
        self.features.rename_repository(old, new_name)

    # serialisation ---------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """A plain JSON document of the whole state (``from_json`` reads it back)."""
        with self.lock:
            return {
                "organization": dataclasses.asdict(self.organization),
                "users": [dataclasses.asdict(user) for user in self.users.values()],
                "apps": [dataclasses.asdict(app) for app in self.apps.values()],
                "tokens": {token: dataclasses.asdict(value) for token, value in self.tokens.items()},
                "memberships": {login: dataclasses.asdict(m) for login, m in self.memberships.items()},
                "invitations": [dataclasses.asdict(inv) for inv in self.invitations.values()],
                "teams": [dataclasses.asdict(team) for team in self.teams.values()],
                "repositories": [_repository_json(repo) for repo in self.repositories.values()],
                "org_rulesets": [dataclasses.asdict(rs) for rs in self.org_rulesets.values()],
                "custom_roles": [dataclasses.asdict(role) for role in self.custom_roles.values()],
                "audit": self.audit.to_json(),
                "features": self.features.to_json(),
                "next_id": self.next_id,
            }

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> GitHubState:
        """Rebuild a state saved by ``to_json``."""
        organization = dict(document["organization"])
        saml = organization.pop("saml_identity_provider", None)
        state = cls(organization=Organization(**organization), next_id=int(document["next_id"]))
        state.organization.saml_identity_provider = SamlIdentityProvider(**saml) if saml else None
        state.users = {u["login"]: User(**u) for u in document.get("users", [])}
        state.apps = {a["slug"]: App(**a) for a in document.get("apps", [])}
        state.tokens = {t: Token(**v) for t, v in document.get("tokens", {}).items()}
        state.memberships = {login: Membership(**m) for login, m in document.get("memberships", {}).items()}
        state.invitations = {i["id"]: Invitation(**i) for i in document.get("invitations", [])}
        for team in document.get("teams", []):
            state.add_team(Team(**team))
        for repo in document.get("repositories", []):
            state.add_repository(_repository_from_json(repo))
        state.org_rulesets = {r["id"]: Ruleset(**r) for r in document.get("org_rulesets", [])}
        state.custom_roles = {r["id"]: CustomRole(**r) for r in document.get("custom_roles", [])}
        state.audit = AuditData.from_json(document.get("audit", {}))
        state.features = FeatureData.from_json(document.get("features", {}))
        return state

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=1, sort_keys=True)

    @classmethod
    def loads(cls, text: str) -> GitHubState:
        return cls.from_json(json.loads(text))


def _repository_json(repository: Repository) -> dict[str, Any]:
    document = dataclasses.asdict(repository)
    # JSON object keys are strings; keep rulesets as a list so ids stay integers.
    document["rulesets"] = list(document["rulesets"].values())
    return document


def _repository_from_json(document: dict[str, Any]) -> Repository:
    values = dict(document)
    values["protections"] = {b: BranchProtection(**p) for b, p in values.get("protections", {}).items()}
    values["rulesets"] = {r["id"]: Ruleset(**r) for r in values.get("rulesets", [])}
    return Repository(**values)


def new_state(org: str, *, plan: Literal["free", "team", "enterprise"] = "team") -> GitHubState:
    """An empty organisation with GitHub's default settings."""
    state = GitHubState(organization=Organization(login=org, id=0, node_id=""))
    state.organization.id = state.new_id()
    state.organization.node_id = node_id("Organization", state.organization.id)
    state.organization.plan = plan
    state.organization.settings = default_org_settings()
    return state


def default_org_settings() -> dict[str, Any]:
    """What a new organisation reports in ``GET /orgs/{org}`` (organization-full)."""
    return dict(ORGANIZATION_DEFAULTS)
