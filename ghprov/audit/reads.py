"""Reads only the audit needs, beyond ``read_organization``: people, collaborators, tokens, logs, Actions.

Each read that GitHub refuses (403/404: plan, permission, or a user token where only Apps are
allowed) becomes a ``Skipped`` with GitHub's own message as the reason; anything else raises.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote

from ghprov.audit.codeowners import read_codeowners
from ghprov.audit.collaborators import read_direct_collaborators
from ghprov.audit.inputs import ActionsFacts, Maybe, PatGrant, Skipped
from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient

T = TypeVar("T")
R = TypeVar("R")
REFUSED = (403, 404, 410, 422)
SECURITY_POLICY_PATHS = ("SECURITY.md", ".github/SECURITY.md", "docs/SECURITY.md")


def guarded(what: str, prerequisite: str, read: Callable[[], T]) -> T | Skipped:
    """``read()``, or Skipped when GitHub refuses it (the reason quotes GitHub)."""
    try:
        return read()
    except GitHubApiError as error:
        if error.status in REFUSED:
            kind = "Unmet prerequisite" if error.status in (404, 410) else "Missing permission"
            return Skipped(
                f"{kind}: {what} ({prerequisite}); GitHub said {error.status} {error.github_message}"
            )
        raise


@dataclass
class ExtraReads:
    """What ``read_extras`` found; fields map one to one onto ``AuditInput``."""

    org_facts: Maybe[dict[str, Any]] = field(default_factory=dict)
    members_without_2fa: Maybe[list[str]] = field(default_factory=list)
    outside_collaborators: Maybe[list[str]] = field(default_factory=list)
    direct_collaborators: Maybe[dict[str, dict[str, str]]] = field(default_factory=dict)
    repository_facts: Maybe[dict[str, dict[str, Any]]] = field(default_factory=dict)
    pat_grants: Maybe[list[PatGrant]] = field(default_factory=list)
    codeowners: Maybe[dict[str, str | None]] = field(default_factory=dict)
    audit_events: Maybe[list[dict[str, Any]]] = field(default_factory=list)
    member_activity: Maybe[dict[str, str | None]] = field(default_factory=dict)
    actions: ActionsFacts = field(default_factory=ActionsFacts)


def _in_parallel(pool: ThreadPoolExecutor, work: Callable[[T], R], items: Iterable[T]) -> list[tuple[T, R]]:
    futures = [(item, pool.submit(work, item)) for item in items]
    return [(item, future.result()) for item, future in futures]


def _logins(client: GitHubClient, path: str, params: dict[str, Any] | None = None) -> list[str]:
    return sorted(str(user["login"]) for user in client.paginate(path, params) if isinstance(user, dict))


def _pat_grant(body: dict[str, Any], repositories: tuple[str, ...] | None) -> PatGrant:
    owner = body.get("owner") or {}
    return PatGrant(
        id=int(body.get("id") or 0),
        owner=str(owner.get("login") or ""),
        token_id=int(body.get("token_id") or 0),
        token_name=str(body.get("token_name") or ""),
        token_expired=bool(body.get("token_expired")),
        token_expires_at=body.get("token_expires_at"),
        token_last_used_at=body.get("token_last_used_at"),
        access_granted_at=body.get("access_granted_at"),
        repository_selection=str(body.get("repository_selection") or ""),
        permissions=dict(body.get("permissions") or {}),
        repositories=repositories,
    )


def _pat_grants(client: GitHubClient, org: str) -> list[PatGrant]:
    """The organisation's PAT grants; a "subset" grant's repositories cost one more request each."""
    found = []
    for body in client.paginate(f"/orgs/{org}/personal-access-tokens"):
        selection = body.get("repository_selection")
        repositories: tuple[str, ...] | None = None
        if selection == "subset":
            listed = client.paginate(f"/orgs/{org}/personal-access-tokens/{body.get('id')}/repositories")
            repositories = tuple(sorted(str(repo["name"]) for repo in listed if isinstance(repo, dict)))
        elif selection == "none":
            repositories = ()
        found.append(_pat_grant(body, repositories))
    return found


def audit_log(
    client: GitHubClient, org: str, phrase: str, *, limit: int | None = None
) -> list[dict[str, Any]]:
    """Events of ``GET /orgs/{org}/audit-log`` for ``phrase`` (GitHub Enterprise Cloud only)."""
    params = {"phrase": phrase, "include": "all", "order": "desc"}
    if limit is not None:
        params["per_page"] = str(limit)
        response = client.request("GET", f"/orgs/{org}/audit-log", params=params)
        return [event for event in response.json or [] if isinstance(event, dict)][:limit]
    return [event for event in client.paginate(f"/orgs/{org}/audit-log", params) if isinstance(event, dict)]


def _last_activity(client: GitHubClient, org: str, login: str) -> str | None:
    events = audit_log(client, org, f"actor:{login}", limit=1)
    if not events:
        return None
    stamp = events[0].get("@timestamp") or events[0].get("created_at")
    if isinstance(stamp, int | float):
        return datetime.datetime.fromtimestamp(stamp / 1000, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(stamp) if stamp else None


def _has_security_policy(client: GitHubClient, org: str, repo: str) -> bool:
    for path in SECURITY_POLICY_PATHS:
        try:
            client.request("GET", f"/repos/{org}/{repo}/contents/{quote(path)}")
            return True
        except GitHubApiError as error:
            if error.status != 404:
                raise
    return False


def read_actions(
    pool: ThreadPoolExecutor,
    client: GitHubClient,
    org: str,
    repositories: list[str],
    public: list[str],
    deep: bool,
) -> ActionsFacts:
    """Org-level Actions, webhook and secret settings; with ``deep`` also each repository's."""
    owner_only = "organisation owners only"

    def org_read(path: str, list_key: str | None = None) -> Callable[[], Any]:
        if list_key is None:
            return lambda: client.request("GET", path).json or {}
        return lambda: [item for item in client.paginate(path) if isinstance(item, dict)]

    facts = ActionsFacts(
        permissions=guarded("Actions permissions", owner_only, org_read(f"/orgs/{org}/actions/permissions")),
        workflow=guarded(
            "workflow permissions", owner_only, org_read(f"/orgs/{org}/actions/permissions/workflow")
        ),
        hooks=guarded("organisation webhooks", owner_only, org_read(f"/orgs/{org}/hooks", "hooks")),
        secrets=guarded(
            "organisation secrets", owner_only, org_read(f"/orgs/{org}/actions/secrets", "secrets")
        ),
        runner_groups=guarded(
            "runner groups", owner_only, org_read(f"/orgs/{org}/actions/runner-groups", "runner_groups")
        ),
    )
    if not deep:
        reason = Skipped("Not read: repository Actions, webhooks, secrets and SECURITY.md need --deep")
        facts.repository_workflow = facts.repository_hooks = facts.repository_secrets = reason
        facts.security_policy = reason
        return facts

    def repo_read(repo: str) -> tuple[Any, Any, Any]:
        base = f"/repos/{org}/{repo}"
        return (
            guarded(
                "workflow permissions",
                "admin",
                lambda: client.request("GET", f"{base}/actions/permissions/workflow").json,
            ),
            guarded(
                "webhooks",
                "admin",
                lambda: [h for h in client.paginate(f"{base}/hooks") if isinstance(h, dict)],
            ),
            guarded(
                "secrets",
                "admin",
                lambda: [s for s in client.paginate(f"{base}/actions/secrets") if isinstance(s, dict)],
            ),
        )

    workflows: dict[str, dict[str, Any]] = {}
    hooks: dict[str, list[dict[str, Any]]] = {}
    secrets: dict[str, list[dict[str, Any]]] = {}
    for repo, (workflow, repo_hooks, repo_secrets) in _in_parallel(pool, repo_read, repositories):
        if not isinstance(workflow, Skipped):
            workflows[repo] = workflow
        if not isinstance(repo_hooks, Skipped):
            hooks[repo] = repo_hooks
        if not isinstance(repo_secrets, Skipped):
            secrets[repo] = repo_secrets
    facts.repository_workflow, facts.repository_hooks, facts.repository_secrets = workflows, hooks, secrets
    facts.security_policy = dict(
        _in_parallel(pool, lambda repo: _has_security_policy(client, org, repo), public)
    )
    return facts


