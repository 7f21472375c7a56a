"""Command modules. Each exposes ``register(app)``; add new modules to ``MODULES``."""

from __future__ import annotations

import importlib

import typer

MODULES: tuple[str, ...] = ("validate", "plan", "apply", "sandbox")


def register_all(app: typer.Typer) -> None:
    for name in MODULES:
        module = importlib.import_module(f"ghprov.cli.commands.{name}")
        module.register(app)
