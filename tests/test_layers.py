"""ghprov's layers (docs/architecture.md): data flows down, and nothing imports from a layer above it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ghprov"

# Layer → the ghprov layers it may import. Keep in step with docs/architecture.md.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "model": set(),
    "settings": {"errors"},
    "config": {"errors", "model"},
    "plan": {"errors", "model"},
    # Writers turn the plan's changes into requests, so the wire layer knows the change vocabulary.
    "github": {"errors", "model", "plan", "settings"},
    "apply": {"errors", "model", "plan", "github", "settings"},
    "importer": {"errors", "model", "config"},
    "scaffold": {"errors", "model", "config", "importer"},
    "audit": {"errors", "model", "config", "github", "settings"},
    "k8s": {"errors"},
    "rotation": {"errors", "model", "config", "github", "k8s", "settings"},
    "services": {
        "errors",
        "model",
        "config",
        "plan",
        "github",
        "apply",
        "importer",
        "scaffold",
        "audit",
        "k8s",
        "rotation",
        "settings",
    },
}


def _layer_imports(layer_path: Path) -> set[str]:
    files = [layer_path] if layer_path.is_file() else list(layer_path.rglob("*.py"))
    found: set[str] = set()
    for file in files:
        for node in ast.walk(ast.parse(file.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            found.update(name.split(".")[1] for name in names if name.startswith("ghprov."))
    return found


def test_every_layer_imports_only_layers_below_it() -> None:
    for layer, allowed in ALLOWED.items():
        path = PACKAGE / layer if (PACKAGE / layer).is_dir() else PACKAGE / f"{layer}.py"
        extra = _layer_imports(path) - allowed - {layer}
        assert not extra, f"ghprov.{layer} imports {sorted(extra)}, which it may not"


def test_every_layer_is_listed() -> None:
    layers = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    layers |= {p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")}
    assert layers - {"cli"} == set(ALLOWED)


TESTBEDS = PACKAGE.parent / "ghprov_testbeds"
# The tool's only doors to the test beds: ``--sandbox`` (services.connection) and ``ghprov sandbox``.
TESTBED_DOORS = {"services/connection.py", "cli/commands/sandbox.py"}
# What the test beds take from the tool: its model (seeding), errors, and the Kubernetes client (lab).
TESTBED_USES = {"errors", "model", "k8s"}


def _imports_of(file: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_only_the_sandbox_commands_reach_into_the_test_beds() -> None:
    doors = {
        str(file.relative_to(PACKAGE))
        for file in PACKAGE.rglob("*.py")
        if any(name.startswith("ghprov_testbeds") for name in _imports_of(file))
    }
    assert doors <= TESTBED_DOORS, f"ghprov modules importing the test beds: {sorted(doors - TESTBED_DOORS)}"


def test_the_test_beds_use_only_the_tools_model_errors_and_kubernetes_client() -> None:
    used = {
        name.split(".")[1]
        for file in TESTBEDS.rglob("*.py")
        for name in _imports_of(file)
        if name.startswith("ghprov.")
    }
    assert used <= TESTBED_USES, f"the test beds import ghprov.{sorted(used - TESTBED_USES)}"
