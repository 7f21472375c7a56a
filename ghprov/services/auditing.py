"""The audit use cases: export (live organisation → snapshot, findings, reports) and lint (config → findings).

Reads only: the GitHub client is built read-only, so an audit cannot change the organisation.
"""

from __future__ import annotations

import datetime
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ghprov.audit.checks import make_context, run_checks
from ghprov.audit.collaborators import direct_collaborators
from ghprov.audit.enterprise import AccessFacts
from ghprov.audit.events import since_phrase, to_jsonl
from ghprov.audit.exceptions import apply_exceptions, load_exceptions
from ghprov.audit.export import render_csv, render_json, render_markdown, render_sarif
from ghprov.audit.findings import Finding
from ghprov.audit.inputs import AuditInput, Maybe, SamlFacts, Skipped, from_live
from ghprov.audit.locate import ConfigLocator, LiveLocator
from ghprov.audit.profile import AuditProfile, load_profile
from ghprov.audit.reads import guarded, read_extras, read_history
from ghprov.audit.report import AuthInfo, Report, Snapshot, build_report, build_snapshot, new_run_id
from ghprov.audit.saml import read_saml
from ghprov.audit.tenants import TenantToken
from ghprov.config import LoadedConfig, load_config
from ghprov.errors import GhprovError
from ghprov.github.client import ClientStats, GitHubClient
from ghprov.github.flux_app import InstallationReach, organization_installations
from ghprov.github.read import read_organization
from ghprov.model import ENTERPRISE_PLANS, Organization
from ghprov.model.access import AccessMatrix
from ghprov.model.bypasses import bypasses
from ghprov.rotation.config import load_rotation_config
from ghprov.services.connection import github_endpoint
from ghprov.settings import Settings

FORMATS = ("json", "csv", "md", "sarif")
FILES = {"json": "findings.json", "csv": "findings.csv", "md": "report.md", "sarif": "findings.sarif"}


@dataclass
class AuditOptions:
    """What the user asked for; every path is optional."""

    out: Path | None = None
    formats: tuple[str, ...] = FORMATS
    since: datetime.date | None = None
    profile_path: Path | None = None
    exceptions_path: Path | None = None
    config_path: Path | None = None
    deep: bool = False
    today: datetime.date | None = None
    # The rotation file whose tenant tokens ORG-17 compares with the PAT grants (None: not compared).
    rotation_path: Path | None = None


@dataclass
class AuditResult:
    report: Report
    snapshot: Snapshot | None = None
    written: list[Path] = field(default_factory=list)
    stats: ClientStats | None = None
    # Who holds admin or a bypass where (the snapshot's rows; lint: the declared ones), for the
    # enterprise summary of several organisations.
    access: AccessFacts | None = None


def parse_formats(value: str) -> tuple[str, ...]:
    """``json,csv`` → ("json", "csv"); ``markdown`` is accepted for ``md``."""
    chosen = [part.strip().lower().replace("markdown", "md") for part in value.split(",") if part.strip()]
    unknown = sorted(set(chosen) - set(FORMATS))
    if unknown or not chosen:
        raise GhprovError(
            f"unknown output format(s): {', '.join(unknown) or '(none)'}",
            hint=f"choose from {', '.join(FORMATS)}",
        )
    return tuple(dict.fromkeys(chosen))


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _html_url(api_url: str) -> str:
    if api_url.rstrip("/") == "https://api.github.com":
        return "https://github.com"
    return api_url.rstrip("/").removesuffix("/api/v3")


def _evaluate(
    audit_input: AuditInput, profile: AuditProfile, options: AuditOptions
) -> tuple[list[Finding], AccessMatrix]:
    today = options.today or datetime.datetime.now(datetime.UTC).date()
    ctx = make_context(audit_input, profile, today)
    findings = run_checks(ctx)
    if options.exceptions_path is not None:
        findings = apply_exceptions(findings, load_exceptions(options.exceptions_path), today)
    return findings, ctx.matrix


def _write(out: Path, name: str, text: str, written: list[Path]) -> None:
    path = out / name
    path.write_text(text, encoding="utf-8")
    written.append(path)


def _write_reports(report: Report, options: AuditOptions, written: list[Path]) -> None:
    assert options.out is not None
    renderers = {"json": render_json, "csv": render_csv, "md": render_markdown, "sarif": render_sarif}
    for name in options.formats:
        _write(options.out, FILES[name], renderers[name](report), written)


