"""Seeding the emulated GitHub from a model ``Organization`` (ids resolved as GitHub does) or a D1 start."""

from __future__ import annotations

import hashlib
from typing import Any

from ghprov.model import Actors, BranchProtection, BypassActor, Organization, Ruleset, StatusChecks, team_slug
from ghprov.model.github_defaults import NEW_REPOSITORY, ORGANIZATION_DEFAULTS
from ghprov.model.protection import is_branch_pattern
from ghprov_testbeds.sandbox.state import (
    ROLE_ACTOR_IDS,
    GitHubState,
    Membership,
    Repository,
    Team,
    node_id,
)
from ghprov_testbeds.sandbox.state import BranchProtection as StoredProtection
from ghprov_testbeds.sandbox.state import CustomRole as StoredRole
from ghprov_testbeds.sandbox.state import Ruleset as StoredRuleset


def _sha(*parts: str) -> str:
    return hashlib.sha1("/".join(parts).encode()).hexdigest()


class _Resolver:
    """Name → id lookups built once, so seeding a 1,000-repository org stays linear."""

    def __init__(self, state: GitHubState) -> None:
        self.state = state
        self.teams: dict[str, Team] = {}
        for team in state.teams.values():
            self.teams[team.name] = team
            self.teams[team.slug] = team

    def team(self, name: str) -> Team:
        found = self.teams.get(name) or self.teams.get(team_slug(name))
        if found is None:
            raise ValueError(f"unknown team {name!r}")
        return found

    def actors(self, actors: Actors) -> dict[str, list[str]]:
        for login in actors.users:
            self.state.add_user(login)
        for slug in actors.apps:
            self.state.add_app(slug)
        return {
            "users": list(actors.users),
            "teams": [self.team(name).slug for name in actors.teams],
            "apps": list(actors.apps),
        }

    def bypass_actor(self, actor: BypassActor) -> dict[str, Any]:
        kind, name = actor.kind, actor.name or ""
        if kind == "team":
            return {"actor_id": self.team(name).id, "actor_type": "Team", "bypass_mode": actor.mode}
        if kind == "app":
            return {
                "actor_id": self.state.add_app(name).id,
                "actor_type": "Integration",
                "bypass_mode": actor.mode,
            }
        if kind == "user":
            return {"actor_id": self.state.add_user(name).id, "actor_type": "User", "bypass_mode": actor.mode}
        if kind == "role":
            role_id = ROLE_ACTOR_IDS.get(name)
            if role_id is None:
                custom = self.state.custom_role_by_name(name)
                if custom is None:
                    raise ValueError(f"unknown repository role {name!r}")
                role_id = custom.id
            return {"actor_id": role_id, "actor_type": "RepositoryRole", "bypass_mode": actor.mode}
        if kind == "enterprise_owner":
            # GitHub reports the enterprise owners' actor id as 0.
            return {"actor_id": 0, "actor_type": "EnterpriseOwner", "bypass_mode": actor.mode}
        actor_type = "OrganizationAdmin" if kind == "organization_admin" else "DeployKey"
        return {"actor_id": None, "actor_type": actor_type, "bypass_mode": actor.mode}

    def protection(self, protection: BranchProtection) -> StoredProtection:
        """The model's flat protection → the PUT body GitHub would have received."""
        reviews: dict[str, Any] | None = None
        if protection.required_approving_review_count is not None:
            reviews = {
                "dismiss_stale_reviews": protection.dismiss_stale_reviews,
                "require_code_owner_reviews": protection.require_code_owner_reviews,
                "required_approving_review_count": protection.required_approving_review_count,
                "require_last_push_approval": protection.require_last_push_approval,
                "bypass_pull_request_allowances": self.actors(protection.bypass_pull_request_allowances),
            }
            if protection.dismissal_restrictions is not None:
                reviews["dismissal_restrictions"] = self.actors(protection.dismissal_restrictions)
        settings: dict[str, Any] = {
            "required_status_checks": self.status_checks(protection.required_status_checks),
            "enforce_admins": protection.enforce_admins,
            "required_pull_request_reviews": reviews,
            "restrictions": None if protection.restrictions is None else self.actors(protection.restrictions),
        }
        for flag in (
            "required_linear_history",
            "allow_force_pushes",
            "allow_deletions",
            "block_creations",
            "required_conversation_resolution",
            "lock_branch",
            "allow_fork_syncing",
        ):
            settings[flag] = getattr(protection, flag)
        return StoredProtection(
            settings=settings,
            required_signatures=protection.required_signatures,
            required_deployment_environments=list(protection.required_deployments),
            bypass_force_push_allowances=self.actors(protection.bypass_force_push_allowances),
        )

    def status_checks(self, checks: StatusChecks | None) -> dict[str, Any] | None:
        """``contexts`` when no check is pinned to an App, else ``checks`` with the App's id."""
        if checks is None:
            return None
        if not checks.checks:
            return {"strict": checks.strict, "contexts": list(checks.contexts)}
        listed: list[dict[str, Any]] = [{"context": context} for context in checks.contexts]
        listed += [{"context": c.context, "app_id": self.state.add_app(c.app).id} for c in checks.checks]
        return {"strict": checks.strict, "checks": listed}

    def ruleset(self, name: str, ruleset: Ruleset, source_type: str, source: str) -> StoredRuleset:
        ident = self.state.new_id()
        rules = [
            {
                "type": rule.type,
                **({"parameters": dict(rule.parameters)} if rule.parameters is not None else {}),
            }
            for rule in ruleset.rules
        ]
        return StoredRuleset(
            id=ident,
            node_id=node_id("RepositoryRuleset", ident),
            name=name,
            target=ruleset.target,
            enforcement=ruleset.enforcement,
            source_type="Organization" if source_type == "Organization" else "Repository",
            source=source,
            conditions=dict(ruleset.conditions),
            rules=rules,
            bypass_actors=[self.bypass_actor(actor) for actor in ruleset.bypass_actors],
        )


