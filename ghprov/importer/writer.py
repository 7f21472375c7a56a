"""Writing generated configuration files into a directory, without clobbering a configuration by accident."""

from __future__ import annotations

import os
from pathlib import Path

from ghprov.config.loader import YAML_SUFFIXES
from ghprov.errors import GhprovError


def existing_yaml(directory: Path) -> list[Path]:
    """YAML files directly in ``directory`` (the ones the config loader would merge)."""
    if not directory.is_dir():
        return []
    return sorted(entry for entry in directory.iterdir() if entry.is_file() and entry.suffix in YAML_SUFFIXES)


def write_config(files: dict[str, str], out: Path, *, force: bool = False) -> list[Path]:
    """Write ``files`` (relative name → text) under ``out``; return the other YAML files already there.

    Without ``force`` nothing is written when ``out`` already holds YAML files: they would be merged
    with the new ones. With ``force`` the generated files replace same-named ones; others are kept.
    """
    if out.exists() and not out.is_dir():
        raise GhprovError(f"{out} exists and is not a directory", hint="choose another --out directory")
    present = existing_yaml(out) + [out / name for name in files if "/" in name and (out / name).is_file()]
    if present and not force:
        names = ", ".join(str(path) for path in present)
        raise GhprovError(
            f"{out} already holds configuration files ({names})",
            hint="choose an empty --out directory, or pass --force to replace the generated files",
        )
    generated = {(out / name).resolve() for name in files}
    others = [path for path in existing_yaml(out) if path.resolve() not in generated]
    try:
        for name, text in sorted(files.items()):
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.tmp")
            temporary.write_text(text, encoding="utf-8", newline="\n")
            os.replace(temporary, target)
    except OSError as error:
        raise GhprovError(
            f"cannot write the configuration to {out}: {error.strerror or error}",
            hint="check that the directory is writable",
        ) from error
    return others
