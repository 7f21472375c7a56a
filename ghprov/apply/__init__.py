"""Apply a plan to GitHub: ordered, paced writes with partial-failure reporting."""

from ghprov.apply.executor import ApplyOptions, execute
from ghprov.apply.report import ApplyReport, ChangeResult, Status, render_json, render_text
from ghprov.apply.staleness import check_same_changes, check_saved_plan

__all__ = [
    "ApplyOptions",
    "ApplyReport",
    "ChangeResult",
    "Status",
    "check_same_changes",
    "check_saved_plan",
    "execute",
    "render_json",
    "render_text",
]
