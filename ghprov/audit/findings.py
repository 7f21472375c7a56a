"""The finding record shared by every output (JSON, CSV, Markdown, SARIF) and the check metadata behind it."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

from pydantic import BaseModel, ConfigDict


class Severity(enum.StrEnum):
    CRITICAL = "CRITICAL"
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"
    INFO = "INFO"

    @property
    def rank(self) -> int:
        """Higher is more severe (INFO 0 … CRITICAL 4)."""
        return ("INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL").index(self.value)


class Status(enum.StrEnum):
    PASSED = "PASSED"
    FAILED = "FAILED"
    SKIPPED = "SKIPPED"
    # The data a check needs could not be read completely: fail closed, never PASSED.
    ERROR = "ERROR"
    # A FAILED finding covered by an unexpired entry of the exceptions file.
    EXCEPTED = "EXCEPTED"


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Alias(Record):
    """The same control in another tool's vocabulary."""

    tool: str
    id: str


class CheckSpec(Record):
    """What a check is: stable id, title, severity and where it comes from."""

    id: str
    title: str
    severity: Severity
    namespace: str
    description: str
    remediation: str
    aliases: tuple[Alias, ...] = ()


# Findings are numerous (tens of thousands on a large organisation): they and their parts are frozen
# slots dataclasses, not pydantic models, which keep a ``__dict__`` and a fields-set per instance.
# Pydantic still validates, serialises and describes them (``Report.findings``, ``ghprov audit schema``).
@dataclass(frozen=True, slots=True)
class Resource:
    """What a finding is about."""

    __pydantic_config__ = ConfigDict(extra="forbid")

    type: str
    name: str
    id: int | None = None
    canonical_url: str = ""
    branch: str | None = None

    def as_json(self) -> dict[str, Any]:
        """Its fields, without those that are None."""
        return {key: value for key, value in asdict(self).items() if value is not None}


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where the value was read: an API path and a JSON pointer, or a config file position."""

    __pydantic_config__ = ConfigDict(extra="forbid")

    source: str  # "api" | "config"
    location: str
    pointer: str = ""


@dataclass(frozen=True, slots=True)
class AcceptedException:
    __pydantic_config__ = ConfigDict(extra="forbid")

    justification: str
    expires_at: str
    approved_by: str = ""
    resource: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One check applied to one resource."""

    __pydantic_config__ = ConfigDict(extra="forbid")

    check_id: str
    title: str
    namespace: str
    severity: Severity
    status: Status
    resource: Resource
    expected: Any = None
    actual: Any = None
    message: str = ""
    skip_reason: str = ""
    evidence: tuple[Evidence, ...] = ()
    source_of_truth: str = ""
    aliases: tuple[Alias, ...] = ()
    remediation: str = ""
    exception: AcceptedException | None = None
    fingerprint: str = ""

    def resource_key(self) -> str:
        """``type:name`` plus ``@branch``: what an exceptions entry names."""
        key = f"{self.resource.type}:{self.resource.name}"
        return f"{key}@{self.resource.branch}" if self.resource.branch else key

    def but(self, **changes: Any) -> Finding:
        """A copy with ``changes`` applied (findings are immutable)."""
        return replace(self, **changes)


def fingerprint(check_id: str, resource: Resource) -> str:
    """sha256 of check id, resource and branch: stable across runs, for de-duplication and auto-close."""
    ident = resource.id if resource.id is not None else resource.name
    material = f"{check_id}|{resource.type}:{ident}|{resource.branch or ''}"
    return "sha256:" + hashlib.sha256(material.encode()).hexdigest()


def finding(
    spec: CheckSpec,
    resource: Resource,
    status: Status,
    *,
    expected: Any = None,
    actual: Any = None,
    message: str = "",
    skip_reason: str = "",
    evidence: tuple[Evidence, ...] | list[Evidence] = (),
    source_of_truth: str = "",
    severity: Severity | None = None,
) -> Finding:
    """A finding for ``spec`` with its metadata and fingerprint filled in."""
    return Finding(
        check_id=spec.id,
        title=spec.title,
        namespace=spec.namespace,
        severity=severity or spec.severity,
        status=status,
        resource=resource,
        expected=expected,
        actual=actual,
        message=message,
        skip_reason=skip_reason,
        evidence=tuple(evidence),
        source_of_truth=source_of_truth,
        aliases=spec.aliases,
        remediation=spec.remediation,
        fingerprint=fingerprint(spec.id, resource),
    )


def failing(findings: Iterable[Finding], threshold: Severity) -> list[Finding]:
    """FAILED (or ERROR) findings at or above ``threshold``: what ``--fail-on`` turns into exit code 3."""
    return [
        found
        for found in findings
        if found.status in (Status.FAILED, Status.ERROR) and found.severity.rank >= threshold.rank
    ]
