"""Where the new token comes from: ``env:VAR``, ``file:PATH`` or ``stdin``; never a command-line value."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pydantic import SecretStr

from ghprov.errors import GhprovError

HINT = "name it as env:VARIABLE, file:PATH or stdin (never the value itself)"


def read_token(spec: str) -> SecretStr:
    """The token named by ``spec``, stripped of surrounding whitespace; never empty."""
    token = _read(spec, "token").strip()
    if any(character.isspace() for character in token):
        raise GhprovError(f"the token from {spec} contains whitespace; expected one token", hint=HINT)
    return SecretStr(token)


def read_private_key(spec: str) -> SecretStr:
    """A PEM private key (a GitHub App's ``.pem``) named like a token; lines kept, never empty."""
    key = _read(spec, "key").strip()
    if "-----BEGIN" not in key:
        raise GhprovError(f"the key from {spec} is not a PEM private key", hint=HINT)
    return SecretStr(key + "\n")


def _read(spec: str, what: str) -> str:
    kind, _, where = spec.partition(":")
    if kind == "env" and where:
        value = os.environ.get(where)
        if value is None:
            raise GhprovError(f"environment variable {where} is not set", hint=HINT)
    elif kind == "file" and where:
        try:
            value = Path(where).expanduser().read_text(encoding="utf-8")
        except OSError as error:
            raise GhprovError(f"cannot read the {what} file {where}: {error.strerror}", hint=HINT) from None
    elif spec == "stdin":
        value = sys.stdin.read()
    else:
        raise GhprovError(f"invalid source {spec!r}", hint=HINT)
    if not value.strip():
        raise GhprovError(f"the {what} from {spec} is empty", hint=HINT)
    return value
