"""One row per finding (check x resource): easy to filter in a spreadsheet and to diff between runs."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ghprov.audit.report import Report

COLUMNS = (
    "check_id",
    "title",
    "severity",
    "status",
    "namespace",
    "resource_type",
    "resource_name",
    "branch",
    "resource_url",
    "expected",
    "actual",
    "message",
    "skip_reason",
    "evidence",
    "source_of_truth",
    "aliases",
    "exception_justification",
    "exception_expires_at",
    "fingerprint",
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True)


def render_csv(report: Report) -> str:
    """CSV with a header row; structured values are JSON in their cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for found in report.findings:
        writer.writerow(
            [
                found.check_id,
                found.title,
                found.severity.value,
                found.status.value,
                found.namespace,
                found.resource.type,
                found.resource.name,
                found.resource.branch or "",
                found.resource.canonical_url,
                _cell(found.expected),
                _cell(found.actual),
                found.message,
                found.skip_reason,
                " ; ".join(f"{e.location} #{e.pointer}" if e.pointer else e.location for e in found.evidence),
                found.source_of_truth,
                " ; ".join(f"{a.tool}:{a.id}" for a in found.aliases),
                found.exception.justification if found.exception else "",
                found.exception.expires_at if found.exception else "",
                found.fingerprint,
            ]
        )
    return buffer.getvalue()
