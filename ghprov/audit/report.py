"""The audit report: findings plus the snapshot they were computed from, under a versioned JSON schema.

``SCHEMA_VERSION`` changes its major number when a field is removed or changes meaning, its minor
number when a field is added; ``ghprov audit schema`` prints the JSON Schema of both documents.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ghprov import __version__
from ghprov.audit.findings import Finding, Severity, Status
from ghprov.audit.inputs import AuditInput, Skipped
from ghprov.audit.profile import AuditProfile
from ghprov.model.access import AccessMatrix
from ghprov.model.actions import Webhook
from ghprov.model.bypasses import bypasses

SCHEMA_VERSION = "1.2"


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Tool(Document):
    name: str = "ghprov"
    version: str = __version__


class OrganizationInfo(Document):
    login: str
    plan: str
    is_enterprise: bool


class AuthInfo(Document):
    """How the audit authenticated: the kind and identity only, never a credential."""

    kind: str  # app | token | none (lint)
    viewer: str = ""


class Summary(Document):
    total: int
    by_status: dict[str, int]
    failed_by_severity: dict[str, int]


class Snapshot(Document):
    """Who can do what: the organisation as read, with the effective access matrix."""

    schema_version: str = SCHEMA_VERSION
    run_id: str
    generated_at: str
    organization: OrganizationInfo
    settings: dict[str, Any]
    owners: list[str]
    members: list[str]
    members_without_2fa: list[str] | dict[str, str]
    outside_collaborators: list[str] | dict[str, str]
    teams: dict[str, Any]
    repositories: dict[str, Any]
    organization_rulesets: dict[str, Any]
    custom_roles: dict[str, Any]
    access: list[dict[str, Any]]
    # Who may get around each protection and ruleset, by path (review, force-push, protection, ruleset).
    bypasses: list[dict[str, Any]]
    personal_access_tokens: list[dict[str, Any]] | dict[str, str]
    actions: dict[str, Any]
    audit_log: dict[str, Any]
    unknowns: list[dict[str, str]]


class Report(Document):
    """The findings document (findings.json); CSV, Markdown and SARIF are views of it."""

    schema_version: str = SCHEMA_VERSION
    run_id: str
    generated_at: str
    tool: Tool = Field(default_factory=Tool)
    mode: str
    config_digest: str = ""
    organization: OrganizationInfo
    auth: AuthInfo
    profile: dict[str, Any]
    summary: Summary
    findings: list[Finding]


def summarise(findings: list[Finding]) -> Summary:
    by_status = {status.value: 0 for status in Status}
    failed = {severity.value: 0 for severity in Severity}
    for found in findings:
        by_status[found.status.value] += 1
        if found.status is Status.FAILED:
            failed[found.severity.value] += 1
    return Summary(total=len(findings), by_status=by_status, failed_by_severity=failed)


def new_run_id() -> str:
    return uuid.uuid4().hex


def _dumped(value: Any) -> Any:
    """A read value as JSON-ready data, or its skip reason.

    Dataclasses become their fields without the ones GitHub did not send (None), so the snapshot
    shows what GitHub answered and nothing the types merely have room for.
    """
    if isinstance(value, Skipped):
        return {"skipped": value.reason}
    if isinstance(value, list):
        return [_dumped(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {key: item for key, item in dataclasses.asdict(value).items() if item is not None}
    return value


def _hook(hook: Webhook) -> dict[str, Any]:
    # The webhook's secret is never read: only whether one is set.
    return {
        "id": hook.id,
        "url": hook.url,
        "insecure_ssl": hook.insecure_ssl,
        "has_secret": hook.has_secret,
        "active": hook.active,
        "events": list(hook.events),
    }


def _actions(audit_input: AuditInput) -> dict[str, Any]:
    facts = audit_input.actions
    hooks = facts.hooks
    return {
        "permissions": _dumped(facts.permissions),
        "workflow": _dumped(facts.workflow),
        "hooks": _dumped(hooks) if isinstance(hooks, Skipped) else [_hook(h) for h in hooks],
        "secrets": _dumped(facts.secrets),
        "runner_groups": _dumped(facts.runner_groups),
    }


def build_snapshot(
    audit_input: AuditInput, matrix: AccessMatrix, run_id: str, generated_at: str, event_count: int | None
) -> Snapshot:
    """The snapshot of ``audit_input`` (model values dumped as JSON, bypass actors by name)."""
    organization = audit_input.organization
    members = organization.members
    settings = (
        organization.settings.model_dump(mode="json", exclude_none=True) if organization.settings else {}
    )
    facts = audit_input.org_facts
    if not isinstance(facts, Skipped):
        settings.update(facts.shown_values())
    grants = audit_input.pat_grants
    events = audit_input.audit_events
    audit_log: dict[str, Any] = (
        {"skipped": events.reason}
        if isinstance(events, Skipped)
        else {"events": event_count or 0, "file": "audit-log.jsonl"}
        if event_count is not None
        else {"skipped": "Not requested: pass --since DATE to export audit-log events"}
    )
    return Snapshot(
        run_id=run_id,
        generated_at=generated_at,
        organization=OrganizationInfo(
            login=audit_input.login, plan=audit_input.plan, is_enterprise=audit_input.is_enterprise
        ),
        settings=settings,
        owners=list(members.owners) if members else [],
        members=list(members.members) if members else [],
        members_without_2fa=_dumped(audit_input.members_without_2fa),
        outside_collaborators=_dumped(audit_input.outside_collaborators),
        teams={
            name: team.model_dump(mode="json", exclude={"previously"})
            for name, team in sorted(organization.teams.items())
        },
        repositories={
            name: repo.model_dump(mode="json", exclude_none=True, exclude={"previously"})
            for name, repo in sorted(organization.repositories.items())
        },
        organization_rulesets={
            name: rs.model_dump(mode="json", exclude_none=True)
            for name, rs in sorted(organization.rulesets.items())
        },
        custom_roles={
            name: role.model_dump(mode="json") for name, role in sorted(organization.custom_roles.items())
        },
        access=matrix.as_records(),
        bypasses=[granted.as_record() for granted in bypasses(organization)],
        personal_access_tokens=_dumped(grants)
        if isinstance(grants, Skipped)
        else [
            {
                "owner": g.owner,
                "token_id": g.token_id,
                "token_name": g.token_name,
                "token_expired": g.token_expired,
                "token_expires_at": g.token_expires_at,
                "token_last_used_at": g.token_last_used_at,
                "access_granted_at": g.access_granted_at,
                "repository_selection": g.repository_selection,
                "permissions": g.permissions,
                "repositories": None if g.repositories is None else list(g.repositories),
            }
            for g in grants
        ],
        actions=_actions(audit_input),
        audit_log=audit_log,
        unknowns=[{"path": u.path, "reason": u.reason} for u in audit_input.unknowns],
    )


def build_report(
    audit_input: AuditInput,
    profile: AuditProfile,
    findings: list[Finding],
    *,
    run_id: str,
    generated_at: str,
    auth: AuthInfo,
    config_digest: str = "",
) -> Report:
    return Report(
        run_id=run_id,
        generated_at=generated_at,
        mode=audit_input.mode,
        config_digest=config_digest,
        organization=OrganizationInfo(
            login=audit_input.login, plan=audit_input.plan, is_enterprise=audit_input.is_enterprise
        ),
        auth=auth,
        profile=profile.model_dump(mode="json"),
        summary=summarise(findings),
        findings=findings,
    )
