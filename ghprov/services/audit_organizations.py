"""``audit export`` and ``lint`` over several organisations: one sub-directory each, one enterprise summary.

Organisations come from config directories (each its organisation's declaration, for the drift
checks) and from ``--org`` names without a config (organisations not yet under ghprov). They are
audited like plans, ``CONCURRENT_ORGANIZATIONS`` at a time (``services/organizations``), each through
the read-only client. An organisation that cannot be loaded or read is kept with its error: the
others' results are still written, and the summary names it.
"""

from __future__ import annotations

import dataclasses
import datetime
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import structlog

from ghprov.audit.enterprise import EnterpriseSummary, OrganizationOutcome, build_summary
from ghprov.audit.export.summary_markdown import render_summary_markdown
from ghprov.audit.findings import Severity
from ghprov.config import LoadedConfig, load_config
from ghprov.errors import ConfigError, GhprovError
from ghprov.services.auditing import AuditOptions, AuditResult, export_declared, lint_loaded
from ghprov.services.organizations import for_each_organization
from ghprov.settings import Settings

log = structlog.get_logger("ghprov.services")

SUMMARY_FILES = ("summary.json", "summary.md")
# A config directory's own rotation file (the layout `ghprov init` writes), used for ORG-17.
CONFIG_ROTATION_FILE = Path("rotation/rotation.yaml")


@dataclass(frozen=True)
class AuditTarget:
    """One organisation to audit: by name, with its loaded config when it has one."""

    name: str  # the organisation's login; for a config that could not be loaded, its directory name
    config_path: Path | None = None
    config: LoadedConfig | None = None
    error: GhprovError | None = None  # why it cannot be audited before any request


@dataclass
class OrganizationAudit:
    """One organisation's audit: its result or its error, where its files are, how long it took."""

    target: AuditTarget
    directory: Path | None
    result: AuditResult | None = None
    error: GhprovError | None = None
    seconds: float = 0.0

    def outcome(self, root: Path | None) -> OrganizationOutcome:
        """The summary's view of this audit, its directory relative to the summary's."""
        directory = ""
        if self.directory is not None and root is not None and self.result is not None:
            directory = self.directory.relative_to(root).as_posix()
        error = self.error or self.target.error
        return OrganizationOutcome(
            organization=self.target.name,
            config=str(self.target.config_path or ""),
            directory=directory,
            report=self.result.report if self.result is not None else None,
            access=self.result.access if self.result is not None else None,
            error_message=error.message if error is not None else "",
            error_hint=error.hint if error is not None else "",
            error_problems=tuple(str(problem) for problem in error.problems)
            if isinstance(error, ConfigError)
            else (),
        )


def audit_targets(config_paths: Sequence[Path], organizations: Sequence[str]) -> list[AuditTarget]:
    """Every config (loaded now, offline: a broken one becomes an error target) and every named
    organisation no config declares; an organisation named twice is audited once."""
    targets: list[AuditTarget] = []
    seen: dict[str, str] = {}
    for path in config_paths:
        try:
            loaded = load_config(path, secrets_readable=False)
        except GhprovError as error:
            targets.append(AuditTarget(name=path.name, config_path=path, error=error))
            continue
        login = loaded.organization.organization
        if login.lower() in seen:
            duplicate = GhprovError(
                f"organisation {login} is declared by {seen[login.lower()]} and by {path}",
                hint="keep one config directory per organisation",
            )
            targets.append(AuditTarget(name=f"{login} ({path})", config_path=path, error=duplicate))
            continue
        seen[login.lower()] = str(path)
        targets.append(AuditTarget(name=login, config_path=path, config=loaded))
    for login in organizations:
        if login.lower() not in seen:
            seen[login.lower()] = "--org"
            targets.append(AuditTarget(name=login))
    return targets


def _directory(out: Path | None, target: AuditTarget) -> Path | None:
    # Organisation logins are letters, digits and hyphens, safe as directory names; a failed config's
    # name is its directory's.
    return None if out is None else out / target.name


