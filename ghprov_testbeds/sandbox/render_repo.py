"""Response bodies for repositories, branches, refs, protections and rulesets."""

from __future__ import annotations

from typing import Any

from ghprov.model.ruleset_targets import branch_targeted
from ghprov_testbeds.sandbox.access import permissions_object, role_rank
from ghprov_testbeds.sandbox.render_org import HTML, app_json, org_simple_json, team_json, user_json
from ghprov_testbeds.sandbox.state import BranchProtection, GitHubState, Repository, Ruleset, User

# url field → suffix appended to the repository's API url (minimal-repository's required link fields).
_LINKS = {
    "archive_url": "/{archive_format}{/ref}",
    "assignees_url": "/assignees{/user}",
    "blobs_url": "/git/blobs{/sha}",
    "branches_url": "/branches{/branch}",
    "collaborators_url": "/collaborators{/collaborator}",
    "comments_url": "/comments{/number}",
    "commits_url": "/commits{/sha}",
    "compare_url": "/compare/{base}...{head}",
    "contents_url": "/contents/{+path}",
    "contributors_url": "/contributors",
    "deployments_url": "/deployments",
    "downloads_url": "/downloads",
    "events_url": "/events",
    "forks_url": "/forks",
    "git_commits_url": "/git/commits{/sha}",
    "git_refs_url": "/git/refs{/sha}",
    "git_tags_url": "/git/tags{/sha}",
    "hooks_url": "/hooks",
    "issue_comment_url": "/issues/comments{/number}",
    "issue_events_url": "/issues/events{/number}",
    "issues_url": "/issues{/number}",
    "keys_url": "/keys{/key_id}",
    "labels_url": "/labels{/name}",
    "languages_url": "/languages",
    "merges_url": "/merges",
    "milestones_url": "/milestones{/number}",
    "notifications_url": "/notifications{?since,all,participating}",
    "pulls_url": "/pulls{/number}",
    "releases_url": "/releases{/id}",
    "stargazers_url": "/stargazers",
    "statuses_url": "/statuses/{sha}",
    "subscribers_url": "/subscribers",
    "subscription_url": "/subscription",
    "tags_url": "/tags",
    "teams_url": "/teams",
    "trees_url": "/git/trees{/sha}",
}
MERGE_FIELDS = (
    "allow_merge_commit",
    "allow_squash_merge",
    "allow_rebase_merge",
    "allow_auto_merge",
    "allow_update_branch",
)


def _org_owner(base: str, state: GitHubState) -> dict[str, Any]:
    org = state.organization
    return user_json(base, User(org.login, org.id, org.node_id)) | {"type": "Organization"}


def _repo_common(base: str, state: GitHubState, repo: Repository, role: str | None) -> dict[str, Any]:
    org = state.organization.login
    url = f"{base}/repos/{org}/{repo.name}"
    body: dict[str, Any] = {
        "id": repo.id,
        "node_id": repo.node_id,
        "name": repo.name,
        "full_name": f"{org}/{repo.name}",
        "owner": _org_owner(base, state),
        "private": repo.private,
        "html_url": f"{HTML}/{org}/{repo.name}",
        "description": repo.description,
        "fork": False,
        "url": url,
        **{key: url + suffix for key, suffix in _LINKS.items()},
        "git_url": f"git://github.com/{org}/{repo.name}.git",
        "ssh_url": f"git@github.com:{org}/{repo.name}.git",
        "clone_url": f"{HTML}/{org}/{repo.name}.git",
        "svn_url": f"{HTML}/{org}/{repo.name}",
        "mirror_url": None,
        "homepage": repo.homepage,
        "language": None,
        "forks_count": 0,
        "stargazers_count": 0,
        "watchers_count": 0,
        "size": 0,
        "default_branch": repo.default_branch,
        "open_issues_count": 0,
        "is_template": repo.is_template,
        "topics": list(repo.topics),
        "has_issues": repo.has_issues,
        "has_projects": repo.has_projects,
        "has_wiki": repo.has_wiki,
        "has_pages": False,
        "has_downloads": True,
        "has_discussions": repo.has_discussions,
        "archived": repo.archived,
        "disabled": False,
        "visibility": repo.visibility,
        "pushed_at": repo.pushed_at,
        "created_at": repo.created_at,
        "updated_at": repo.updated_at,
        "permissions": permissions_object(state, role),
        "allow_forking": repo.allow_forking,
        "web_commit_signoff_required": repo.web_commit_signoff_required,
        "forks": 0,
        "open_issues": 0,
        "watchers": 0,
        "license": None,
    }
    if role is not None and role_rank(state, role) >= role_rank(state, "admin"):
        # Shown to admins only: others get no key at all, not "disabled".
        body["security_and_analysis"] = security_and_analysis_json(state, repo)
    return body


