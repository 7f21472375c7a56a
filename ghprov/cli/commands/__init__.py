"""Command modules. Each exposes ``register(app)``; add new modules to ``MODULES``."""

from __future__ import annotations

import importlib

import typer

MODULES: tuple[str, ...] = (
    "validate",
    "plan",
    "apply",
    "show",
    "sandbox",
    "importing",
    "init",
    "rotate",
    "tokens",
    "audit",
)


_registered: set[int] = set()


def register_all(app: typer.Typer) -> None:
    """Add every command to ``app`` (once, however often it is called: tests call it repeatedly)."""
    if id(app) in _registered:
        return
    _registered.add(id(app))
    for name in MODULES:
        module = importlib.import_module(f"ghprov.cli.commands.{name}")
        module.register(app)