def _prepare_out(out: Path | None) -> None:
    if out is None:
        return
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise GhprovError(f"cannot create the output directory {out}: {error.strerror}") from None


def load_tenants(path: Path | None, organization: str) -> Maybe[list[TenantToken]]:
    """The rotation file's tenant tokens, or why ORG-17 cannot compare grants with them."""
    if path is None:
        return Skipped("Unmet prerequisite: no rotation file (pass --rotation-config FILE)")
    config = load_rotation_config(path)
    if config.organization.lower() != organization.lower():
        return Skipped(
            f"Not applicable: the rotation file {path} is for organisation {config.organization}, "
            f"not {organization}"
        )
    return [
        TenantToken(
            tenant=name,
            bot=token.bot or "",
            repositories=dict(token.repositories),
            warn_days=token.expiry.warn_days,
            error_days=token.expiry.error_days,
            auth=token.auth,
            rotate_after_days=token.deploy_key.rotate_after / 86400,
            installation_id=token.github_app.installation_id if token.github_app else None,
        )
        for name, token in sorted(config.tokens.items())
    ]


def _app_installations(
    client: GitHubClient, organization: str, tenants: Maybe[list[TenantToken]]
) -> Maybe[dict[int, InstallationReach]]:
    """The App installations ORG-25 compares with `auth: github_app` tenants (read only if any)."""
    if isinstance(tenants, Skipped) or not any(tenant.auth == "github_app" for tenant in tenants):
        return Skipped("Not applicable: no `auth: github_app` tenant in the rotation file")
    return guarded(
        "the organisation's App installations",
        "organisation owners, with a user token for a selected installation's repositories",
        lambda: organization_installations(client, organization),
    )


def _saml(client: GitHubClient, organization: str, plan: str, app: bool) -> Maybe[SamlFacts]:
    # GitHub shows the plan to owners only: with an unknown plan, ask anyway (a refusal explains more).
    if plan and plan.lower() not in ENTERPRISE_PLANS:
        return Skipped("Unmet prerequisite: SAML SSO needs GitHub Enterprise Cloud")
    return guarded(
        "the SAML identity provider",
        "organisation owners and GitHub Apps only",
        lambda: read_saml(client, organization, app=app),
    )


def export_audit(
    settings: Settings, organization: str | None, options: AuditOptions, *, sandbox: bool = False
) -> AuditResult:
    """Read ``organization`` (read-only), run every check, write the snapshot and the chosen reports.

    ``organization`` defaults to the one ``options.config_path`` declares. With ``sandbox`` the
    organisation is read from an embedded emulator, seeded with the config's people when the config
    declares this organisation.
    """
    declared: Organization | None = None
    digest = ""
    if options.config_path is not None:
        loaded = load_config(options.config_path, secrets_readable=False)
        declared, digest = loaded.organization, loaded.digest
    organization = organization or (declared.organization if declared else None)
    if not organization:
        raise GhprovError("which organisation?", hint="pass --org NAME (or --config DIR)")
    return export_declared(settings, organization, declared, digest, options, sandbox=sandbox)


def export_declared(
    settings: Settings,
    organization: str,
    declared: Organization | None,
    digest: str,
    options: AuditOptions,
    *,
    sandbox: bool = False,
    progress: bool | None = None,
) -> AuditResult:
    """``export_audit`` with the declaration already loaded (``declared``: None when there is none).

    ``progress`` False keeps the reader's progress bars off (several organisations at once would
    interleave them; the caller prints one line per organisation instead).
    """
    seed = declared if declared is not None and declared.organization == organization else organization
    with github_endpoint(settings, sandbox=sandbox, organization=seed) as endpoint:
        return _export(endpoint, organization, declared, digest, options, progress)


