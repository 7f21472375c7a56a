"""ORG-24: the deploy keys of ``auth: deploy_key`` tenants stay within the rotation file."""

from __future__ import annotations

import datetime
from pathlib import Path

from audit_support import TENANTS, export, write_rotation_file

from ghprov.audit.findings import Finding, Severity, Status
from ghprov.rotation.secret_shape import stamp
from ghprov.rotation.ssh_keys import generate_key_pair
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.rest_deploy_keys import add_deploy_key

KEYED = {"flux-infra": {"auth": "deploy_key", "repositories": {"d1-infra": "read"}}}


def _org24(sandbox: Sandbox, tmp_path: Path, tenants: dict[str, dict[str, object]]) -> list[Finding]:
    rotation = write_rotation_file(tmp_path / "rotation.yaml", tenants)
    result = export(sandbox, "owner", tmp_path / "out", rotation_path=rotation)
    return [f for f in result.report.findings if f.check_id == "ORG-24"]


def _title(days_ago: float) -> str:
    moment = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=days_ago)
    return f"ghprov-rotate flux-infra {stamp(moment)}"


def test_a_fresh_read_only_rotation_key_passes(compliant: tuple[Sandbox, Path], tmp_path: Path) -> None:
    sandbox, _ = compliant
    add_deploy_key(sandbox.state, "d1-infra", _title(2), generate_key_pair().public_key, read_only=True)
    [found] = _org24(sandbox, tmp_path, {**TENANTS, **KEYED})
    assert found.status is Status.PASSED, found.message
    assert found.actual["age_days"] is not None and 1.5 < found.actual["age_days"] < 3.5


def test_write_where_read_is_declared_and_an_overdue_key_fail(
    compliant: tuple[Sandbox, Path], tmp_path: Path
) -> None:
    sandbox, _ = compliant
    add_deploy_key(sandbox.state, "d1-infra", _title(75), generate_key_pair().public_key, read_only=True)
    add_deploy_key(
        sandbox.state, "d1-infra", "someone's laptop", generate_key_pair().public_key, read_only=False
    )
    [found] = _org24(sandbox, tmp_path, KEYED)
    assert found.status is Status.FAILED and found.severity is Severity.HIGH
    assert 'deploy key "someone\'s laptop" can write; read is declared' in found.message
    assert "the newest key is 75 days old" in found.message
    assert {e.pointer for e in found.evidence} == {"/read_only", "/title"}


def test_no_rotation_key_fails_and_pat_tenants_are_not_judged(
    compliant: tuple[Sandbox, Path], tmp_path: Path
) -> None:
    sandbox, _ = compliant
    [found] = _org24(sandbox, tmp_path, {**TENANTS, **KEYED})
    assert found.status is Status.FAILED and "no deploy key registered by `ghprov rotate`" in found.message
    [skipped] = _org24(sandbox, tmp_path / "pat", TENANTS)
    assert skipped.status is Status.SKIPPED and "no `auth: deploy_key` tenant" in skipped.skip_reason
