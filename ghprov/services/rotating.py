"""Use cases ``rotate`` and ``tokens check``: wire the rotation config, GitHub and the clusters together."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import getpass
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog
from pydantic import SecretStr

from ghprov.errors import GhprovError
from ghprov.github.client import GitHubClient
from ghprov.github.read.tokens import token_identity
from ghprov.k8s.connect import ClusterAccess, connect
from ghprov.k8s.errors import KubernetesError
from ghprov.k8s.readonly import read_only
from ghprov.k8s.secrets import read_secret
from ghprov.rotation.audit import AuditSink, RunContext, audit_record
from ghprov.rotation.check import TenantCheck, check_tenant, list_org_tokens
from ghprov.rotation.check_modes import check_app, check_deploy_key
from ghprov.rotation.cluster import ClusterOptions, Connector
from ghprov.rotation.config import Auth, RotationConfig, TokenConfig, load_rotation_config
from ghprov.rotation.credentials import PatCredential
from ghprov.rotation.errors import RotationLocked, TokenVerificationFailed
from ghprov.rotation.expiry import Level, days_left
from ghprov.rotation.modes import AdminFactory, prepare_side
from ghprov.rotation.orchestrate import RotationJob, run_rotation
from ghprov.rotation.report import RotationReport
from ghprov.rotation.results import ClusterResult
from ghprov.rotation.secret_shape import live_fingerprint
from ghprov.rotation.ssh_host import resolve_ssh_host
from ghprov.rotation.verify import ClientFactory, client_factory, verify_token
from ghprov.settings import Settings, fingerprint

log = structlog.get_logger("ghprov.rotation")
Clock = Callable[[], datetime.datetime]


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


@dataclass(frozen=True)
class RotateRequest:
    """What ``ghprov rotate`` was asked to do."""

    config_path: Path
    tenant: str
    token: SecretStr | None  # auth: pat only; deploy keys are generated, App keys come as app_key
    dry_run: bool = False
    rollback: bool = False
    if_expiring_within: float | None = None  # seconds
    options: ClusterOptions = field(default_factory=ClusterOptions)
    # Deploy keys: replace the key now even when it is not due.
    force: bool = False
    # Move a PAT tenant to this mode (the new credential is written beside the PAT).
    migrate_to: Auth | None = None
    # github_app: a new App private key (key rotation); None keeps the key the clusters hold.
    app_key: SecretStr | None = None


@dataclass(frozen=True)
class NotDue:
    """``--if-expiring-within``: the current token is fine, so nothing was done."""

    tenant: str
    fingerprint: str
    days_left: float | None
    reason: str


def cluster_accesses(config: RotationConfig) -> dict[str, ClusterAccess]:
    """The k8s layer's view of the configured clusters."""
    return {
        name: ClusterAccess(name, cluster.context, cluster.kubeconfig, cluster.in_cluster)
        for name, cluster in config.clusters.items()
    }


def caching_connector(base: Connector = connect) -> Connector:
    """One client per cluster for the whole run (connections are reused)."""
    clients: dict[ClusterAccess, Any] = {}

    def get(access: ClusterAccess) -> Any:
        if access not in clients:
            clients[access] = base(access)
        return clients[access]

    return get


def migration_target(text: str | None) -> Auth | None:
    """``--migrate-to``'s value as a mode (``deploy-key`` is accepted for ``deploy_key``)."""
    if text is None:
        return None
    value = text.replace("-", "_")
    if value == "deploy_key":
        return "deploy_key"
    if value == "github_app":
        return "github_app"
    raise GhprovError(f"--migrate-to {text}: expected deploy_key or github_app")


def admin_factory(settings: Settings) -> AdminFactory:
    """ghprov's own GitHub credential (token or App) for deploy keys; no credential for App checks.

    An App rotation asks GitHub with the App key being rotated (its JWT, then an installation
    token), so its client sends only what each request brings; minting needs a POST.
    """

    def build(read_only: bool) -> GitHubClient:
        return GitHubClient.from_settings(settings, read_only=read_only)

    return build