def seed_from_model(state: GitHubState, organization: Organization) -> None:
    """Make the emulated org equal to ``organization`` (token identities follow its owners and members)."""
    with state.lock:
        _seed_settings_and_people(state, organization)
        for role_name, role in organization.custom_roles.items():
            if state.custom_role_by_name(role_name) is None:
                stored = StoredRole(
                    state.new_id(), role_name, role.base_role, role.description, list(role.permissions)
                )
                state.custom_roles[stored.id] = stored
        _seed_teams(state, organization)
        resolver = _Resolver(state)
        _seed_repositories(state, organization, resolver)
        for name, ruleset in organization.rulesets.items():
            stored_ruleset = resolver.ruleset(name, ruleset, "Organization", state.organization.login)
            state.org_rulesets[stored_ruleset.id] = stored_ruleset
        for bot, spec in organization.bots.items():
            for team_name in spec.teams:
                resolver.team(team_name).members.setdefault(bot, "member")


def _seed_settings_and_people(state: GitHubState, organization: Organization) -> None:
    state.organization.login = organization.organization
    if organization.settings is not None:
        state.organization.settings.update(organization.settings.managed_values())
    if organization.members is not None:
        roles = organization.members.roles()
        state.memberships = {
            login: Membership(role="admin" if role == "admin" else "member") for login, role in roles.items()
        }
        _retarget_tokens(state, organization.members.owners, organization.members.members)
    for login in list(state.memberships) + list(organization.bots):
        state.add_user(login)
    for bot in organization.bots:
        state.memberships.setdefault(bot, Membership(role="member"))
    bot_logins = sorted(organization.bots)
    for token in state.tokens.values():
        if token.name == "bot" and bot_logins and token.subject not in organization.bots:
            token.subject = bot_logins[0]


def _retarget_tokens(state: GitHubState, owners: tuple[str, ...], members: tuple[str, ...]) -> None:
    """Keep the token table usable: the owner token acts as a model owner, the member token as a member."""
    for token in state.tokens.values():
        wanted = owners if token.name == "owner" else members if token.name == "member" else ()
        if wanted and token.subject not in wanted:
            token.subject = wanted[0]


