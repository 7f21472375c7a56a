"""ghprov's layers (docs/architecture.md): data flows down, and nothing imports from a layer above it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ghprov"

# Layer → the ghprov layers it may import. Keep in step with docs/architecture.md.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "model": set(),
    "contract": set(),
    "settings": {"errors"},
    "config": {"errors", "model"},
    "plan": {"errors", "model"},
    # Writers turn the plan's changes into requests, so the wire layer knows the change vocabulary.
    "github": {"errors", "model", "plan", "settings", "contract"},
    "apply": {"errors", "model", "plan", "github", "settings"},
    "importer": {"errors", "model", "config"},
    "scaffold": {"errors", "model", "config", "importer"},
    "audit": {"errors", "model", "config", "github", "settings"},
    # k8s/lab starts test clusters and a sandbox "GitHub" for the rotation tests and benchmark.
    "k8s": {"errors", "sandbox"},
    "rotation": {"errors", "model", "config", "github", "k8s", "settings"},
    "sandbox": {"errors", "model", "contract"},
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
        "sandbox",
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
