"""An instant CLI: building the command tree imports no command's heavy modules.

Each case runs ``ghprov`` in a fresh interpreter (an in-process run would see whatever earlier tests
imported) and reads ``sys.modules`` once the command has finished.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ghprov import __version__
from ghprov.cli.options import ROTATION_FILE

ROOT = Path(__file__).resolve().parents[2]

# What the issue names, plus the rest of the stack a command tree has no use for.
HEAVY = (
    "ghprov.audit",
    "ghprov.rotation",
    "ghprov.k8s",
    "ghprov_testbeds.sandbox",
    "github",
    "ghprov.github",
    "ghprov.apply",
    "ghprov.plan",
    "ghprov.services",
    "ghprov.importer",
    "ghprov.scaffold",
    "ghprov_testbeds.contract",
    "lightkube",
    "httpx",
    "requests",
    "structlog",
)

# Runs the console-script entry point and reports the imported modules on the last line of stderr.
PROBE = """
import json, sys
sys.argv = ["ghprov", *sys.argv[1:]]
from ghprov.cli.main import run
try:
    run()
finally:
    sys.stderr.write("\\n" + json.dumps(sorted(sys.modules)) + "\\n")
"""


def ghprov(*arguments: str) -> tuple[int, str, set[str]]:
    """Exit code, stdout and the modules imported by ``ghprov ARGUMENTS``."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *arguments], cwd=ROOT, capture_output=True, text=True, check=False
    )
    modules = json.loads(result.stderr.strip().splitlines()[-1])
    return result.returncode, result.stdout, set(modules)


def heavy(modules: set[str], forbidden: tuple[str, ...] = HEAVY) -> list[str]:
    return sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden))


def test_help_lists_every_command_and_imports_none_of_them() -> None:
    code, stdout, modules = ghprov("--help")
    assert code == 0
    for command in ("validate", "schema", "plan", "apply", "import", "init", "sandbox", "rotate", "tokens"):
        assert command in stdout
    for command in ("audit", "lint"):
        assert command in stdout
    assert heavy(modules) == []
    # Nor the configuration models: `--help` never validates anything.
    assert heavy(modules, ("ghprov.config", "ghprov.model", "ghprov.settings", "pydantic")) == []


def test_version_prints_it_and_imports_nothing_heavy() -> None:
    code, stdout, modules = ghprov("version")
    assert (code, stdout) == (0, f"{__version__}\n")
    assert heavy(modules) == []
    assert heavy(modules, ("ghprov.config", "ghprov.model", "ghprov.settings")) == []


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["schema"],
        ["plan"],
        ["apply"],
        ["import"],
        ["lint"],
        ["init", "d1"],
        ["sandbox", "serve"],
        ["rotate"],
        ["tokens", "check"],
        ["audit", "export"],
        ["audit", "schema"],
    ],
    ids=" ".join,
)
def test_a_commands_help_imports_none_of_its_machinery(command: list[str]) -> None:
    code, stdout, modules = ghprov(*command, "--help")
    assert code == 0
    assert "Usage:" in stdout
    assert heavy(modules) == []


def test_validate_imports_the_config_package_only() -> None:
    code, stdout, modules = ghprov("validate", "--config", "config")
    assert code == 0
    assert stdout.startswith("config OK: acme-fleet: ")
    assert "ghprov.config" in modules
    assert heavy(modules) == []


def test_the_rotation_file_default_is_the_rotation_packages() -> None:
    # The CLI keeps its own copy so that `--help` does not import ghprov.rotation; they must agree.
    from ghprov.rotation.config import DEFAULT_PATH

    assert ROTATION_FILE == DEFAULT_PATH


def test_import_only_help_names_every_section() -> None:
    from ghprov.cli.commands.importing import ONLY_HELP
    from ghprov.importer.options import KINDS

    assert [kind for kind in KINDS if kind not in ONLY_HELP] == []