def security_and_analysis_json(state: GitHubState, repo: Repository) -> dict[str, Any]:
    """``security_and_analysis``; public repositories have Advanced Security anyway and do not list it."""
    stored = state.features.repository(repo.name).security_and_analysis
    return {
        name: {"status": status}
        for name, status in stored.items()
        if not (name == "advanced_security" and repo.visibility == "public")
    }


def repo_minimal_json(base: str, state: GitHubState, repo: Repository, role: str | None) -> dict[str, Any]:
    """minimal-repository (list items): no merge settings, plus the caller's ``role_name``."""
    body = _repo_common(base, state, repo, role)
    body["role_name"] = role or "read"
    if role is not None and role_rank(state, role) >= role_rank(state, "write"):
        body["delete_branch_on_merge"] = repo.delete_branch_on_merge
    return body


def repo_full_json(base: str, state: GitHubState, repo: Repository, role: str | None) -> dict[str, Any]:
    """full-repository; merge settings are absent (not false) for callers without write access."""
    body = _repo_common(base, state, repo, role)
    body.update(
        {
            "organization": _org_owner(base, state),
            "network_count": 0,
            "subscribers_count": 0,
            "temp_clone_token": "",
        }
    )
    if role is not None and role_rank(state, role) >= role_rank(state, "write"):
        body.update({name: getattr(repo, name) for name in MERGE_FIELDS})
        body.update(
            {
                "delete_branch_on_merge": repo.delete_branch_on_merge,
                "use_squash_pr_title_as_default": False,
                "squash_merge_commit_title": "COMMIT_OR_PR_TITLE",
                "squash_merge_commit_message": "COMMIT_MESSAGES",
                "merge_commit_title": "MERGE_MESSAGE",
                "merge_commit_message": "PR_TITLE",
            }
        )
    return body


def team_repo_json(base: str, state: GitHubState, repo: Repository, role: str) -> dict[str, Any]:
    """team-repository / the team repos list: a repository with the team's ``role_name``."""
    body = repo_full_json(base, state, repo, role)
    body["role_name"] = role
    return body


def _protection_url(base: str, state: GitHubState, repo: Repository, branch: str) -> str:
    return f"{base}/repos/{state.organization.login}/{repo.name}/branches/{branch}/protection"


def commit_json(base: str, state: GitHubState, repo: Repository, sha: str) -> dict[str, Any]:
    """commit: the branch head; the sandbox keeps no history, so it has no parents."""
    url = f"{base}/repos/{state.organization.login}/{repo.name}/commits/{sha}"
    person = {"name": "GitHub", "email": "noreply@github.com", "date": repo.created_at}
    return {
        "sha": sha,
        "node_id": f"C_{sha[:20]}",
        "url": url,
        "html_url": f"{HTML}/{state.organization.login}/{repo.name}/commit/{sha}",
        "comments_url": f"{url}/comments",
        "commit": {
            "url": f"{base}/repos/{state.organization.login}/{repo.name}/git/commits/{sha}",
            "author": person,
            "committer": person,
            "message": "Initial commit",
            "comment_count": 0,
            "tree": {
                "sha": sha[::-1],
                "url": f"{base}/repos/{state.organization.login}/{repo.name}/git/trees/{sha}",
            },
        },
        # No GitHub account is linked to the synthetic commit: GitHub then sends empty objects.
        "author": {},
        "committer": {},
        "parents": [],
    }


