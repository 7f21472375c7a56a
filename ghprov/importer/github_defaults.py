"""What GitHub gives a new organisation and a new repository: imported values equal to these are left out.

Leaving a setting out of the configuration means "not managed", so dropping a default never changes
what a plan does against the organisation it was imported from; it only keeps the files short.
"""

from __future__ import annotations

from typing import Any

# ``GET /orgs/{org}`` of a new organisation (REST docs, "organization-full").
ORGANIZATION_DEFAULTS: dict[str, Any] = {
    "name": None,
    "description": None,
    "company": None,
    "blog": None,
    "location": None,
    "email": None,
    "billing_email": None,
    "default_repository_permission": "read",
    "members_can_create_repositories": True,
    "members_can_create_public_repositories": True,
    "members_can_create_private_repositories": True,
    "members_can_create_internal_repositories": False,
    "members_can_fork_private_repositories": False,
    "web_commit_signoff_required": False,
    "has_organization_projects": True,
    "has_repository_projects": True,
    "deploy_keys_enabled_for_repositories": True,
    "two_factor_requirement_enabled": False,
    "members_can_create_teams": True,
    "members_can_delete_repositories": True,
    "members_can_change_repo_visibility": True,
    "members_can_invite_outside_collaborators": True,
}

# ``POST /orgs/{org}/repos`` without options. Visibility has no single default (it depends on the
# request and the plan) and is security-relevant, so it is always written.
REPOSITORY_DEFAULTS: dict[str, Any] = {
    "description": None,
    "homepage": None,
    "default_branch": "main",
    "allow_merge_commit": True,
    "allow_squash_merge": True,
    "allow_rebase_merge": True,
    "allow_auto_merge": False,
    "allow_update_branch": False,
    "delete_branch_on_merge": False,
    "has_issues": True,
    "has_projects": True,
    "has_wiki": True,
    "topics": [],
    "archived": False,
}

# Organisation settings that are private to owners and not needed to reproduce the organisation.
PRIVATE_SETTINGS: dict[str, str] = {
    "billing_email": "the billing e-mail address is personal data visible to owners only; set it by hand "
    "if ghprov should manage it",
}


def is_default(defaults: dict[str, Any], name: str, value: Any) -> bool:
    """True when ``value`` is GitHub's default for setting ``name`` (an empty string counts as unset)."""
    if name not in defaults:
        return False
    if value == "" and defaults[name] is None:
        return True
    return bool(value == defaults[name])
