"""Audit-log events of this domain (branch protection, rulesets, teams, membership, roles, repositories,
tokens, secrets, security features, webhooks) as JSON Lines, GitHub's keys unchanged.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable

from ghprov.model.audit_log import AuditLogEvent

# Action prefixes ("category." or exact actions) of the B4 allowlist.
DOMAIN_PREFIXES: tuple[str, ...] = (
    "protected_branch.",
    "required_status_check.",
    "repository_branch_protection_evaluation.",
    "repository_ruleset.",
    "team.",
    "team_sync_tenant.",
    "team_group_mapping.",
    "org.",
    "organization_role.",
    "role.",
    "repo.",
    "repository_invitation.",
    "repository_visibility_change.",
    "private_repository_forking.",
    "personal_access_token.",
    "auto_approve_personal_access_token_requests.",
    "org_credential_authorization.",
    "public_key.",
    "oauth_application.",
    "integration_installation.",
    "secret_scanning",
    "repository_secret_scanning",
    "dependabot_alerts",
    "repository_vulnerability_alerts.",
    "hook.",
)


def in_domain(action: str) -> bool:
    """Is this audit-log action one the audit exports?"""
    return any(action.startswith(prefix) for prefix in DOMAIN_PREFIXES)


def since_phrase(since: datetime.date) -> str:
    """The audit-log search phrase for every event since ``since``."""
    return f"created:>={since.isoformat()}"


def to_jsonl(events: Iterable[AuditLogEvent], query: str, fetched_at: str) -> str:
    """Domain events as JSON Lines: GitHub's record plus ``_source``, ``_fetched_at`` and ``_query``."""
    lines = []
    for event in events:
        if not in_domain(event.action):
            continue
        record = {**event.record, "_source": "github_audit_log", "_fetched_at": fetched_at, "_query": query}
        lines.append(json.dumps(record, sort_keys=True))
    return "\n".join(lines) + ("\n" if lines else "")
