"""The exceptions file: accepted departures from the bar, each justified and each with an expiry.

```yaml
exceptions:
  - check: REPO-13                       # our id, or any alias id (legitify, Scorecard, CIS, Allstar)
    resource: "repository:d1-infra@production"   # shell pattern over the finding's resource key
    justification: promotion merges main into production with a merge commit
    expires: 2027-06-30
    approved_by: platform-leads          # optional
```

An unexpired entry turns a matching FAILED finding into EXCEPTED; an expired one leaves it FAILED
and says so, so a forgotten exception cannot hide a finding for ever.
"""

from __future__ import annotations

import datetime
import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ghprov.audit.findings import AcceptedException, Finding, Status
from ghprov.errors import ConfigError, ConfigProblem, GhprovError

REQUIRED = ("check", "resource", "justification", "expires")


@dataclass(frozen=True)
class ExceptionEntry:
    check: str
    resource: str
    justification: str
    expires: datetime.date
    approved_by: str = ""

    def matches(self, found: Finding) -> bool:
        ids = {found.check_id, *(alias.id for alias in found.aliases)}
        return self.check in ids and fnmatch.fnmatchcase(found.resource_key(), self.resource)


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def load_exceptions(path: Path) -> list[ExceptionEntry]:
    """Entries of the exceptions file; every problem is reported with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise GhprovError(f"cannot read the exceptions file {path}: {error.strerror}") from None
    try:
        document = YAML(typ="rt").load(text) or {}
    except YAMLError as error:
        raise GhprovError(f"{path}: not valid YAML: {error}") from None
    entries = document.get("exceptions") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ConfigError([ConfigProblem(str(path), 1, 1, "expected a top-level `exceptions:` list")])
    problems: list[ConfigProblem] = []
    found: list[ExceptionEntry] = []
    for index, entry in enumerate(entries):
        line = entry.lc.line + 1 if hasattr(entry, "lc") else 1
        if not isinstance(entry, dict):
            problems.append(ConfigProblem(str(path), line, 1, f"exception {index + 1} is not a mapping"))
            continue
        missing = [key for key in REQUIRED if not entry.get(key)]
        unknown = sorted(set(map(str, entry)) - {*REQUIRED, "approved_by"})
        expires = _date(entry.get("expires"))
        if missing:
            problems.append(ConfigProblem(str(path), line, 1, f"exception needs {', '.join(missing)}"))
        if unknown:
            problems.append(ConfigProblem(str(path), line, 1, f"unknown key(s) {', '.join(unknown)}"))
        if entry.get("expires") and expires is None:
            problems.append(ConfigProblem(str(path), line, 1, "expires must be a date (YYYY-MM-DD)"))
        if missing or unknown or expires is None:
            continue
        found.append(
            ExceptionEntry(
                check=str(entry["check"]),
                resource=str(entry["resource"]),
                justification=str(entry["justification"]),
                expires=expires,
                approved_by=str(entry.get("approved_by") or ""),
            )
        )
    if problems:
        raise ConfigError(problems)
    return found


def apply_exceptions(
    findings: list[Finding], entries: list[ExceptionEntry], today: datetime.date
) -> list[Finding]:
    """Findings with unexpired matching exceptions marked EXCEPTED; expired ones annotated."""
    result: list[Finding] = []
    for found in findings:
        entry = (
            next((e for e in entries if e.matches(found)), None) if found.status is Status.FAILED else None
        )
        if entry is None:
            result.append(found)
            continue
        accepted = AcceptedException(
            justification=entry.justification,
            expires_at=entry.expires.isoformat(),
            approved_by=entry.approved_by,
            resource=entry.resource,
        )
        if entry.expires >= today:
            result.append(found.but(status=Status.EXCEPTED, exception=accepted))
        else:
            note = f"exception expired on {entry.expires.isoformat()}"
            message = f"{found.message}; {note}" if found.message else note
            result.append(found.but(exception=accepted, message=message))
    return result