def _export(
    settings: Settings,
    organization: str,
    declared: Organization | None,
    digest: str,
    options: AuditOptions,
    progress: bool | None,
) -> AuditResult:
    _prepare_out(options.out)
    profile = load_profile(options.profile_path).with_declared_bots(declared)
    tenants = load_tenants(options.rotation_path, organization)
    with (
        GitHubClient.from_settings(settings, read_only=True) as client,
        ThreadPoolExecutor(max_workers=1) as background,
    ):
        # The audit-only reads do not depend on the live read: overlap them with it.
        pending = background.submit(read_extras, client, organization, deep=options.deep)
        live = read_organization(client, organization, scope=declared, every_kind=True, progress=progress)
        extras = pending.result()
        members = live.state.members
        people = sorted({*(members.owners if members else ()), *(members.members if members else ())})
        enterprise = live.plan_name.lower() in ENTERPRISE_PLANS
        read_history(
            client,
            organization,
            extras,
            people,
            enterprise=enterprise,
            since=options.since,
            event_phrase=since_phrase,
        )
        saml = _saml(client, organization, live.plan_name, settings.uses_app)
        installations = _app_installations(client, organization, tenants)
        stats = client.stats
    audit_input = from_live(
        live,
        LiveLocator(organization, live.ids),
        declared=declared,
        bots=frozenset(profile.bots),
        html_url=_html_url(settings.api_url),
        org_facts=extras.org_facts,
        members_without_2fa=extras.members_without_2fa,
        outside_collaborators=extras.outside_collaborators,
        # Read with the live state (the collaborators kind, on the shared repository pages).
        direct_collaborators=direct_collaborators(live),
        repository_facts=extras.repository_facts,
        pat_grants=extras.pat_grants,
        audit_events=extras.audit_events,
        member_activity=extras.member_activity,
        actions=extras.actions,
        saml=saml,
        codeowners=extras.codeowners,
        tenants=tenants,
        app_installations=installations,
    )
    findings, matrix = _evaluate(audit_input, profile, options)
    run_id, generated_at = new_run_id(), _now()
    events = extras.audit_events
    jsonl = None
    if options.since is not None and not isinstance(events, Skipped):
        jsonl = to_jsonl(events, since_phrase(options.since), generated_at)
    count = None if jsonl is None else jsonl.count("\n")
    snapshot = build_snapshot(audit_input, matrix, run_id, generated_at, count)
    report = build_report(
        audit_input,
        profile,
        findings,
        run_id=run_id,
        generated_at=generated_at,
        auth=AuthInfo(kind="app" if settings.uses_app else "token", viewer=live.viewer),
        config_digest=digest,
    )
    access = AccessFacts.of(audit_input.organization, profile, snapshot.access, snapshot.bypasses)
    result = AuditResult(report=report, snapshot=snapshot, stats=stats, access=access)
    if options.out is not None:
        _write(options.out, "snapshot.json", snapshot.model_dump_json(indent=2) + "\n", result.written)
        _write_reports(report, options, result.written)
        if jsonl is not None:
            _write(options.out, "audit-log.jsonl", jsonl, result.written)
    return result


def lint_config(config_path: Path, options: AuditOptions) -> AuditResult:
    """Run the same checks on the desired configuration, before anything is applied."""
    _prepare_out(options.out)
    return lint_loaded(load_config(config_path, secrets_readable=False), options)


def lint_loaded(loaded: LoadedConfig, options: AuditOptions) -> AuditResult:
    """``lint_config`` of a configuration already loaded."""
    _prepare_out(options.out)
    declared = loaded.organization
    profile = load_profile(options.profile_path).with_declared_bots(declared)
    not_in_config = Skipped("Not expressible in the config")
    audit_input = AuditInput(
        mode="config",
        organization=declared,
        locator=ConfigLocator(loaded.source_map),
        bots=frozenset(profile.bots),
        org_facts=not_in_config,
        members_without_2fa=not_in_config,
        outside_collaborators=not_in_config,
        direct_collaborators={},
        repository_facts=not_in_config,
        pat_grants=not_in_config,
        audit_events=not_in_config,
        member_activity=not_in_config,
        codeowners=Skipped("Not expressible in the config: repository files are not declared"),
    )
    findings, matrix = _evaluate(audit_input, profile, options)
    report = build_report(
        audit_input,
        profile,
        findings,
        run_id=new_run_id(),
        generated_at=_now(),
        auth=AuthInfo(kind="none"),
        config_digest=loaded.digest,
    )
    declared_bypasses = [granted.as_record() for granted in bypasses(declared)]
    result = AuditResult(
        report=report, access=AccessFacts.of(declared, profile, matrix.as_records(), declared_bypasses)
    )
    if options.out is not None:
        _write_reports(report, options, result.written)
    return result
