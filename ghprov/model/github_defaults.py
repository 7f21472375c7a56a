"""What GitHub gives a new organisation and a new repository: the one place these facts are stated.

The importer leaves out imported values equal to these (``ghprov.importer``); the sandbox starts every
new organisation and repository with them (``ghprov_testbeds.sandbox.state`` and ``.seeds``). Pure data.

Sources, per value (the comment after it):
- ``[rest-default]``: the ``default`` of the parameter in GitHub's published OpenAPI description
  (``PATCH /orgs/{org}``, https://docs.github.com/rest/orgs/orgs#update-an-organization, or
  ``POST /orgs/{org}/repos``, https://docs.github.com/rest/repos/repos#create-an-organization-repository).
- ``[new-org]``: no documented default; what ``GET /orgs/{org}`` reports for a newly created organisation
  (https://docs.github.com/rest/orgs/orgs#get-an-organization; github-api.md §1.1).
- ``[new-repo]``: no documented default; what ``GET /repos/{owner}/{repo}`` reports for a repository
  created without the option (https://docs.github.com/rest/repos/repos#get-a-repository; github-api.md §3).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Any

# ``GET /orgs/{org}`` (organization-full) of a new organisation, by API name.
ORGANIZATION_DEFAULTS: MappingProxyType[str, Any] = MappingProxyType(
    {
        "name": None,  # [new-org] unset until an owner names the profile
        "description": None,  # [new-org]
        "company": None,  # [new-org]
        "blog": None,  # [new-org]
        "location": None,  # [new-org]
        "email": None,  # [new-org]
        "twitter_username": None,  # [new-org]
        "billing_email": None,  # [new-org] (set at sign-up; owners only, never imported)
        "is_verified": False,  # [new-org]
        "has_organization_projects": True,  # [new-org]
        "has_repository_projects": True,  # [new-org]
        "default_repository_permission": "read",  # [rest-default]
        "members_can_create_repositories": True,  # [rest-default]
        "members_can_create_public_repositories": True,  # [new-org]
        "members_can_create_private_repositories": True,  # [new-org]
        "members_can_create_internal_repositories": False,  # [new-org] (internal: Enterprise only)
        "members_allowed_repository_creation_type": "all",  # [new-org]
        "members_can_create_pages": True,  # [rest-default]
        "members_can_create_public_pages": True,  # [rest-default]
        "members_can_create_private_pages": True,  # [rest-default]
        "members_can_fork_private_repositories": False,  # [rest-default]
        "web_commit_signoff_required": False,  # [rest-default]
        "deploy_keys_enabled_for_repositories": True,  # [new-org]
        "two_factor_requirement_enabled": False,  # [new-org] (read-only through the API)
        "members_can_create_teams": True,  # [new-org] (read-only through the API)
        "members_can_delete_repositories": True,  # [new-org]
        "members_can_change_repo_visibility": True,  # [new-org]
        "members_can_invite_outside_collaborators": True,  # [new-org]
        "members_can_delete_issues": False,  # [new-org]
        "members_can_view_dependency_insights": True,  # [new-org]
        # [new-org]; "main" since GitHub's 2020-10-01 changelog "The default branch for newly-created
        # repositories is now main".
        "default_repository_branch": "main",
    }
)


@dataclass(frozen=True)
class NewRepository:
    """A repository made by ``POST /orgs/{org}/repos`` without options (typed, for dataclass defaults).

    Visibility is not here: it has no single default (``private: false`` makes it public, ``visibility``
    overrides, and the plan and organisation policy restrict it), and it is security-relevant.
    """

    description: str | None = None  # [new-repo]
    homepage: str | None = None  # [new-repo]
    default_branch: str = "main"  # [new-org] default_repository_branch
    allow_merge_commit: bool = True  # [rest-default]
    allow_squash_merge: bool = True  # [rest-default]
    allow_rebase_merge: bool = True  # [rest-default]
    allow_auto_merge: bool = False  # [rest-default]
    allow_update_branch: bool = False  # [new-repo] (a PATCH-only setting)
    allow_forking: bool = False  # [new-repo] private repository in an org that forbids private forks
    delete_branch_on_merge: bool = False  # [rest-default]
    web_commit_signoff_required: bool = False  # [new-repo] (follows the organisation's default, false)
    has_issues: bool = True  # [rest-default]
    has_projects: bool = True  # [rest-default]
    has_wiki: bool = True  # [rest-default]
    has_discussions: bool = False  # [new-repo]
    is_template: bool = False  # [rest-default]
    archived: bool = False  # [new-repo]
    topics: tuple[str, ...] = ()  # [new-repo]


NEW_REPOSITORY = NewRepository()

# The same values by API name, for code that looks settings up by name.
REPOSITORY_DEFAULTS: MappingProxyType[str, Any] = MappingProxyType(
    {item.name: getattr(NEW_REPOSITORY, item.name) for item in fields(NewRepository)}
)