def bare_factory(settings: Settings) -> AdminFactory:
    """A client without a credential of its own (the App mode signs each request itself)."""

    def build(read_only: bool) -> GitHubClient:
        return GitHubClient(
            None,
            api_url=settings.api_url,
            api_version=settings.api_version,
            request_timeout=settings.request_timeout,
            write_interval_seconds=0.0,
        )

    return build


def rotate(
    request: RotateRequest,
    settings: Settings,
    *,
    connector: Connector | None = None,
    build_client: ClientFactory | None = None,
    github_admin: AdminFactory | None = None,
    clock: Clock = _now,
    audit: AuditSink | None = None,
) -> RotationReport | NotDue:
    """Verify the token, then rotate it onto every cluster of the tenant; never raises for a cluster.

    Every run hands ``audit`` exactly one record, also the runs that end in an error (a refused
    token, another run's lock, an unreadable rotation file): the error is recorded, then raised.
    """
    mode = "dry-run" if request.dry_run else "rollback" if request.rollback else "rotate"
    run = RunContext(
        tenant=request.tenant,
        mode=mode,
        correlation_id=str(uuid.uuid4()),
        actor=_actor(),
        new_fingerprint=fingerprint(request.token) if request.token is not None else "",
        started_at=clock(),
    )
    record = audit or (lambda _: None)
    progress = _Progress(run)
    github = _GitHub(
        build_client or client_factory(settings),
        github_admin or admin_factory(settings),
        bare_factory(settings),
        settings.api_url,
    )
    try:
        outcome = _rotate(request, progress, connector, github, clock)
    except BaseException as error:
        failed = dataclasses.replace(progress.run, tenant=_tenant_name(request))
        record(_failure_record(error, failed, clock()))
        raise
    if isinstance(outcome, NotDue):
        record(
            audit_record(
                dataclasses.replace(run, tenant=outcome.tenant),
                outcome="not-due",
                finished_at=clock(),
                reason=outcome.reason,
            )
        )
    else:
        record(outcome.audit_record())
    return outcome


def _actor() -> str:
    """Who runs the rotation: ``$GHPROV_ACTOR`` (a CI job sets it), else the login name."""
    try:
        return os.environ.get("GHPROV_ACTOR") or getpass.getuser()
    except (OSError, KeyError):  # no login name, e.g. a container user without a passwd entry
        return "unknown"


def _tenant_name(request: RotateRequest) -> str:
    """The tenant's key in the rotation file (``apps`` → ``flux-apps``), or as asked when unreadable."""
    try:
        return load_rotation_config(request.config_path).tenant(request.tenant)[0]
    except GhprovError:
        return request.tenant


def _failure_record(error: BaseException, run: RunContext, finished: datetime.datetime) -> dict[str, Any]:
    """The audit line of a run that ended in an error, in ghprov's words (never an exception's text)."""
    outcome, rows, finding = "error", [], None
    if isinstance(error, TokenVerificationFailed):
        outcome, reason, finding = "refused", "; ".join(error.problems), error.finding
    elif isinstance(error, RotationLocked):
        outcome, reason, rows = "locked", error.message, error.rows
    elif isinstance(error, GhprovError):
        reason = error.message
    elif isinstance(error, KeyboardInterrupt):
        reason = "interrupted"
    else:
        reason = f"internal error ({type(error).__name__})"
    return audit_record(run, outcome=outcome, finished_at=finished, rows=rows, reason=reason, finding=finding)


@dataclass
class _Progress:
    """The run as known so far: a deploy key's fingerprint is known only once it is chosen."""

    run: RunContext


@dataclass(frozen=True)
class _GitHub:
    """GitHub clients: one for the new token (PAT), one with ghprov's own credential."""

    for_token: ClientFactory
    admin: AdminFactory
    bare: AdminFactory
    api_url: str  # deploy keys: the SSH host known_hosts names is derived from it


