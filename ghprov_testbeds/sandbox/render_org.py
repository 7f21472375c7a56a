"""Response bodies for accounts, the organisation, teams and apps, in GitHub's schemas' shapes."""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox.state import App, CustomRole, GitHubState, Invitation, Team, User

HTML = "https://github.com"
OWNER_ONLY_SETTINGS = (
    "billing_email",
    "default_repository_permission",
    "members_can_create_repositories",
    "two_factor_requirement_enabled",
    "members_allowed_repository_creation_type",
    "members_can_create_public_repositories",
    "members_can_create_private_repositories",
    "members_can_create_internal_repositories",
    "members_can_create_pages",
    "members_can_create_public_pages",
    "members_can_create_private_pages",
    "members_can_fork_private_repositories",
    "web_commit_signoff_required",
    "deploy_keys_enabled_for_repositories",
    "members_can_create_teams",
    "members_can_delete_repositories",
    "members_can_change_repo_visibility",
    "members_can_invite_outside_collaborators",
    "members_can_delete_issues",
    "members_can_view_dependency_insights",
    "default_repository_branch",
)


def user_json(base: str, user: User) -> dict[str, Any]:
    """simple-user."""
    url = f"{base}/users/{user.login}"
    return {
        "login": user.login,
        "id": user.id,
        "node_id": user.node_id,
        "avatar_url": f"https://avatars.githubusercontent.com/u/{user.id}?v=4",
        "gravatar_id": "",
        "url": url,
        "html_url": f"{HTML}/{user.login}",
        "followers_url": f"{url}/followers",
        "following_url": f"{url}/following{{/other_user}}",
        "gists_url": f"{url}/gists{{/gist_id}}",
        "starred_url": f"{url}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{url}/subscriptions",
        "organizations_url": f"{url}/orgs",
        "repos_url": f"{url}/repos",
        "events_url": f"{url}/events{{/privacy}}",
        "received_events_url": f"{url}/received_events",
        "type": user.type,
        "user_view_type": "public",
        "site_admin": False,
    }


def private_user_json(base: str, state: GitHubState, user: User) -> dict[str, Any]:
    """The authenticated user (``GET /user``): simple-user plus the public profile counters."""
    return {
        **user_json(base, user),
        "name": user.name,
        "company": None,
        "blog": "",
        "location": None,
        "email": None,
        "hireable": None,
        "bio": None,
        "public_repos": 0,
        "public_gists": 0,
        "followers": 0,
        "following": 0,
        "created_at": state.organization.created_at,
        "updated_at": state.organization.updated_at,
        "private_gists": 0,
        "total_private_repos": 0,
        "owned_private_repos": 0,
        "disk_usage": 0,
        "collaborators": 0,
        "plan": {"name": "pro", "space": 976562499, "private_repos": 9999, "collaborators": 0},
    }


def org_simple_json(base: str, state: GitHubState) -> dict[str, Any]:
    """organization-simple."""
    org = state.organization
    url = f"{base}/orgs/{org.login}"
    return {
        "login": org.login,
        "id": org.id,
        "node_id": org.node_id,
        "url": url,
        "repos_url": f"{url}/repos",
        "events_url": f"{url}/events",
        "hooks_url": f"{url}/hooks",
        "issues_url": f"{url}/issues",
        "members_url": f"{url}/members{{/member}}",
        "public_members_url": f"{url}/public_members{{/member}}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{org.id}?v=4",
        "description": org.settings.get("description"),
    }


def org_full_json(base: str, state: GitHubState, *, owner_view: bool) -> dict[str, Any]:
    """organization-full; settings, counts and the plan are only shown to owners, as on GitHub."""
    org = state.organization
    settings = dict(org.settings)
    public_repos = sum(1 for repo in state.repositories.values() if repo.visibility == "public")
    body: dict[str, Any] = {
        **org_simple_json(base, state),
        "name": settings.get("name"),
        "company": settings.get("company"),
        "blog": settings.get("blog"),
        "location": settings.get("location"),
        "email": settings.get("email"),
        "twitter_username": settings.get("twitter_username"),
        "is_verified": bool(settings.get("is_verified", False)),
        "has_organization_projects": bool(settings.get("has_organization_projects", True)),
        "has_repository_projects": bool(settings.get("has_repository_projects", True)),
        "public_repos": public_repos,
        "public_gists": 0,
        "followers": 0,
        "following": 0,
        "html_url": f"{HTML}/{org.login}",
        "type": "Organization",
        "created_at": org.created_at,
        "updated_at": org.updated_at,
        "archived_at": None,
    }
    # Unset profile fields are JSON null, as GitHub sends them (the spec calls them non-nullable strings;
    # ghprov_testbeds.contract.overrides.RESPONSE_OVERRIDES records the disagreement).
    if owner_view:
        private = len(state.repositories) - public_repos
        body.update({key: settings[key] for key in OWNER_ONLY_SETTINGS if key in settings})
        body.update(
            {
                "total_private_repos": private,
                "owned_private_repos": private,
                "private_gists": 0,
                "disk_usage": 0,
                "collaborators": 0,
                "plan": {
                    "name": org.plan,
                    "space": 976562499,
                    "private_repos": 999999,
                    "filled_seats": sum(1 for m in state.memberships.values() if m.state == "active"),
                    "seats": 10000 if org.plan != "free" else 0,
                },
            }
        )
    return body


