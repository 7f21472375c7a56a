"""GraphQL objects over the sandbox state: Query, Organization, Team, User, App, Repository, Ref.

Each class binds one GraphQL type; a field `fooBar` resolves to the attribute or method `foo_bar`
(arguments arrive snake-cased too). Fields that no class provides fail loudly as "not emulated".
"""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox import access, graphql_audit, graphql_collaborators
from ghprov_testbeds.sandbox.graphql_connections import connection
from ghprov_testbeds.sandbox.graphql_context import Context, NotEmulated, NotFound, stable_id
from ghprov_testbeds.sandbox.graphql_rules import BranchProtectionRuleNode, RulesetNode, rulesets_for
from ghprov_testbeds.sandbox.lookup import visible
from ghprov_testbeds.sandbox.state import App, GitHubState, Repository, Team, User, node_id

_PAGINATION = ("first", "last", "after", "before")
_TEAM_PRIVACY = {"secret": "SECRET", "closed": "VISIBLE"}
_ORDER_KEYS = {
    "NAME": lambda r: r.name.lower(),
    "CREATED_AT": lambda r: r.created_at,
    "UPDATED_AT": lambda r: r.updated_at,
    "PUSHED_AT": lambda r: r.pushed_at,
    "STARGAZERS": lambda r: 0,
}


def permission_enum(state: GitHubState, role: str | None) -> str | None:
    """A role name as GitHub's RepositoryPermission enum; custom roles report their base role."""
    if role is None:
        return None
    custom = state.custom_role_by_name(role) if role not in access.ROLE_RANK else None
    return (custom.base_role if custom else role).upper()


class UserNode:
    typename = "User"

    def __init__(self, ctx: Context, user: User) -> None:
        self.login = user.login
        self.database_id = user.id
        self.id = user.node_id
        self.name = user.name
        self._ctx = ctx


class ViewerNode(UserNode):
    """An installation token's viewer is its bot account, `<slug>[bot]`."""

    def __init__(self, ctx: Context, app: App) -> None:
        super().__init__(ctx, User(login=f"{app.slug}[bot]", id=app.id, node_id=app.node_id, type="Bot"))


class AppNode:
    typename = "App"

    def __init__(self, ctx: Context, app: App) -> None:
        self.slug = app.slug
        self.database_id = app.id
        self.id = app.node_id
        self.name = app.name


class RefNode:
    typename = "Ref"

    def __init__(self, repo: Repository, branch: str) -> None:
        self.name = branch
        self.prefix = "refs/heads/"
        self.id = node_id("Ref", stable_id(f"{repo.id}:{branch}"))


class TeamNode:
    typename = "Team"

    def __init__(self, ctx: Context, team: Team) -> None:
        self._ctx = ctx
        self._team = team
        self.database_id = team.id
        self.id = team.node_id
        self.name = team.name
        self.slug = team.slug
        self.description = team.description
        self.privacy = _TEAM_PRIVACY[team.privacy]
        self.combined_slug = f"{ctx.state.organization.login}/{team.slug}"

    def parent_team(self) -> TeamNode | None:
        parent = self._ctx.state.teams.get(self._team.parent_id) if self._team.parent_id else None
        return TeamNode(self._ctx, parent) if parent is not None else None

    def organization(self) -> OrganizationNode:
        return OrganizationNode(self._ctx)

    def child_teams(self, immediate_only: bool = True, **window: Any) -> dict[str, Any]:
        children = self._descendants() if not immediate_only else self._ctx.state.child_teams(self._team.id)
        ordered = sorted((t for t in children if visible(t)), key=lambda t: t.name.lower())
        return connection([TeamNode(self._ctx, t) for t in ordered], **_window(window))

    def members(self, membership: str = "ALL", role: str | None = None, **window: Any) -> dict[str, Any]:
        roles: dict[str, str] = {}
        if membership in ("IMMEDIATE", "ALL"):
            roles.update(self._team.members)
        if membership in ("CHILD_TEAM", "ALL"):
            for child in self._descendants():
                for login, child_role in child.members.items():
                    if login not in self._team.members:
                        roles.setdefault(login, child_role)
        if role is not None:
            roles = {login: r for login, r in roles.items() if r.upper() == role}
        users = [
            self._ctx.state.users[login]
            for login in sorted(roles, key=str.lower)
            if login in self._ctx.state.users
        ]
        return connection(
            [UserNode(self._ctx, user) for user in users],
            edge=lambda node: {"role": roles[node.login].upper()},
            **_window(window),
        )

    def repositories(self, **window: Any) -> dict[str, Any]:
        state = self._ctx.state
        granted = {
            name: access.team_role_on(state, self._team, name) for name in self._all_repository_names()
        }
        repos = sorted((state.repository(n) for n in granted), key=lambda r: r.name.lower() if r else "")
        nodes = [RepositoryNode(self._ctx, r) for r in repos if r is not None]
        return connection(
            nodes,
            edge=lambda node: {"permission": permission_enum(state, granted[node.name])},
            **_window(window),
        )

    def _all_repository_names(self) -> set[str]:
        names = set(self._team.repos)
        for ancestor in access.ancestors(self._ctx.state, self._team):
            names |= set(ancestor.repos)
        return names

    def _descendants(self) -> list[Team]:
        found: list[Team] = []
        pending = [self._team.id]
        while pending:
            for child in self._ctx.state.child_teams(pending.pop()):
                if child not in found:
                    found.append(child)
                    pending.append(child.id)
        return found