def _rotate(
    request: RotateRequest,
    progress: _Progress,
    connector: Connector | None,
    github: _GitHub,
    clock: Clock,
) -> RotationReport | NotDue:
    run = progress.run
    config = load_rotation_config(request.config_path)
    name, tenant = config.tenant(request.tenant)
    tenant = _in_mode(name, tenant, request)
    progress.run = run = dataclasses.replace(run, tenant=name)
    accesses = cluster_accesses(config)
    connect_to = connector or caching_connector()
    if request.dry_run:
        connect_to = read_only(connect_to)
    options = ClusterOptions(
        confirm_timeout=tenant.confirm_timeout,
        poll_interval=request.options.poll_interval,
        max_attempts=request.options.max_attempts,
        before_write=request.options.before_write,
        clock=clock,
        migrating=request.migrate_to is not None,
    )
    if tenant.auth != "pat":
        with contextlib.ExitStack() as stack:
            factory = github.admin if tenant.auth == "deploy_key" else github.bare
            admin = stack.enter_context(factory(request.dry_run))
            side = prepare_side(
                name,
                tenant,
                config.organization,
                accesses,
                connect_to,
                admin,
                request,
                clock(),
                lambda: resolve_ssh_host(github.api_url, config.ssh_endpoint),
            )
            progress.run = run = dataclasses.replace(run, new_fingerprint=side.fingerprint)
            job = RotationJob(name, tenant, accesses, side.credential, config.lease_namespace)
            rows = run_rotation(
                job,
                connect_to,
                options,
                dry_run=request.dry_run,
                before_writes=lambda: side.before_writes(admin, clock()),
            )
            if not request.dry_run:
                side.after(admin, all(row.status.done for row in rows), rows)
            return _report(run, tenant, rows, clock, credential=side.summary(rows))
    token = request.token
    if token is None:
        raise GhprovError("auth: pat needs the new token", hint="pass --token-from env:VAR|file:PATH|stdin")
    started = run.started_at
    if request.if_expiring_within is not None:
        due, reason, current, left = _rotation_due(
            tenant, accesses, connect_to, github.for_token, request.if_expiring_within, started
        )
        if not due:
            return NotDue(name, current or "-", left, reason)
        log.warning("rotation.due", tenant=name, reason=reason, correlation_id=run.correlation_id)
    minimum = None if request.rollback else float(tenant.expiry.minimum)
    verified = verify_token(
        token, tenant, config.organization, github.for_token, now=started, minimum_days=minimum
    )
    job = RotationJob(name, tenant, accesses, PatCredential(token), config.lease_namespace)
    rows = run_rotation(job, connect_to, options, dry_run=request.dry_run)
    return _report(
        run,
        tenant,
        rows,
        clock,
        token_login=verified.login,
        token_expires_at=verified.expires_at,
        warnings=verified.warnings,
    )


def _in_mode(name: str, tenant: TokenConfig, request: RotateRequest) -> TokenConfig:
    """The tenant as this run treats it: ``--migrate-to`` moves a PAT tenant to another mode."""
    target = request.migrate_to
    if target is None:
        if tenant.auth != "pat" and request.token is not None:
            raise GhprovError(
                f"{name} uses auth: {tenant.auth}; --token-from is for auth: pat",
                hint="deploy keys are generated by ghprov; an App key comes with --app-key-from",
            )
        if tenant.auth != "pat" and request.if_expiring_within is not None:
            raise GhprovError(
                f"--if-expiring-within is for auth: pat; {name} uses {tenant.auth}",
                hint="deploy keys are replaced after deploy_key.rotate_after; App keys never expire",
            )
        if tenant.auth != "pat" and request.rollback:
            raise GhprovError(
                f"--rollback is for auth: pat; {name} uses {tenant.auth}",
                hint="a failed deploy-key or App run leaves the old credential working; rerun to finish",
            )
        return tenant
    if target == "pat" or tenant.auth not in ("pat", target):
        raise GhprovError(
            f"--migrate-to {target}: {name} uses auth: {tenant.auth}",
            hint="migration moves a PAT tenant to deploy_key or github_app",
        )
    return tenant.model_copy(update={"auth": target})


