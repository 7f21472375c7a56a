"""Durations written by people: ``90s``, ``2m``, ``14d``, ``1h30m`` or a bare number of seconds."""

from __future__ import annotations

import re

from ghprov.errors import GhprovError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PART = re.compile(r"(\d+(?:\.\d+)?)([smhdw])")


def parse_duration(text: str | int | float) -> float:
    """Seconds in ``text``; raises ``GhprovError`` for anything else."""
    if isinstance(text, int | float):
        if text < 0:
            raise GhprovError(f"invalid duration {text!r}: must not be negative")
        return float(text)
    value = text.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        return float(value)
    parts = _PART.findall(value)
    if not parts or "".join(number + unit for number, unit in parts) != value:
        raise GhprovError(
            f"invalid duration {text!r}",
            hint="use a number of seconds or units s, m, h, d, w (e.g. 14d, 2m30s)",
        )
    return sum(float(number) * _UNITS[unit] for number, unit in parts)