def _rotation_file(target: AuditTarget, explicit: Path | None, fallback: Path | None) -> Path | None:
    """The rotation file for ORG-17: the one given, else the config directory's own, else ``fallback``.

    A rotation file names its organisation; for any other one ORG-17 says so and compares nothing.
    """
    if explicit is not None:
        return explicit
    if target.config_path is not None and target.config_path.is_dir():
        candidate = target.config_path / CONFIG_ROTATION_FILE
        if candidate.is_file():
            return candidate
    return fallback


def _guarded(
    target: AuditTarget, directory: Path | None, work: Callable[[], AuditResult]
) -> OrganizationAudit:
    """Run one organisation's audit, keeping any failure in its result rather than raising it."""
    started = time.perf_counter()
    audit = OrganizationAudit(target=target, directory=directory)
    if target.error is not None:
        audit.error = target.error
        return audit
    try:
        audit.result = work()
    except GhprovError as error:
        audit.error = error
    except Exception as error:
        # One organisation's bug must not hide the others' results: it is reported as its error.
        log.debug("organization.unexpected", organization=target.name, exc_info=True)
        audit.error = GhprovError(
            f"unexpected {type(error).__name__}: {error}",
            hint="run again with --verbose and report this as a bug",
        )
    audit.seconds = time.perf_counter() - started
    # The directory was made before the read failed: an empty one would look like a result.
    failed = audit.error is not None and directory is not None and directory.is_dir()
    if failed and directory is not None and not any(directory.iterdir()):
        directory.rmdir()
    return audit


def export_organizations(
    settings: Settings,
    targets: Sequence[AuditTarget],
    options: AuditOptions,
    *,
    sandbox: bool = False,
    default_rotation: Path | None = None,
    done: Callable[[OrganizationAudit], None] | None = None,
) -> list[OrganizationAudit]:
    """Audit every target (read-only), writing each one's outputs to ``options.out / <organisation>``.

    ``options.rotation_path`` applies to every organisation; without it each config directory's own
    ``rotation/rotation.yaml`` does, else ``default_rotation``.
    """

    def one(target: AuditTarget) -> OrganizationAudit:
        directory = _directory(options.out, target)
        declared = target.config.organization if target.config is not None else None
        digest = target.config.digest if target.config is not None else ""
        own = dataclasses.replace(
            options,
            out=directory,
            config_path=target.config_path,
            rotation_path=_rotation_file(target, options.rotation_path, default_rotation),
        )
        return _guarded(
            target,
            directory,
            lambda: export_declared(
                settings, target.name, declared, digest, own, sandbox=sandbox, progress=False
            ),
        )

    return for_each_organization(targets, one, done=done)


def lint_organizations(
    targets: Sequence[AuditTarget],
    options: AuditOptions,
    *,
    done: Callable[[OrganizationAudit], None] | None = None,
) -> list[OrganizationAudit]:
    """Lint every target's config, writing each one's reports to ``options.out / <organisation>``."""

    def one(target: AuditTarget) -> OrganizationAudit:
        directory = _directory(options.out, target)
        own = dataclasses.replace(options, out=directory, config_path=target.config_path)
        return _guarded(target, directory, lambda: lint_loaded(_config_of(target), own))

    return for_each_organization(targets, one, done=done)


def _config_of(target: AuditTarget) -> LoadedConfig:
    if target.config is None:
        raise GhprovError(f"{target.name}: lint checks a configuration", hint="pass --config DIR")
    return target.config


def summarise_organizations(
    audits: Sequence[OrganizationAudit], out: Path | None, *, mode: str, threshold: Severity | None
) -> tuple[EnterpriseSummary, list[Path]]:
    """The enterprise summary, written to ``out`` (summary.json, summary.md) when given."""
    generated_at = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    summary = build_summary(
        [audit.outcome(out) for audit in audits], mode=mode, threshold=threshold, generated_at=generated_at
    )
    written: list[Path] = []
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
            json_path, markdown_path = (out / name for name in SUMMARY_FILES)
            json_path.write_text(summary.model_dump_json(indent=2) + "\n", encoding="utf-8")
            markdown_path.write_text(render_summary_markdown(summary), encoding="utf-8")
        except OSError as error:
            raise GhprovError(f"cannot write the summary to {out}: {error.strerror}") from None
        written = [json_path, markdown_path]
    return summary, written
