"""Where the new token comes from: ``env:VAR``, ``file:PATH`` or ``stdin``; never a command-line value."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pydantic import SecretStr

from ghprov.errors import GhprovError

HINT = "use --token-from env:VARIABLE, file:PATH or stdin"


def read_token(spec: str) -> SecretStr:
    """The token named by ``spec``, stripped of surrounding whitespace; never empty."""
    kind, _, where = spec.partition(":")
    if kind == "env" and where:
        value = os.environ.get(where)
        if value is None:
            raise GhprovError(f"environment variable {where} is not set", hint=HINT)
    elif kind == "file" and where:
        try:
            value = Path(where).expanduser().read_text(encoding="utf-8")
        except OSError as error:
            raise GhprovError(f"cannot read the token file {where}: {error.strerror}", hint=HINT) from None
    elif spec == "stdin":
        value = sys.stdin.read()
    else:
        raise GhprovError(f"invalid --token-from {spec!r}", hint=HINT)
    token = value.strip()
    if not token:
        raise GhprovError(f"the token from {spec} is empty", hint=HINT)
    if any(character.isspace() for character in token):
        raise GhprovError(f"the token from {spec} contains whitespace; expected one token", hint=HINT)
    return SecretStr(token)
