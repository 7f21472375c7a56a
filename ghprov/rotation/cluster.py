"""One cluster's part of a rotation: write the Secret in place, then Flux confirms (R1, R2, R4, R7)."""

from __future__ import annotations

import contextlib
import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from lightkube import Client

from ghprov.errors import GhprovError
from ghprov.k8s.connect import ClusterAccess
from ghprov.k8s.errors import ErrorClass, KubernetesError
from ghprov.k8s.flux import FluxRef, FluxStatus, read_flux_status, request_reconcile
from ghprov.k8s.secrets import SecretObject, create_secret, read_secret, update_secret
from ghprov.rotation.config import TokenConfig
from ghprov.rotation.credentials import Credential, DeployKeyCredential, holds
from ghprov.rotation.durations import parse_duration
from ghprov.rotation.results import ClusterResult, Status
from ghprov.rotation.secret_shape import (
    ROTATED_AT_ANNOTATION,
    desired_secret,
    live_fingerprint,
    parse_stamp,
    stamp,
)
from ghprov.rotation.transport import transport_problem

Connector = Callable[[ClusterAccess], Client]
# Called with (cluster name, Secret about to be replaced) just before each write: tests use it to
# play a concurrent writer, operators could use it for extra logging.
BeforeWrite = Callable[[str, SecretObject | None], None]


@dataclass(frozen=True)
class ClusterOptions:
    """Knobs shared by every cluster of one run."""

    confirm_timeout: float = 120.0
    poll_interval: float = 0.1
    max_attempts: int = 5
    # ``--migrate-to``: a GitRepository still on the old transport (e.g. https with the PAT) is
    # allowed; the new credential is written beside the old one and the row lists the source.
    migrating: bool = False
    before_write: BeforeWrite | None = None
    clock: Callable[[], datetime.datetime] = field(default=lambda: datetime.datetime.now(datetime.UTC))


