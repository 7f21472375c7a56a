"""ORG-25: the App installations of ``auth: github_app`` tenants reach no more than the rotation file says."""

from __future__ import annotations

from pathlib import Path

from audit_support import export, write_rotation_file

from ghprov.audit.findings import Finding, Status
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.app_tokens import select_repositories


def _org25(sandbox: Sandbox, tmp_path: Path, installation_id: int) -> list[Finding]:
    app = next(a for a in sandbox.state.apps.values() if a.installation_id == installation_id)
    tenant = {
        "auth": "github_app",
        "github_app": {"app_id": app.id, "installation_id": installation_id},
        "repositories": {"d1-fleet": "read"},
    }
    rotation = write_rotation_file(tmp_path / "rotation.yaml", {"flux-system": tenant})
    result = export(sandbox, "owner", tmp_path / "out", rotation_path=rotation)
    return [f for f in result.report.findings if f.check_id == "ORG-25"]


def test_an_installation_on_the_declared_repository_with_read_passes(
    compliant: tuple[Sandbox, Path], tmp_path: Path
) -> None:
    sandbox, _ = compliant
    select_repositories(sandbox.state, "flux-app", ["d1-fleet"], {"contents": "read", "metadata": "read"})
    [found] = _org25(sandbox, tmp_path, sandbox.state.apps["flux-app"].installation_id)
    assert found.status is Status.PASSED, found.message
    assert found.actual["repositories"] == ["acme/d1-fleet"]


def test_a_wider_installation_fails_with_each_excess(compliant: tuple[Sandbox, Path], tmp_path: Path) -> None:
    sandbox, _ = compliant
    select_repositories(
        sandbox.state,
        "flux-app",
        ["d1-fleet", "d1-apps"],
        {"contents": "write", "metadata": "read", "administration": "write"},
    )
    [found] = _org25(sandbox, tmp_path, sandbox.state.apps["flux-app"].installation_id)
    assert found.status is Status.FAILED
    assert "reaches undeclared repositories: acme/d1-apps" in found.message
    assert "contents: write, read is declared" in found.message
    assert "write permissions Flux does not need: administration" in found.message
    select_repositories(sandbox.state, "flux-app", None)  # all repositories
    [every] = _org25(sandbox, tmp_path / "all", sandbox.state.apps["flux-app"].installation_id)
    assert "the installation reaches every repository" in every.message
