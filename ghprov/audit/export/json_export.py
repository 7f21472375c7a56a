"""The canonical findings document (``findings.json``)."""

from __future__ import annotations

from ghprov.audit.report import Report


def render_json(report: Report) -> str:
    """The report as indented JSON, keys in declaration order."""
    return report.model_dump_json(indent=2) + "\n"
