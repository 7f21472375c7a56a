"""Reads only the audit needs, beyond ``read_organization``: people, tokens, logs, Actions.

The requests themselves are ``ghprov.github.read``'s; this module decides what is read (``--deep``,
``--since``, GitHub Enterprise Cloud), runs the reads side by side, and turns each one GitHub refuses
(403/404: plan, permission, or a user token where only Apps are allowed) into a ``Skipped`` with
GitHub's own message as the reason; anything else raises.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from ghprov.audit.inputs import ActionsFacts, Maybe, Skipped
from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read import actions as actions_read
from ghprov.github.read.audit_log import read_audit_log, read_last_activity
from ghprov.github.read.codeowners import read_codeowners
from ghprov.github.read.logins import read_members_without_2fa, read_outside_collaborators
from ghprov.github.read.organization_facts import read_organization_facts
from ghprov.github.read.pat_grants import read_pat_grants
from ghprov.github.read.repository_facts import read_repository_facts
from ghprov.github.read.security_policy import has_security_policy
from ghprov.model.actions import ActionsSecret, Webhook, WorkflowPermissions
from ghprov.model.audit_log import AuditLogEvent
from ghprov.model.organization_facts import OrganizationFacts
from ghprov.model.pat_grants import PatGrant
from ghprov.model.repository_facts import RepositoryFacts

T = TypeVar("T")
R = TypeVar("R")
REFUSED = (403, 404, 410, 422)
OWNERS_ONLY = "organisation owners only"


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

    org_facts: Maybe[OrganizationFacts] = field(default_factory=OrganizationFacts)
    members_without_2fa: Maybe[list[str]] = field(default_factory=list)
    outside_collaborators: Maybe[list[str]] = field(default_factory=list)
    repository_facts: Maybe[dict[str, RepositoryFacts]] = field(default_factory=dict)
    pat_grants: Maybe[list[PatGrant]] = field(default_factory=list)
    codeowners: Maybe[dict[str, str | None]] = field(default_factory=dict)
    audit_events: Maybe[list[AuditLogEvent]] = field(default_factory=list)
    member_activity: Maybe[dict[str, str | None]] = field(default_factory=dict)
    actions: ActionsFacts = field(default_factory=ActionsFacts)


def _in_parallel(pool: ThreadPoolExecutor, work: Callable[[T], R], items: Iterable[T]) -> list[tuple[T, R]]:
    futures = [(item, pool.submit(work, item)) for item in items]
    return [(item, future.result()) for item, future in futures]


RepositoryActions = tuple[Maybe[WorkflowPermissions], Maybe[list[Webhook]], Maybe[list[ActionsSecret]]]


def read_actions(
    pool: ThreadPoolExecutor,
    client: GitHubClient,
    org: str,
    repositories: list[str],
    public: list[str],
    deep: bool,
) -> ActionsFacts:
    """Org-level Actions, webhook and secret settings; with ``deep`` also each repository's."""
    facts = ActionsFacts(
        permissions=guarded(
            "Actions permissions", OWNERS_ONLY, lambda: actions_read.read_actions_permissions(client, org)
        ),
        workflow=guarded(
            "workflow permissions", OWNERS_ONLY, lambda: actions_read.read_workflow_permissions(client, org)
        ),
        hooks=guarded("organisation webhooks", OWNERS_ONLY, lambda: actions_read.read_webhooks(client, org)),
        secrets=guarded(
            "organisation secrets", OWNERS_ONLY, lambda: actions_read.read_actions_secrets(client, org)
        ),
        runner_groups=guarded(
            "runner groups", OWNERS_ONLY, lambda: actions_read.read_runner_groups(client, org)
        ),
    )
    if not deep:
        reason = Skipped("Not read: repository Actions, webhooks, secrets and SECURITY.md need --deep")
        facts.repository_workflow = facts.repository_hooks = facts.repository_secrets = reason
        facts.security_policy = reason
        return facts

    def repo_read(repo: str) -> RepositoryActions:
        return (
            guarded(
                "workflow permissions",
                "admin",
                lambda: actions_read.read_workflow_permissions(client, org, repo),
            ),
            guarded("webhooks", "admin", lambda: actions_read.read_webhooks(client, org, repo)),
            guarded("secrets", "admin", lambda: actions_read.read_actions_secrets(client, org, repo)),
        )

    workflows: dict[str, WorkflowPermissions] = {}
    hooks: dict[str, list[Webhook]] = {}
    secrets: dict[str, list[ActionsSecret]] = {}
    for repo, (workflow, repo_hooks, repo_secrets) in _in_parallel(pool, repo_read, repositories):
        if not isinstance(workflow, Skipped):
            workflows[repo] = workflow
        if not isinstance(repo_hooks, Skipped):
            hooks[repo] = repo_hooks
        if not isinstance(repo_secrets, Skipped):
            secrets[repo] = repo_secrets
    facts.repository_workflow, facts.repository_hooks, facts.repository_secrets = workflows, hooks, secrets
    facts.security_policy = dict(
        _in_parallel(pool, lambda repo: has_security_policy(client, org, repo), public)
    )
    return facts


def read_extras(client: GitHubClient, org: str, *, deep: bool = False) -> ExtraReads:
    """Everything the audit reads beyond ``read_organization`` except the audit log.

    Independent of the live read (repositories come from the organisation's repository list), so
    it can run while ``read_organization`` does.
    """
    with ThreadPoolExecutor(max_workers=8) as pool:
        org_facts = pool.submit(
            guarded, "organisation settings", "owners", lambda: read_organization_facts(client, org)
        )
        without_2fa = pool.submit(
            guarded, "members without 2FA", OWNERS_ONLY, lambda: read_members_without_2fa(client, org)
        )
        outside = pool.submit(
            guarded, "outside collaborators", OWNERS_ONLY, lambda: read_outside_collaborators(client, org)
        )
        grants = pool.submit(
            guarded,
            "fine-grained PAT grants",
            "GitHub App authentication only",
            lambda: read_pat_grants(client, org),
        )
        codeowners = pool.submit(
            guarded, "CODEOWNERS files", "read access", lambda: read_codeowners(client, org)
        )
        read = ExtraReads()
        listed = guarded("repository list", "members", lambda: read_repository_facts(client, org))
        read.repository_facts = listed
        names = [] if isinstance(listed, Skipped) else sorted(listed)
        public = (
            []
            if isinstance(listed, Skipped)
            else sorted(n for n in names if listed[n].visibility == "public")
        )
        read.actions = read_actions(pool, client, org, names, public, deep)
        read.org_facts = org_facts.result()
        read.members_without_2fa = without_2fa.result()
        read.outside_collaborators = outside.result()
        read.pat_grants = grants.result()
        read.codeowners = codeowners.result()
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
            lambda: dict(_in_parallel(pool, lambda login: read_last_activity(client, org, login), members)),
        )
    if since is not None:
        read.audit_events = guarded(
            "the audit log", ghec, lambda: read_audit_log(client, org, event_phrase(since))
        )
    else:
        read.audit_events = Skipped("Not requested: pass --since DATE to export audit-log events")
