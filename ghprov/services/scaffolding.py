"""The ``init`` use case: generate a starting layout (D1) and write it where the user asked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ghprov.importer import write_config
from ghprov.scaffold import D1Options, generate_d1


@dataclass(frozen=True)
class ScaffoldOutcome:
    """The files written (relative names), the layout's warnings, and YAML that was already there."""

    files: tuple[str, ...]
    warnings: tuple[str, ...]
    other_files: tuple[Path, ...]


def scaffold_d1(options: D1Options, out: Path, *, force: bool = False) -> ScaffoldOutcome:
    """Render the D1 layout for ``options`` and write it under ``out`` (``force``: see ``write_config``)."""
    layout = generate_d1(options)
    others = write_config(layout.files, out, force=force)
    return ScaffoldOutcome(
        files=tuple(sorted(layout.files)), warnings=layout.warnings, other_files=tuple(others)
    )
