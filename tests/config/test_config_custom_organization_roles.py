"""Custom organisation roles in the config: problems at file:line:column, entries split across files."""

from __future__ import annotations

from config_types import Problems, WriteConfig

from ghprov.config import load_config
from ghprov.model import CustomOrganizationRole


def test_a_predefined_name_an_unknown_base_role_and_a_blank_permission_are_located(
    write_config: WriteConfig, problems: Problems
) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        custom_organization_roles:
          all_repo_read:
            permissions: [read_audit_logs]
          auditor:
            base_role: owner
          releaser:
            permissions: [" "]
        """,
    )
    found = problems()
    assert len(found) == 3, found
    assert found[0].startswith("a.yaml:3:3: 'all_repo_read' is one of GitHub's predefined organisation roles")
    assert (
        found[1].startswith("a.yaml:6:16: ") and "'read', 'triage', 'write', 'maintain', 'admin'" in found[1]
    )
    assert found[2].startswith("a.yaml:8:") and "a permission name cannot be empty" in found[2]


def test_definitions_may_be_split_across_files(write_config: WriteConfig) -> None:
    write_config(
        "a.yaml",
        "organization: acme\ncustom_organization_roles:\n  auditor: {permissions: [read_audit_logs]}\n",
    )
    written = write_config("b.yaml", "custom_organization_roles:\n  releaser: {base_role: write}\n")
    roles = load_config(written.parent).organization.custom_organization_roles
    assert roles == {
        "auditor": CustomOrganizationRole(permissions=("read_audit_logs",)),
        "releaser": CustomOrganizationRole(base_role="write"),
    }