def _repository_list(client: GitHubClient, org: str) -> dict[str, dict[str, Any]]:
    """name → the list fields the checks use (and ``visibility``), from ``GET /orgs/{org}/repos``."""
    wanted = ("allow_forking", "pushed_at", "security_and_analysis", "visibility")
    return {
        str(repo["name"]): {key: repo.get(key) for key in wanted if key in repo}
        for repo in client.paginate(f"/orgs/{org}/repos", {"type": "all"})
        if isinstance(repo, dict)
    }


def read_extras(client: GitHubClient, org: str, *, deep: bool = False) -> ExtraReads:
    """Everything the audit reads beyond ``read_organization`` except the audit log.

    Independent of the live read (repositories come from the organisation's repository list), so
    it can run while ``read_organization`` does.
    """
    with ThreadPoolExecutor(max_workers=8) as pool:
        org_facts = pool.submit(
            guarded,
            "organisation settings",
            "owners",
            lambda: client.request("GET", f"/orgs/{org}").json or {},
        )
        without_2fa = pool.submit(
            guarded,
            "members without 2FA",
            "organisation owners only",
            lambda: _logins(client, f"/orgs/{org}/members", {"filter": "2fa_disabled"}),
        )
        outside = pool.submit(
            guarded,
            "outside collaborators",
            "organisation owners only",
            lambda: _logins(client, f"/orgs/{org}/outside_collaborators"),
        )
        grants = pool.submit(
            guarded,
            "fine-grained PAT grants",
            "GitHub App authentication only",
            lambda: _pat_grants(client, org),
        )
        codeowners = pool.submit(
            guarded, "CODEOWNERS files", "read access", lambda: read_codeowners(client, org)
        )
        collaborators = pool.submit(
            guarded,
            "repository collaborators",
            "push access",
            lambda: read_direct_collaborators(client, org),
        )
        read = ExtraReads()
        listed = guarded("repository list", "members", lambda: _repository_list(client, org))
        read.repository_facts = listed
        names = [] if isinstance(listed, Skipped) else sorted(listed)
        public = (
            []
            if isinstance(listed, Skipped)
            else sorted(n for n in names if listed[n].get("visibility") == "public")
        )
        read.actions = read_actions(pool, client, org, names, public, deep)
        read.org_facts = org_facts.result()
        read.members_without_2fa = without_2fa.result()
        read.outside_collaborators = outside.result()
        read.pat_grants = grants.result()
        read.codeowners = codeowners.result()
        # A repository GitHub refuses comes back Skipped already; guarded covers an unknown organisation.
        read.direct_collaborators = collaborators.result()
    return read


def read_history(
    client: GitHubClient,
    org: str,
    read: ExtraReads,
    members: list[str],
    *,
    enterprise: bool,
    since: datetime.date | None,
    event_phrase: Callable[[datetime.date], str],
) -> None:
    """Members' last activity and, with ``since``, the domain's events (the audit-log API is GHEC-only)."""
    ghec = "GitHub Enterprise Cloud only"
    if not enterprise:
        reason = Skipped(f"Unmet prerequisite: the audit-log API is {ghec}")
        read.member_activity = reason
        read.audit_events = reason
        return
    with ThreadPoolExecutor(max_workers=8) as pool:
        read.member_activity = guarded(
            "the audit log",
            ghec,
            lambda: dict(_in_parallel(pool, lambda login: _last_activity(client, org, login), members)),
        )
    if since is not None:
        read.audit_events = guarded(
            "the audit log", ghec, lambda: audit_log(client, org, event_phrase(since))
        )
    else:
        read.audit_events = Skipped("Not requested: pass --since DATE to export audit-log events")