def short_branch_json(base: str, state: GitHubState, repo: Repository, branch: str) -> dict[str, Any]:
    """short-branch; ``protected`` counts classic protection and active rulesets, as GitHub does."""
    sha = repo.branches[branch]
    return {
        "name": branch,
        "commit": {"sha": sha, "url": f"{base}/repos/{state.organization.login}/{repo.name}/commits/{sha}"},
        "protected": is_protected(state, repo, branch),
        "protection_url": _protection_url(base, state, repo, branch),
    }


def branch_json(base: str, state: GitHubState, repo: Repository, branch: str) -> dict[str, Any]:
    """branch-with-protection."""
    protected = is_protected(state, repo, branch)
    protection = repo.protections.get(branch)
    checks = (protection.settings.get("required_status_checks") if protection else None) or {}
    return {
        "name": branch,
        "commit": commit_json(base, state, repo, repo.branches[branch]),
        "_links": {
            "self": f"{base}/repos/{state.organization.login}/{repo.name}/branches/{branch}",
            "html": f"{HTML}/{state.organization.login}/{repo.name}/tree/{branch}",
        },
        "protected": protected,
        "protection": {
            "enabled": protected,
            "required_status_checks": {
                "enforcement_level": "non_admins" if checks else "off",
                "contexts": list(checks.get("contexts", [])),
                "checks": [{"context": c, "app_id": None} for c in checks.get("contexts", [])],
            },
        },
        "protection_url": _protection_url(base, state, repo, branch),
    }


def is_protected(state: GitHubState, repo: Repository, branch: str) -> bool:
    if branch in repo.protections:
        return True
    return any(
        ruleset_applies(rs, repo, branch) for rs in [*repo.rulesets.values(), *state.org_rulesets.values()]
    )


def ruleset_applies(ruleset: Ruleset, repo: Repository, branch: str) -> bool:
    """Does an active branch ruleset's ``ref_name`` condition select this branch?"""
    if ruleset.enforcement != "active" or ruleset.target != "branch":
        return False
    return branch_targeted(ruleset.conditions, branch, repo.default_branch)


