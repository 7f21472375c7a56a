"""``load_config``: a directory (or file) of YAML → the desired-state ``Organization``, or every problem."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ghprov.config.document import ConfigDocument
from ghprov.config.locations import Location, SourceMap
from ghprov.config.merge import apply_defaults, merge_files
from ghprov.config.references import check_references
from ghprov.config.validation_errors import problems_from_validation_error
from ghprov.config.yaml_reader import read_yaml_file
from ghprov.errors import ConfigError, ConfigProblem, GhprovError
from ghprov.model import Organization

YAML_SUFFIXES = (".yaml", ".yml")
# The model checks these too, but without positions; the reference checks report them precisely.
_REPORTED_BY_REFERENCE_CHECKS = ("listed as both",)


@dataclass(frozen=True)
class LoadedConfig:
    """A valid configuration: the organisation, where each part was written, and what was read."""

    organization: Organization
    source_map: SourceMap
    source_files: tuple[Path, ...]
    digest: str
    warnings: tuple[ConfigProblem, ...] = ()


def config_files(path: Path) -> list[Path]:
    """The YAML files of a configuration: ``path`` itself, or the *.yaml/*.yml files directly in it, sorted.

    Sub-directories are not read, so other YAML (the rotation job's file, manifests) can live below.
    """
    if path.is_file():
        return [path]
    if path.is_dir():
        files = sorted(
            entry
            for entry in path.iterdir()
            if entry.is_file() and entry.suffix in YAML_SUFFIXES and not entry.name.startswith(".")
        )
        if files:
            return files
        raise GhprovError(
            f"no *.yaml or *.yml files in {path}", hint="point --config at a directory of YAML files"
        )
    raise GhprovError(f"config path {path} does not exist", hint="pass --config PATH or set GHPROV_CONFIG")


def load_config(path: Path, *, secrets_readable: bool = True) -> LoadedConfig:
    """Read, merge, validate and cross-check the configuration at ``path``.

    Raises ``ConfigError`` holding every problem found, each with file:line:column. With
    ``secrets_readable=False`` (commands that never send a secret: lint, audit, the sandbox) a secret
    reference must be well formed but need not point at a value on this machine.
    """
    files = [read_yaml_file(file, str(file)) for file in config_files(path)]
    problems = [problem for file in files for problem in file.problems]
    document, spans, merge_problems = merge_files(files)
    problems.extend(merge_problems)
    apply_defaults(document, spans)
    source_map = SourceMap(spans=spans, document=document, fallback=Location(files[0].name, 1, 1))

    unreadable = any(file.data is None and file.problems for file in files)
    findings = check_references(document, source_map, secrets_readable=secrets_readable)
    problems.extend(findings.errors)
    organization: Organization | None = None
    try:
        organization = ConfigDocument.model_validate(document).organization_model()
    except ValidationError as error:
        problems.extend(
            problem
            for problem in problems_from_validation_error(
                error, source_map, ConfigDocument, top_level_complete=not unreadable
            )
            if not problem.message.startswith(_REPORTED_BY_REFERENCE_CHECKS)
        )
    if problems or organization is None:
        # Defaults inherited by many repositories give the same problem many times: report it once.
        raise ConfigError(list(dict.fromkeys(problems)))
    return LoadedConfig(
        organization=organization,
        source_map=source_map,
        source_files=tuple(Path(file.name) for file in files),
        digest=_digest(files_content=[(file.name, file.raw) for file in files]),
        warnings=tuple(sorted(set(findings.warnings), key=lambda p: (p.file, p.line, p.column, p.message))),
    )


def _digest(files_content: list[tuple[str, bytes]]) -> str:
    # Names are hashed by their base name so that the same config read from another directory matches.
    digest = hashlib.sha256()
    for name, raw in files_content:
        digest.update(Path(name).name.encode() + b"\0" + hashlib.sha256(raw).digest())
    return "sha256:" + digest.hexdigest()
