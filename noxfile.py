"""Developer tasks: ``nox -s tests lint typecheck bench demo``."""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.reuse_existing_virtualenvs = True


@nox.session(python=False)
def tests(session: nox.Session) -> None:
    """The whole test suite (the README's test command runs the same)."""
    session.run("python", "-m", "pytest", "-n", "auto", *session.posargs)


@nox.session(python=False)
def lint(session: nox.Session) -> None:
    """ruff: lint and format check."""
    session.run("ruff", "check", "ghprov", "ghprov_testbeds", "tests", "scripts", "benchmarks", "noxfile.py")
    session.run(
        "ruff",
        "format",
        "--check",
        "ghprov",
        "ghprov_testbeds",
        "tests",
        "scripts",
        "benchmarks",
        "noxfile.py",
    )


@nox.session(python=False)
def typecheck(session: nox.Session) -> None:
    """mypy, strict."""
    session.run("mypy")


@nox.session(python=False)
def bench(session: nox.Session) -> None:
    """Benchmarks: CLI start-up, then against the sandbox: requests, wall time, peak RSS (figures only)."""
    session.run("python", "-m", "benchmarks.startup")
    session.run("python", "-m", "benchmarks.run", *session.posargs)
    session.run("python", "-m", "benchmarks.audit")
    session.run("python", "-m", "benchmarks.audit_organizations")
    session.run("python", "-m", "benchmarks.policy_kinds")
    session.run("python", "-m", "benchmarks.secret_kinds")
    session.run("python", "-m", "benchmarks.access_paths")
    session.run("python", "-m", "benchmarks.rotation")


@nox.session(python=False)
def demo(session: nox.Session) -> None:
    """The README demo: plan the D1 example against the embedded sandbox."""
    session.run("ghprov", "plan", "--config", "config", "--sandbox", success_codes=[0, 2])