def _report(
    run: RunContext,
    tenant: TokenConfig,
    rows: list[ClusterResult],
    clock: Clock,
    **extra: Any,
) -> RotationReport:
    report = RotationReport(
        **dataclasses.asdict(run),
        finished_at=clock(),
        clusters=rows,
        grace_seconds=max((row.flux_interval_seconds for row in rows), default=0.0) + tenant.confirm_timeout,
        **extra,
    )
    log.info(
        "rotation.finished",
        tenant=run.tenant,
        fingerprint=run.new_fingerprint,
        confirmed=report.confirmed,
        correlation_id=run.correlation_id,
    )
    return report


def _rotation_due(
    tenant: TokenConfig,
    accesses: dict[str, ClusterAccess],
    connector: Connector,
    github: ClientFactory,
    within_seconds: float,
    now: datetime.datetime,
) -> tuple[bool, str, str | None, float | None]:
    """Whether the unattended job should rotate now, why, the current fingerprint and its days left."""
    labels: dict[str, str | None] = {}
    current: SecretStr | None = None
    for cluster in tenant.clusters:
        try:
            secret = read_secret(
                connector(accesses[cluster]), cluster, tenant.secret.namespace, tenant.secret.name
            )
        except KubernetesError as error:
            return True, f"cannot read the current token: {error.message}", None, None
        labels[cluster] = live_fingerprint(secret)
        if secret is not None and current is None and secret.data.get("password"):
            current = SecretStr(secret.data["password"].decode(errors="replace"))
    if current is None or len(set(labels.values())) != 1:
        return True, "clusters do not all hold the same token", None, None
    label = fingerprint(current)
    try:
        with github(current) as client:
            expires_at = token_identity(client).expires_at
    except GhprovError as error:  # a rejected current token is exactly when rotating is due
        return True, f"the current token {label} does not work: {error.message}", label, None
    left = days_left(expires_at, now)
    if left is None or left * 86400 > within_seconds:
        days = "never" if left is None else f"in {left:.1f} days"
        return False, f"the current token {label} expires {days}", label, left
    return True, f"the current token {label} expires in {left:.1f} days", label, left


@dataclass
class TokensCheck:
    """``tokens check``'s result: one verdict per tenant, plus the org's PATs with App auth."""

    tenants: list[TenantCheck]
    org_tokens: list[dict[str, Any]] | None = None

    @property
    def level(self) -> Level:
        levels = [t.level for t in self.tenants]
        levels += [Level[row["level"].upper()] for row in self.org_tokens or []]
        return max(levels, default=Level.OK)

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level.name.lower(),
            "tenants": [t.as_dict() for t in self.tenants],
            "organization_tokens": self.org_tokens,
        }


def check_tokens(
    config_path: Path,
    settings: Settings,
    *,
    connector: Connector | None = None,
    build_client: ClientFactory | None = None,
    github_admin: AdminFactory | None = None,
    clock: Clock = _now,
) -> TokensCheck:
    """Check every tenant's credential on every cluster, and at GitHub (expiry, key, installation)."""
    config = load_rotation_config(config_path)
    accesses = cluster_accesses(config)
    # Checking only reads: the clients refuse any write (see ghprov.k8s.readonly).
    connect_to = read_only(connector or caching_connector())
    github = build_client or client_factory(settings)
    now = clock()
    admin = github_admin or admin_factory(settings)
    tenants = []
    for name, tenant in config.tokens.items():
        if tenant.auth == "deploy_key":
            host = resolve_ssh_host(settings.api_url, config.ssh_endpoint)
            organization = config.organization
            tenants.append(
                check_deploy_key(name, tenant, organization, accesses, connect_to, admin, now, host)
            )
        elif tenant.auth == "github_app":
            bare = bare_factory(settings)
            tenants.append(check_app(name, tenant, config.organization, accesses, connect_to, bare))
        else:
            tenants.append(check_tenant(name, tenant, accesses, connect_to, github, now))
    org_tokens = None
    if settings.uses_app:
        with GitHubClient.from_settings(settings, read_only=True) as client:
            org_tokens = list_org_tokens(client, config, now)
    return TokensCheck(tenants, org_tokens)