def _seed_teams(state: GitHubState, organization: Organization) -> None:
    by_name: dict[str, Team] = {}
    for name, spec in organization.teams.items():
        team = state.team_by_slug(team_slug(name))
        if team is None:
            ident = state.new_id()
            team = state.add_team(
                Team(id=ident, node_id=node_id("Team", ident), name=name, slug=team_slug(name))
            )
        by_name[name] = team
        team.description = spec.description
        if spec.manages_membership:
            team.members = dict(spec.member_roles())
        for login in team.members:
            state.add_user(login)
        team.repos = dict(spec.repositories)
    parents = {spec.parent for spec in organization.teams.values() if spec.parent}
    for name, spec in organization.teams.items():
        team = by_name[name]
        parent = by_name.get(spec.parent) if spec.parent else None
        if spec.parent and parent is None:
            parent = state.team_by_slug(team_slug(spec.parent))
        team.parent_id = parent.id if parent else None
        nested = parent is not None or name in parents
        team.privacy = spec.privacy or ("closed" if nested else "secret")


def _seed_repositories(state: GitHubState, organization: Organization, resolver: _Resolver) -> None:
    org = state.organization.login
    for name, spec in organization.repositories.items():
        repo = state.repository(name)
        if repo is None:
            ident = state.new_id()
            repo = state.add_repository(Repository(id=ident, node_id=node_id("Repository", ident), name=name))
        # The model's own list of repository settings, so a new setting needs no change here.
        for field_name, value in spec.settings().items():
            if field_name == "topics":
                repo.topics = list(value or ())
            elif value is not None:
                setattr(repo, field_name, value)
        head = _sha(org, name, repo.default_branch)
        protected = [name for name in spec.branch_protection if not is_branch_pattern(name)]
        for branch in (repo.default_branch, *spec.branches, *protected):
            repo.branches.setdefault(branch, head)
        repo.protections = {branch: resolver.protection(p) for branch, p in spec.branch_protection.items()}
        repo.rulesets = {}
        for ruleset_name, ruleset in spec.rulesets.items():
            stored = resolver.ruleset(ruleset_name, ruleset, "Repository", f"{org}/{repo.name}")
            repo.rulesets[stored.id] = stored


def d1_starting_org(state: GitHubState, org: str) -> None:
    """A plausible org before ghprov: owners and members, d1-fleet with drift, no protections or rulesets."""
    with state.lock:
        state.organization.login = org
        token_logins = {token.name: token.subject for token in state.tokens.values()}
        owners = [token_logins.get("owner", "octo-owner"), "alice"]
        members = [token_logins.get("member", "octo-member"), "bob", "carol"]
        for login in owners:
            state.add_user(login)
            state.memberships[login] = Membership(role="admin")
        for login in members:
            state.add_user(login)
            state.memberships[login] = Membership(role="member")
        bot = token_logins.get("bot", "octo-flux-bot")
        state.add_user(bot)
        state.memberships[bot] = Membership(role="member")
        state.organization.settings.update(
            {
                "name": org,
                "description": "Fleet of Kubernetes clusters",
                "default_repository_permission": ORGANIZATION_DEFAULTS["default_repository_permission"],
            }
        )
        ident = state.new_id()
        platform = state.add_team(
            Team(
                id=ident,
                node_id=node_id("Team", ident),
                name="platform-team",
                slug="platform-team",
                privacy="closed",
            )
        )
        platform.members = {"alice": "maintainer", "bob": "member"}
        ident = state.new_id()
        fleet = state.add_repository(
            Repository(
                id=ident,
                node_id=node_id("Repository", ident),
                name="d1-fleet",
                description="Flux fleet repository",
                visibility="private",
                topics=["flux"],
                # Drift from D1's guidance: GitHub's defaults (merge commits and rebases on, branches
                # kept after merge) were never changed.
                allow_merge_commit=NEW_REPOSITORY.allow_merge_commit,
                allow_rebase_merge=NEW_REPOSITORY.allow_rebase_merge,
                delete_branch_on_merge=NEW_REPOSITORY.delete_branch_on_merge,
            )
        )
        fleet.branches["main"] = _sha(org, "d1-fleet", "main")
        platform.repos["d1-fleet"] = "write"
