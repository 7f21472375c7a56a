"""The organisation's audit log (``GET /orgs/{org}/audit-log``, GitHub Enterprise Cloud only)."""

from __future__ import annotations

import datetime
from typing import Any

from ghprov.github.client import GitHubClient
from ghprov.model.audit_log import AuditLogEvent


def _at(record: dict[str, Any]) -> str | None:
    # ``@timestamp`` is milliseconds since the epoch; older events carry ``created_at`` instead.
    stamp = record.get("@timestamp") or record.get("created_at")
    if isinstance(stamp, int | float):
        return datetime.datetime.fromtimestamp(stamp / 1000, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(stamp) if stamp else None


def _event(record: dict[str, Any]) -> AuditLogEvent:
    return AuditLogEvent(action=str(record.get("action") or ""), at=_at(record), record=record)


def read_audit_log(
    client: GitHubClient, org: str, phrase: str, *, limit: int | None = None
) -> list[AuditLogEvent]:
    """Events matching the search ``phrase``, newest first; with ``limit``, one page of that many."""
    params = {"phrase": phrase, "include": "all", "order": "desc"}
    path = f"/orgs/{org}/audit-log"
    if limit is not None:
        params["per_page"] = str(limit)
        response = client.request("GET", path, params=params)
        records = response.json if isinstance(response.json, list) else []
        return [_event(record) for record in records if isinstance(record, dict)][:limit]
    return [_event(record) for record in client.paginate(path, params) if isinstance(record, dict)]


def read_last_activity(client: GitHubClient, org: str, login: str) -> str | None:
    """When ``login`` last did anything the audit log records (None: nothing in the retention window)."""
    events = read_audit_log(client, org, f"actor:{login}", limit=1)
    return events[0].at if events else None
