"""Where a secret's value comes from: a reference such as ``env:FLUX_TOKEN`` or ``file:/run/token``.

Secret values never live in the configuration, in plans or in the live model. The config names a
source (``<scheme>:<location>``); the value is read only when a write has to send it, and then only
to be encrypted. Sources are a small registry: ``env`` and ``file`` are built in, and another source
(a vault client, say) is one class with ``problem`` and ``read`` passed to ``register_source``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Protocol

from pydantic import AfterValidator

_REFERENCE = re.compile(r"^(?P<scheme>[a-z][a-z0-9_-]*):(?P<location>.+)$")
# Import writes this scheme's references for secrets it cannot read (see ``placeholder_reference``).
PLACEHOLDER_PREFIX = "GHPROV_SECRET_"


class SecretUnavailable(ValueError):
    """A referenced value cannot be read. The message names the reference, never a value."""


class SecretSource(Protocol):
    """One scheme of secret references."""

    @property
    def scheme(self) -> str: ...

    def problem(self, location: str) -> str | None:
        """Why the value at ``location`` cannot be read now (None: it can), without reading it out."""
        ...

    def read(self, location: str) -> str:
        """The value at ``location``; ``SecretUnavailable`` when there is none."""
        ...


class EnvironmentSource:
    """``env:NAME``: the value of an environment variable of the process running ghprov."""

    scheme = "env"

    def problem(self, location: str) -> str | None:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", location):
            return f"{location!r} is not an environment variable name"
        if not os.environ.get(location):
            return f"the environment variable {location} is not set (or empty)"
        return None

    def read(self, location: str) -> str:
        problem = self.problem(location)
        if problem is not None:
            raise SecretUnavailable(problem)
        return os.environ[location]


class FileSource:
    """``file:PATH``: a file's content, one trailing newline removed (as ``echo x > file`` leaves it)."""

    scheme = "file"

    def problem(self, location: str) -> str | None:
        path = Path(location).expanduser()
        if not path.is_file():
            return f"the file {location} does not exist"
        if not os.access(path, os.R_OK):
            return f"the file {location} is not readable"
        return None

    def read(self, location: str) -> str:
        problem = self.problem(location)
        if problem is not None:
            raise SecretUnavailable(problem)
        text = Path(location).expanduser().read_text(encoding="utf-8")
        return text[:-1] if text.endswith("\n") else text


_SOURCES: dict[str, SecretSource] = {}


def register_source(source: SecretSource) -> None:
    """Make ``<source.scheme>:…`` references resolvable (a later registration replaces an earlier one)."""
    _SOURCES[source.scheme] = source


register_source(EnvironmentSource())
register_source(FileSource())


def _split(reference: str) -> tuple[SecretSource, str]:
    match = _REFERENCE.match(reference)
    if match is None:
        # The text is not repeated: it may be a value pasted where a reference belongs.
        raise SecretUnavailable(
            "not a secret reference; write <source>:<location>, e.g. env:NAME or file:PATH "
            "(a secret's value never goes into the config)"
        )
    source = _SOURCES.get(match["scheme"])
    if source is None:
        known = ", ".join(sorted(_SOURCES))
        raise SecretUnavailable(f"unknown secret source {match['scheme']!r} (known: {known})")
    return source, match["location"]


def check_reference(reference: str) -> str:
    """``reference`` when it is well formed and names a known source (not whether the value exists)."""
    _split(reference)
    return reference


def reference_problem(reference: str) -> str | None:
    """Why the value of ``reference`` cannot be read now, or None."""
    try:
        source, location = _split(reference)
    except SecretUnavailable as error:
        return str(error)
    return source.problem(location)


def read_secret(reference: str) -> str:
    """The value ``reference`` points at. Callers encrypt it at once and never keep or print it."""
    source, location = _split(reference)
    return source.read(location)


def placeholder_reference(*names: str) -> str:
    """The reference import writes for a secret it cannot read: ``env:GHPROV_SECRET_<SCOPE>_<NAME>``."""
    upper = "_".join(re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper() for name in names)
    return f"env:{PLACEHOLDER_PREFIX}{upper}"


# A secret's ``value`` in the config: a reference, checked for form when the config loads.
SecretReference = Annotated[str, AfterValidator(check_reference)]
