"""Text, JSON and Markdown renderings of a plan."""

from __future__ import annotations

import io
import json

from plan_helpers import plan_for

from ghprov.plan import Plan, print_plan, render_json, render_markdown, render_plain

DESIRED = {
    "settings": {"two_factor_requirement_enabled": True, "default_repository_permission": "none"},
    "members": {"owners": ["alice"], "members": ["bob", "carol"]},
    "teams": {"platform": {"privacy": "closed", "members": ["bob"], "repositories": {"fleet": "admin"}}},
    "repositories": {
        "fleet": {
            "description": "Fleet",
            "branch_protection": {"main": {"required_approving_review_count": 1}},
        }
    },
    "prune": {"members": True},
}
CURRENT = {
    "settings": {"two_factor_requirement_enabled": False, "default_repository_permission": "read"},
    "members": {"owners": ["alice"], "members": ["bob", "mallory"]},
    "repositories": {
        "fleet": {"description": "Old", "branch_protection": {"main": {"required_approving_review_count": 2}}}
    },
}


def _plan() -> Plan:
    return plan_for(DESIRED, CURRENT, pending={"carol": "member"})


def test_text_groups_per_resource_with_symbols_and_old_to_new() -> None:
    text = render_plain(_plan())
    lines = text.splitlines()
    assert "organization acme" in lines
    assert "team platform" in lines
    assert "repository fleet" in lines
    assert "  ~ settings" in lines
    assert '      default_repository_permission: "read" → "none"' in lines
    assert "  - member mallory" in lines
    assert "  + team platform" in lines
    assert '      privacy: "closed"' in lines
    assert "  + access to fleet" in lines
    assert "  ~ branch protection main (loosens protection)" in lines
    assert "      required_approving_review_count: 2 → 1" in lines
    assert any(
        line.startswith("  ! organization_settings:acme: two_factor_requirement_enabled") for line in lines
    )
    assert lines[-1] == "Plan: 3 to add, 3 to change, 1 to remove; 2 findings"
    assert lines.index("organization acme") < lines.index("team platform") < lines.index("repository fleet")


def test_text_without_changes() -> None:
    text = render_plain(plan_for({}, {}))
    assert text.startswith("No changes: the organisation matches the configuration.")
    assert text.rstrip().endswith("Plan: 0 to add, 0 to change, 0 to remove; 0 findings")


def test_singular_finding_in_summary() -> None:
    plan = plan_for({"settings": {"two_factor_requirement_enabled": True}}, {"settings": {}})
    assert render_plain(plan).rstrip().endswith("; 1 finding")


def test_colour_only_on_a_terminal() -> None:
    plain_stream = io.StringIO()
    print_plan(_plan(), plain_stream)
    assert "\x1b[" not in plain_stream.getvalue()
    assert plain_stream.getvalue() == render_plain(_plan())

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    print_plan(_plan(), terminal)
    assert "\x1b[" in terminal.getvalue()


def test_json_document_is_versioned_and_serialisable() -> None:
    plan = _plan()
    document = json.loads(render_json(plan))
    assert document["format"] == "ghprov-plan"
    assert document["version"] == 1
    assert document["organization"] == "acme"
    assert document["live_checksum"] == plan.live_checksum and document["live_checksum"].startswith("sha256:")
    assert document["summary"] == {"add": 3, "change": 3, "remove": 1, "findings": 2}
    team = next(c for c in document["changes"] if c["address"] == "team:platform")
    assert team["action"] == "create"
    # Model objects keep only managed fields: what is not in the config is not in the plan.
    assert team["desired"] == {"privacy": "closed", "members": ["bob"], "repositories": {"fleet": "admin"}}
    protection = next(c for c in document["changes"] if c["kind"] == "branch_protection")
    assert protection["loosens"] is True
    assert protection["fields"] == [{"field": "required_approving_review_count", "before": 2, "after": 1}]
    assert {f["code"] for f in document["findings"]} == {"read-only-setting", "invitation-pending"}


def test_markdown_summary_table_first_then_collapsible_sections() -> None:
    markdown = render_markdown(_plan())
    lines = markdown.splitlines()
    assert lines[0] == "### ghprov plan for `acme`"
    assert "**Plan: 3 to add, 3 to change, 1 to remove; 2 findings**" in lines
    table = lines.index("| Kind | Add | Change | Remove |")
    first_section = lines.index("<details>")
    assert table < first_section
    assert "| organization_membership | 0 | 0 | 1 |" in lines
    assert "| **total** | **3** | **3** | **1** |" in lines
    assert "<summary>branch_protection (1 change)</summary>" in lines
    assert "~ branch protection main (loosens protection)  # branch_protection:fleet/main" in lines
    assert "> **Loosens protection:** `branch_protection:fleet/main`" in lines
    assert "#### Findings (not changed by ghprov)" in lines
    assert markdown.count("<details>") == markdown.count("</details>") == 7


def test_markdown_escapes_pipes_in_findings() -> None:
    plan = plan_for({"settings": {"two_factor_requirement_enabled": True}}, {"settings": {}})
    plan.findings[0] = type(plan.findings[0])("x", "a:b", "one | two")
    assert "| warning | `a:b` | one \\| two |" in render_markdown(plan)


def test_markdown_without_changes() -> None:
    markdown = render_markdown(plan_for({}, {}))
    assert "No changes: the organisation matches the configuration." in markdown
    assert "<details>" not in markdown