def protection_json(
    base: str, state: GitHubState, repo: Repository, branch: str, prot: BranchProtection
) -> dict[str, Any]:
    """The read shape of ``GET …/protection`` (protected-branch) from the stored write shape."""
    url = _protection_url(base, state, repo, branch)
    settings = prot.settings
    body: dict[str, Any] = {"url": url}
    checks = settings.get("required_status_checks")
    if checks is not None:
        contexts = list(checks.get("contexts") or [c["context"] for c in checks.get("checks") or []])
        app_ids = {c["context"]: c.get("app_id") for c in checks.get("checks") or []}
        body["required_status_checks"] = {
            "url": f"{url}/required_status_checks",
            "strict": bool(checks.get("strict")),
            "contexts": contexts,
            "checks": [{"context": c, "app_id": app_ids.get(c)} for c in contexts],
            "contexts_url": f"{url}/required_status_checks/contexts",
        }
    reviews = settings.get("required_pull_request_reviews")
    if reviews is not None:
        review_body: dict[str, Any] = {
            "url": f"{url}/required_pull_request_reviews",
            "dismiss_stale_reviews": bool(reviews.get("dismiss_stale_reviews", False)),
            "require_code_owner_reviews": bool(reviews.get("require_code_owner_reviews", False)),
            "required_approving_review_count": int(reviews.get("required_approving_review_count", 1)),
            "require_last_push_approval": bool(reviews.get("require_last_push_approval", False)),
        }
        dismissal = reviews.get("dismissal_restrictions")
        if dismissal:
            review_body["dismissal_restrictions"] = {
                "url": f"{url}/dismissal_restrictions",
                "users_url": f"{url}/dismissal_restrictions/users",
                "teams_url": f"{url}/dismissal_restrictions/teams",
                **_actors(base, state, dismissal),
            }
        bypass = reviews.get("bypass_pull_request_allowances")
        if bypass:
            review_body["bypass_pull_request_allowances"] = _actors(base, state, bypass)
        body["required_pull_request_reviews"] = review_body
    body["required_signatures"] = {"url": f"{url}/required_signatures", "enabled": prot.required_signatures}
    body["enforce_admins"] = {"url": f"{url}/enforce_admins", "enabled": bool(settings.get("enforce_admins"))}
    for flag in (
        "required_linear_history",
        "allow_force_pushes",
        "allow_deletions",
        "block_creations",
        "required_conversation_resolution",
        "lock_branch",
        "allow_fork_syncing",
    ):
        body[flag] = {"enabled": bool(settings.get(flag))}
    restrictions = settings.get("restrictions")
    if restrictions is not None:
        body["restrictions"] = {
            "url": f"{url}/restrictions",
            "users_url": f"{url}/restrictions/users",
            "teams_url": f"{url}/restrictions/teams",
            "apps_url": f"{url}/restrictions/apps",
            **_actors(base, state, restrictions),
        }
    return body


def _actors(base: str, state: GitHubState, actors: dict[str, Any]) -> dict[str, Any]:
    """Logins, team slugs and app slugs → full user, team and app objects."""
    users = [state.users[login] for login in actors.get("users", []) if login in state.users]
    teams = [t for slug in actors.get("teams", []) if (t := state.team_by_slug(slug)) is not None]
    apps = [state.apps[slug] for slug in actors.get("apps", []) if slug in state.apps]
    return {
        "users": [user_json(base, user) for user in users],
        "teams": [team_json(base, state, team) for team in teams],
        "apps": [app_json(base, state, app) for app in apps],
    }


def ruleset_json(
    base: str, state: GitHubState, ruleset: Ruleset, *, full: bool, show_bypass: bool, repo: Repository | None
) -> dict[str, Any]:
    """repository-ruleset: a summary for lists, the full object for single GETs."""
    if ruleset.source_type == "Organization":
        self_href = f"{base}/orgs/{state.organization.login}/rulesets/{ruleset.id}"
        html = f"{HTML}/organizations/{state.organization.login}/settings/rules/{ruleset.id}"
    else:
        self_href = f"{base}/repos/{ruleset.source}/rulesets/{ruleset.id}"
        html = f"{HTML}/{ruleset.source}/rules/{ruleset.id}"
    body: dict[str, Any] = {
        "id": ruleset.id,
        "name": ruleset.name,
        "target": ruleset.target,
        "source_type": ruleset.source_type,
        "source": ruleset.source,
        "enforcement": ruleset.enforcement,
        "node_id": ruleset.node_id,
        "_links": {"self": {"href": self_href}, "html": {"href": html}},
        "created_at": ruleset.created_at,
        "updated_at": ruleset.updated_at,
    }
    if full:
        if show_bypass:
            body["bypass_actors"] = [dict(actor) for actor in ruleset.bypass_actors]
        if repo is not None:
            body["current_user_can_bypass"] = "always" if show_bypass and ruleset.bypass_actors else "never"
        body["conditions"] = dict(ruleset.conditions) or None
        body["rules"] = [dict(rule) for rule in ruleset.rules]
    return body


__all__ = [
    "branch_json",
    "org_simple_json",
    "protection_json",
    "repo_full_json",
    "repo_minimal_json",
    "ruleset_json",
    "short_branch_json",
    "team_repo_json",
]