def team_simple_json(base: str, state: GitHubState, team: Team) -> dict[str, Any]:
    """team-simple (a team's ``parent``)."""
    org = state.organization
    url = f"{base}/organizations/{org.id}/team/{team.id}"
    return {
        "id": team.id,
        "node_id": team.node_id,
        "url": url,
        "html_url": f"{HTML}/orgs/{org.login}/teams/{team.slug}",
        "name": team.name,
        "slug": team.slug,
        "description": team.description,
        "privacy": team.privacy,
        "notification_setting": team.notification_setting,
        "permission": "pull",
        "members_url": f"{url}/members{{/member}}",
        "repositories_url": f"{url}/repos",
        "type": "organization",
        "organization_id": org.id,
    }


def team_json(base: str, state: GitHubState, team: Team) -> dict[str, Any]:
    """team (list items): team-simple plus ``parent`` and ``permissions``."""
    parent = state.teams.get(team.parent_id) if team.parent_id is not None else None
    return {
        **team_simple_json(base, state, team),
        "permissions": {"pull": True, "triage": False, "push": False, "maintain": False, "admin": False},
        "parent": team_simple_json(base, state, parent) if parent else None,
    }


def team_full_json(base: str, state: GitHubState, team: Team) -> dict[str, Any]:
    """team-full (single GET, create and update)."""
    body = team_json(base, state, team)
    del body["permissions"]
    org_view = org_full_json(base, state, owner_view=False)
    body.update(
        {
            "members_count": len(team.members),
            "repos_count": len(team.repos),
            "created_at": team.created_at,
            "updated_at": team.updated_at,
            "organization": org_view,
        }
    )
    return body


def app_json(base: str, state: GitHubState, app: App) -> dict[str, Any]:
    """integration, owned by the organisation."""
    org = state.organization
    owner = User(login=org.login, id=org.id, node_id=org.node_id, type="User")
    return {
        "id": app.id,
        "slug": app.slug,
        "node_id": app.node_id,
        "client_id": f"Iv1.{app.id:016x}",
        "owner": {**user_json(base, owner), "type": "Organization"},
        "name": app.name,
        # A string, never null: GitHub's branch-restriction-policy schema (apps in protection
        # restrictions) does not allow null, where the integration schema does.
        "description": "",
        "external_url": f"https://{app.slug}.example.com",
        "html_url": f"{HTML}/apps/{app.slug}",
        "created_at": org.created_at,
        "updated_at": org.updated_at,
        "permissions": {
            "administration": "write",
            "contents": "write",
            "metadata": "read",
            "members": "write",
        },
        "events": [],
    }


def invitation_json(base: str, state: GitHubState, invitation: Invitation) -> dict[str, Any]:
    """organization-invitation."""
    inviter = state.users.get(invitation.inviter)
    return {
        "id": invitation.id,
        "node_id": f"OI_{invitation.id}",
        "login": invitation.login,
        "email": None,
        "role": invitation.role,
        "created_at": invitation.created_at,
        "failed_at": None,
        "failed_reason": None,
        "inviter": user_json(base, inviter) if inviter else None,
        "team_count": len(invitation.team_ids),
        "invitation_teams_url": f"{base}/organizations/{state.organization.id}/invitations/{invitation.id}"
        "/teams",
        "invitation_source": "member",
    }


def custom_role_json(base: str, state: GitHubState, role: CustomRole) -> dict[str, Any]:
    """organization-custom-repository-role."""
    return {
        "id": role.id,
        "name": role.name,
        "description": role.description,
        "base_role": role.base_role,
        "permissions": list(role.permissions),
        "organization": user_json(
            base, User(state.organization.login, state.organization.id, state.organization.node_id)
        )
        | {"type": "Organization"},
        "created_at": role.created_at,
        "updated_at": role.updated_at,
    }