class DeployKeyNode:
    typename = "DeployKey"

    def __init__(self, repo: Repository, key: dict[str, Any]) -> None:
        self.id = node_id("DeployKey", int(key["id"]))
        self.title = key["title"]
        self.key = key["key"]
        self.read_only = key["read_only"]
        self.verified = key["verified"]
        self.enabled = key["enabled"]
        self.created_at = key["created_at"]


class RepositoryNode:
    typename = "Repository"

    def __init__(self, ctx: Context, repo: Repository) -> None:
        self._ctx = ctx
        self._repo = repo
        self.database_id = repo.id
        self.id = repo.node_id
        self.name = repo.name
        self.name_with_owner = f"{ctx.state.organization.login}/{repo.name}"
        self.description = repo.description
        self.homepage_url = repo.homepage
        self.visibility = repo.visibility.upper()
        self.is_archived = repo.archived
        self.is_private = repo.private
        self.is_template = repo.is_template
        self.merge_commit_allowed = repo.allow_merge_commit
        self.squash_merge_allowed = repo.allow_squash_merge
        self.rebase_merge_allowed = repo.allow_rebase_merge
        self.auto_merge_allowed = repo.allow_auto_merge
        self.allow_update_branch = repo.allow_update_branch
        self.delete_branch_on_merge = repo.delete_branch_on_merge
        self.has_issues_enabled = repo.has_issues
        self.has_projects_enabled = repo.has_projects
        self.has_wiki_enabled = repo.has_wiki
        self.has_discussions_enabled = repo.has_discussions
        self.forking_allowed = repo.allow_forking
        self.web_commit_signoff_required = repo.web_commit_signoff_required
        self.created_at = repo.created_at
        self.updated_at = repo.updated_at
        self.pushed_at = repo.pushed_at

    def owner(self) -> OrganizationNode:
        return OrganizationNode(self._ctx)

    def viewer_permission(self) -> str | None:
        return permission_enum(
            self._ctx.state, access.repository_role(self._ctx.state, self._ctx.identity, self._repo)
        )

    def default_branch_ref(self) -> RefNode | None:
        branch = self._repo.default_branch
        return RefNode(self._repo, branch) if branch in self._repo.branches else None

    def ref(self, qualified_name: str) -> RefNode | None:
        branch = qualified_name.removeprefix("refs/heads/")
        return RefNode(self._repo, branch) if branch in self._repo.branches else None

    def refs(self, ref_prefix: str, query: str | None = None, **window: Any) -> dict[str, Any]:
        # Only branches exist in the sandbox; any other prefix (tags) lists nothing.
        names = sorted(self._repo.branches) if ref_prefix == "refs/heads/" else []
        if query:
            names = [n for n in names if query in n]
        return connection([RefNode(self._repo, n) for n in names], **_window(window))

    def repository_topics(self, **window: Any) -> dict[str, Any]:
        topics = [{"topic": {"name": topic}, "__typename": "RepositoryTopic"} for topic in self._repo.topics]
        return connection(topics, **_window(window))

    def collaborators(
        self,
        affiliation: str = "ALL",
        login: str | None = None,
        query: str | None = None,
        **window: Any,
    ) -> dict[str, Any]:
        nodes, edge = graphql_collaborators.collaborators(
            self._ctx, self._repo, UserNode, affiliation=affiliation, login=login, query=query
        )
        return connection(nodes, edge=edge, **_window(window))

    def deploy_keys(self, **window: Any) -> dict[str, Any]:
        # Only admins see deploy keys. GitHub does not document what others get here; the sandbox
        # answers an empty list, and ghprov's reader trusts the list only when viewerPermission is ADMIN.
        admin = access.can(self._ctx.state, self._ctx.identity, self._repo, "admin")
        keys = self._ctx.state.features.repository(self._repo.name).deploy_keys if admin else []
        return connection([DeployKeyNode(self._repo, key) for key in keys], **_window(window))

    def has_vulnerability_alerts_enabled(self) -> bool:
        # Shown to admins (as the REST check is); others get false, which ghprov's reader never uses.
        admin = access.can(self._ctx.state, self._ctx.identity, self._repo, "admin")
        return admin and self._ctx.state.features.repository(self._repo.name).vulnerability_alerts

    def branch_protection_rules(self, **window: Any) -> dict[str, Any]:
        rules = [
            BranchProtectionRuleNode(self._ctx, self._repo, b, p) for b, p in self._repo.protections.items()
        ]
        return connection(rules, **_window(window))

    def rulesets(
        self, include_parents: bool = True, targets: list[str] | None = None, **window: Any
    ) -> dict[str, Any]:
        found = rulesets_for(self._ctx.state, self._repo, include_parents=include_parents)
        if targets:
            found = [r for r in found if r.target.upper() in targets]
        nodes = [RulesetNode(self._ctx, r, self._repo) for r in found]
        return connection(nodes, **_window(window))

    def object(self, expression: str | None = None, oid: str | None = None) -> graphql_audit.BlobNode | None:
        return graphql_audit.git_object(self._ctx, self._repo, expression, oid)