class ClusterRotation:
    """Puts one token into one cluster's Secret and confirms it; every failure becomes the result row."""

    def __init__(
        self,
        access: ClusterAccess,
        tenant: TokenConfig,
        credential: Credential,
        connector: Connector,
        options: ClusterOptions,
    ) -> None:
        self.access = access
        self.tenant = tenant
        self.credential = credential
        self.target = credential.fingerprint
        self.connector = connector
        self.options = options
        self.result = ClusterResult(
            access.name, access.describe(), canary=access.name == tenant.canary_cluster
        )
        self._client: Client | None = None

    @property
    def name(self) -> str:
        return self.access.name

    def client(self) -> Client:
        if self._client is None:
            self._client = self.connector(self.access)
        return self._client

    # -- read only ---------------------------------------------------------------------------------

    def inspect(self) -> ClusterResult:
        """Read-only: what a rotation would do here (``planned``), or ``unchanged`` when nothing is needed.

        Every reconcile target is read too, so a missing Flux object or CRD (or a Role without ``get``
        on it) fails this cluster here, before any Secret is written anywhere.
        """
        result = ClusterResult(self.name, self.access.describe(), canary=self.result.canary)
        started = time.monotonic()
        try:
            secret = self._read()
            result.fingerprint_before = self._fingerprint(secret)
            result.resource_version_before = secret.resource_version if secret else None
            result.uid = secret.uid if secret else None
            if secret is not None and secret.immutable:
                return result.fail(Status.FAILED, ErrorClass.INVALID, _IMMUTABLE)
            statuses = self._target_statuses()
            self._check_transport(result, statuses)
            if result.status is Status.FAILED:
                return result
            if not self._holds(secret):
                result.action = "update" if secret else "create"
                result.status = Status.PLANNED
            elif self._confirmed_at_rest(secret, statuses):
                result.status = Status.UNCHANGED
            else:
                result.action, result.status = "reconcile", Status.PLANNED
        except KubernetesError as error:
            result.fail(Status.FAILED, error.error_class, error.detail)
        finally:
            result.seconds = time.monotonic() - started
        return result

    def adopt(self, look: ClusterResult) -> None:
        """Start the run's row from what the look read, so a row that never gets further keeps it."""
        self.result.fingerprint_before = look.fingerprint_before
        self.result.resource_version_before = look.resource_version_before
        self.result.uid = look.uid
        self.result.old_transport = look.old_transport

    def _check_transport(self, result: ClusterResult, statuses: list[FluxStatus]) -> None:
        """A GitRepository that would not use the new credential fails the look (unless migrating)."""
        refs = self.tenant.reconcile_on(self.name)
        host = self.credential.ssh_host if isinstance(self.credential, DeployKeyCredential) else None
        problems = [
            problem
            for ref, status in zip(refs, statuses, strict=True)
            if (problem := transport_problem(self.credential.auth, ref, status, host)) is not None
        ]
        if not problems:
            return
        if self.options.migrating:
            result.old_transport = problems
            return
        result.fail(
            Status.FAILED,
            ErrorClass.INVALID,
            "; ".join(problems) + f" (change it in Git, or use --migrate-to {self.credential.auth})",
        )

    def _target_statuses(self) -> list[FluxStatus]:
        return [
            read_flux_status(self.client(), self.name, ref) for ref in self.tenant.reconcile_on(self.name)
        ]

    # -- the rotation ------------------------------------------------------------------------------

    def run(self) -> ClusterResult:
        """Write (if needed), read back, wait for clones, request a reconcile and wait for it."""
        started = time.monotonic()
        try:
            written = self._write()
            if written is not None:
                self._confirm(written)
        except KubernetesError as error:
            status = Status.WRITTEN if self.result.fingerprint_after == self.target else Status.FAILED
            self.result.fail(status, error.error_class, error.detail)
        finally:
            self.result.seconds = time.monotonic() - started
        return self.result

    def _fingerprint(self, secret: SecretObject | None) -> str | None:
        return live_fingerprint(secret, self.credential.auth)

    def _holds(self, secret: SecretObject | None) -> bool:
        return holds(secret, self.credential, self.tenant.secret)

    def _read(self) -> SecretObject | None:
        config = self.tenant.secret
        return read_secret(self.client(), self.name, config.namespace, config.name)

    def _write(self) -> SecretObject | None:
        result = self.result
        while True:
            result.attempts += 1
            current = self._read()
            if result.attempts == 1:
                result.fingerprint_before = self._fingerprint(current)
                result.resource_version_before = current.resource_version if current else None
                result.uid = current.uid if current else None
            if current is not None and current.immutable:
                result.fail(Status.FAILED, ErrorClass.INVALID, _IMMUTABLE)
                return None
            if self._holds(current):
                # Already there (a previous run, or a concurrent writer with the same token).
                assert current is not None
                return self._read_back(current)
            desired = desired_secret(current, self.tenant.secret, self.credential, self.options.clock())
            if self.options.before_write is not None:
                self.options.before_write(self.name, current)
            try:
                if current is None:
                    written = create_secret(self.client(), self.name, desired)
                    result.action = "create"
                else:
                    written = update_secret(self.client(), self.name, desired)
                    result.action = "update"
            except KubernetesError as error:
                if error.error_class is not ErrorClass.CONFLICT:
                    raise
                if result.attempts >= self.options.max_attempts:
                    result.fail(
                        Status.FAILED,
                        ErrorClass.CONFLICT,
                        f"the Secret kept changing under us: {result.attempts} attempts met 409 Conflict",
                    )
                    return None
                # Someone else wrote in between: re-read (never overwrite blindly) after a short pause.
                time.sleep(min(2.0, 0.05 * 2**result.attempts))
                continue
            return self._read_back(written)

    def _read_back(self, written: SecretObject) -> SecretObject:
        back = self._read()
        if back is None or not self._holds(back):
            raise KubernetesError(
                self.name, ErrorClass.CONFLICT, "read-back after the write does not hold the new credential"
            )
        self.result.fingerprint_after = self.target
        self.result.resource_version_after = back.resource_version
        if self.result.uid and back.uid != self.result.uid:
            raise KubernetesError(self.name, ErrorClass.INVALID, "the Secret was replaced (its uid changed)")
        self.result.uid = back.uid
        return back

    # -- confirmation ------------------------------------------------------------------------------

    def _confirmed_at_rest(self, secret: SecretObject | None, statuses: list[FluxStatus]) -> bool:
        """True when every Flux object already handled a reconcile requested after the Secret was written."""
        if secret is None:
            return False
        written_at = parse_stamp(secret.annotations.get(ROTATED_AT_ANNOTATION))
        if written_at is None:
            return False
        if not self._clones_in_sync():
            return False
        for status in statuses:
            requested = parse_stamp(status.requested_at)
            if (
                status.generation is not None
                and status.observed_generation is not None
                and status.observed_generation < status.generation
            ):
                return False  # the source changed since (e.g. its URL): Flux has not handled that yet
            if (
                requested is None
                or requested < written_at
                or status.last_handled != status.requested_at
                or status.ready is not True
            ):
                return False
        return True

    def _confirm(self, secret: SecretObject) -> None:
        result = self.result
        if result.action == "none" and self._confirmed_at_rest(secret, self._target_statuses()):
            result.status = Status.UNCHANGED
            return
        if result.action == "none":
            result.action = "reconcile"
        deadline = time.monotonic() + self.options.confirm_timeout
        while not self._clones_in_sync():
            if time.monotonic() > deadline:
                stale = ", ".join(f"{ns}/{name}" for ns, name in self._stale_clones())
                result.fail(Status.WRITTEN, ErrorClass.NOT_CONFIRMED, f"clones not synchronised: {stale}")
                return
            time.sleep(self.options.poll_interval)
        requested = stamp(self.options.clock())
        refs = self.tenant.reconcile_on(self.name)
        for ref in refs:
            request_reconcile(self.client(), self.name, ref, requested)
        pending = list(refs)
        while pending:
            for ref in list(pending):
                outcome = self._reconcile_outcome(ref, requested)
                if outcome is True:
                    pending.remove(ref)
                    result.confirmed.append(str(ref))
                elif outcome is not None:
                    result.fail(Status.WRITTEN, ErrorClass.NOT_CONFIRMED, f"{ref}: {outcome}")
                    return
            if pending and time.monotonic() > deadline:
                waiting = ", ".join(str(ref) for ref in pending)
                result.fail(
                    Status.WRITTEN,
                    ErrorClass.NOT_CONFIRMED,
                    f"written, not confirmed within {self.options.confirm_timeout:g}s: {waiting}",
                )
                return
            if pending:
                time.sleep(self.options.poll_interval)
        result.status = Status.CONFIRMED

    def _reconcile_outcome(self, ref: FluxRef, requested: str) -> bool | str | None:
        """True when handled and Ready; a message when handled and failing; None while pending."""
        status = read_flux_status(self.client(), self.name, ref)
        if status.interval:
            with contextlib.suppress(GhprovError):
                interval = parse_duration(status.interval)
                self.result.flux_interval_seconds = max(self.result.flux_interval_seconds, interval)
        if status.last_handled != requested:
            return None
        if (
            status.generation is not None
            and status.observed_generation is not None
            and status.observed_generation < status.generation
        ):
            return None
        if status.ready is True:
            return True
        if status.ready is False:
            return f"Ready=False ({status.reason}): {status.message}"
        return None

    def _stale_clones(self) -> list[tuple[str, str]]:
        stale = []
        for namespace, name in self.tenant.clones_on(self.name):
            clone = read_secret(self.client(), self.name, namespace, name)
            if not self._holds(clone):
                stale.append((namespace, name))
        return stale

    def _clones_in_sync(self) -> bool:
        return not self._stale_clones()


_IMMUTABLE = (
    "the Secret is immutable; it can only be replaced by delete and create, which rotation never does"
)
