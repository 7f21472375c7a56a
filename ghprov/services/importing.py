"""The import use case: read a live organisation (read-only) and write the configuration that describes it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ghprov.config import LoadedConfig, load_config
from ghprov.errors import ConfigProblem
from ghprov.github.client import GitHubClient
from ghprov.github.read import read_organization
from ghprov.importer import ImportedConfig, ImportOptions, ImportWarning, build_config, write_config
from ghprov.services.connection import github_endpoint
from ghprov.settings import Settings


@dataclass(frozen=True)
class ImportOutcome:
    """What was written, what it could not express, and what the config loader says about it."""

    out: Path
    files: tuple[str, ...]
    warnings: tuple[ImportWarning, ...]
    config: LoadedConfig
    other_files: tuple[Path, ...]

    @property
    def config_warnings(self) -> tuple[ConfigProblem, ...]:
        return self.config.warnings


def import_configuration(
    settings: Settings,
    organization: str,
    out: Path,
    options: ImportOptions,
    *,
    force: bool = False,
    sandbox: bool = False,
    progress: bool | None = None,
) -> ImportOutcome:
    """Read ``organization`` through a read-only client, write its configuration to ``out``, load it back.

    With ``sandbox`` the organisation is read from an embedded emulator seeded under that name.
    """
    with (
        github_endpoint(settings, sandbox=sandbox, organization=organization) as endpoint,
        GitHubClient.from_settings(endpoint, read_only=True) as client,
    ):
        live = read_organization(client, organization, None, progress=progress)
    imported: ImportedConfig = build_config(live, options)
    others = write_config(imported.files, out, force=force)
    # Loading what was written proves it is valid configuration (and yields the loader's own warnings).
    loaded = load_config(out)
    return ImportOutcome(
        out=out,
        files=tuple(imported.files),
        warnings=imported.warnings,
        config=loaded,
        other_files=tuple(others),
    )