class OrganizationNode:
    typename = "Organization"

    def __init__(self, ctx: Context) -> None:
        org = ctx.state.organization
        self._ctx = ctx
        self.login = org.login
        self.database_id = org.id
        self.id = org.node_id
        self.name = org.settings.get("name")
        self.description = org.settings.get("description")
        self.email = org.settings.get("email")
        self.location = org.settings.get("location")
        self.website_url = org.settings.get("blog")
        self.created_at = org.created_at
        self.updated_at = org.updated_at
        self.viewer_can_administer = access.is_owner(ctx.state, ctx.identity)

    def saml_identity_provider(self) -> graphql_audit.SamlProviderNode | None:
        return graphql_audit.saml_identity_provider(self._ctx)

    def members_with_role(self, **window: Any) -> dict[str, Any]:
        state = self._ctx.state
        if not access.is_member(state, self._ctx.identity):
            # Outsiders see public members only, and the sandbox models no public membership.
            members: list[tuple[User, str]] = []
        else:
            members = [
                (state.users[login], m.role)
                for login, m in state.memberships.items()
                if m.state == "active" and login in state.users
            ]
        members.sort(key=lambda pair: pair[0].login.lower())
        roles = {user.login: ("ADMIN" if role == "admin" else "MEMBER") for user, role in members}
        return connection(
            [UserNode(self._ctx, user) for user, _ in members],
            edge=lambda node: {"role": roles[node.login]},
            **_window(window),
        )

    def team(self, slug: str) -> TeamNode | None:
        found = self._ctx.state.team_by_slug(slug)
        if (
            found is None
            or not visible(found)
            or not access.can_see_team(self._ctx.state, self._ctx.identity, found)
        ):
            return None
        return TeamNode(self._ctx, found)

    def teams(self, root_teams_only: bool = False, **window: Any) -> dict[str, Any]:
        state = self._ctx.state
        teams = [
            t
            for t in state.teams.values()
            if visible(t)
            and access.can_see_team(state, self._ctx.identity, t)
            and not (root_teams_only and t.parent_id)
        ]
        teams.sort(key=lambda t: t.name.lower())
        return connection([TeamNode(self._ctx, t) for t in teams], **_window(window))

    def repository(self, name: str, follow_renames: bool = True) -> RepositoryNode:
        repo = self._ctx.state.repository(name)
        if repo is None or access.repository_role(self._ctx.state, self._ctx.identity, repo) is None:
            raise NotFound(f"Could not resolve to a Repository with the name '{self.login}/{name}'.")
        return RepositoryNode(self._ctx, repo)

    def repositories(self, order_by: dict[str, str] | None = None, **window: Any) -> dict[str, Any]:
        state = self._ctx.state
        repos = [
            r for r in state.repositories.values() if access.repository_role(state, self._ctx.identity, r)
        ]
        repos.sort(key=lambda r: r.id)
        if order_by is not None:
            repos.sort(
                key=_ORDER_KEYS[order_by.get("field", "NAME")], reverse=order_by.get("direction") == "DESC"
            )
        return connection([RepositoryNode(self._ctx, r) for r in repos], **_window(window))


def _window(arguments: dict[str, Any]) -> dict[str, Any]:
    """The pagination arguments; a filter GitHub offers but the sandbox does not apply is an error, not a
    silently unfiltered answer."""
    unknown = sorted(key for key, value in arguments.items() if key not in _PAGINATION and value is not None)
    if unknown:
        raise NotEmulated(f"the argument(s) {', '.join(unknown)} of this connection")
    return {key: value for key, value in arguments.items() if key in _PAGINATION}
