"""The pure plan engine: desired vs live → an ordered Plan; safety rails; text, JSON and Markdown output."""

from ghprov.plan.changes import Action, Change, FieldChange, Finding, Kind, Plan
from ghprov.plan.checksum import changed_resources, live_checksum, resource_digests
from ghprov.plan.diff import compute_plan
from ghprov.plan.render_json import plan_document, render_json
from ghprov.plan.render_markdown import render_markdown
from ghprov.plan.render_text import print_plan, render_plain, render_text
from ghprov.plan.safety import SafetyOptions, check_plan_safety, raise_if_unsafe
from ghprov.plan.saved import SavedPlanError, load_plan, plan_from_document, save_plan
from ghprov.plan.violations import SafetyViolation

__all__ = [
    "Action",
    "Change",
    "FieldChange",
    "Finding",
    "Kind",
    "Plan",
    "SafetyOptions",
    "SafetyViolation",
    "SavedPlanError",
    "changed_resources",
    "check_plan_safety",
    "compute_plan",
    "live_checksum",
    "load_plan",
    "plan_document",
    "plan_from_document",
    "print_plan",
    "raise_if_unsafe",
    "render_json",
    "render_markdown",
    "render_plain",
    "render_text",
    "resource_digests",
    "save_plan",
]
