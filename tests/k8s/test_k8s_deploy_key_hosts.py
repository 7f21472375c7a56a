"""Deploy keys off github.com: ``known_hosts`` names the SSH host of the GitHub the API URL points at
(GitHub Enterprise Server: ``https://HOST/api/v3`` → ``HOST``) or the rotation file's ``ssh_host``
(``[host]:port`` off port 22), GitRepositories on another host fail the look, and ``tokens check``
judges each cluster's ``known_hosts`` by the same host. The stand-in source-controller refuses a
server whose host key ``known_hosts`` does not list (``knownhosts: key is unknown``), as Go's does."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from k8s_support import variant
from mode_support import data, github_writes
from pydantic import SecretStr

from ghprov.errors import GhprovError
from ghprov.rotation.cluster import ClusterOptions
from ghprov.rotation.report import RotationReport
from ghprov.rotation.results import Status
from ghprov.rotation.ssh_keys import generate_key_pair
from ghprov.services.rotating import RotateRequest, check_tokens, rotate
from ghprov.settings import Settings
from ghprov_testbeds.k8s_lab.credential_tenants import add_tenant, sandbox_validator, tenant_entry
from ghprov_testbeds.k8s_lab.fleet import LabFleet
from ghprov_testbeds.k8s_lab.flux_emulator import lab_http
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.rest_deploy_keys import add_deploy_key
from ghprov_testbeds.sandbox.rest_meta import host_keys
from ghprov_testbeds.sandbox.state import Repository, node_id

REPO = "d1-hosts"
GHES = "flux-ghes"  # ssh://git@127.0.0.1/…, API at the sandbox's /api/v3 (GHES-style)
PORTED = "flux-ported"  # ssh://git@git.acme.example:2222/…, ssh_host set in the rotation file
ELSEWHERE = "flux-elsewhere"  # ssh://git@github.com/… while the API is the GHES-style sandbox


@pytest.fixture(scope="module")
def hosts_config(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """Three deploy-key tenants on one repository, bootstrapped with a person's key each."""
    with sandbox.state.lock:
        if sandbox.state.repository(REPO) is None:
            ident = sandbox.state.new_id()
            repository = Repository(
                id=ident, node_id=node_id("Repository", ident), name=REPO, visibility="private"
            )
            sandbox.state.add_repository(repository).branches["main"] = "0" * 40
    urls = {
        GHES: ("ssh://git@127.0.0.1/acme/d1-hosts", "127.0.0.1"),
        PORTED: ("ssh://git@git.acme.example:2222/acme/d1-hosts", "[git.acme.example]:2222"),
        ELSEWHERE: ("ssh://git@github.com/acme/d1-hosts", "github.com"),
    }
    names = [c.name for c in fleet.clusters]
    for tenant, (url, known) in urls.items():
        bootstrap = generate_key_pair()
        add_deploy_key(sandbox.state, REPO, f"bootstrap {tenant}", bootstrap.public_key, read_only=True)
        initial = {
            "identity": bootstrap.private_key.get_secret_value(),
            "identity.pub": bootstrap.public_key + "\n",
            "known_hosts": "".join(f"{known} {key}\n" for key in host_keys(sandbox.state)),
        }
        for cluster in fleet.clusters:
            add_tenant(cluster, tenant, url, data=initial)

    def derived(document: dict[str, Any]) -> None:
        del document["ssh_host"]  # the SSH host comes from the API URL
        document["tokens"] = {
            tenant: tenant_entry(tenant, names, REPO, "read", "deploy_key") for tenant in (GHES, ELSEWHERE)
        }

    path = variant(rotation_config, tmp_path_factory.mktemp("hosts") / "rotation.yaml", derived)
    for emulator in fleet.emulators:
        emulator.token_valid = sandbox_validator(sandbox.state, REPO)
        emulator.ssh_host_keys = lambda: host_keys(sandbox.state)
    yield path
    for emulator in fleet.emulators:
        emulator.token_valid = lambda cluster, token: True
        emulator.ssh_host_keys = None
    sandbox.clear_log()


def ported_config(base: Path, fleet: LabFleet) -> Path:
    def explicit(document: dict[str, Any]) -> None:
        document["ssh_host"] = "git.acme.example:2222"
        document["tokens"] = {
            PORTED: tenant_entry(PORTED, [c.name for c in fleet.clusters], REPO, "read", "deploy_key")
        }

    return variant(base, base.with_name("ported.yaml"), explicit)


def settings(sandbox: Sandbox, ghes: bool = True) -> Settings:
    url = sandbox.url + "/api/v3" if ghes else sandbox.url
    return Settings(api_url=url, token=SecretStr(sandbox.tokens["owner"]))


def run(config: Path, sandbox: Sandbox, tenant: str, *, ghes: bool = True, **kwargs: Any) -> RotationReport:
    request = RotateRequest(config, tenant, None, options=ClusterOptions(poll_interval=0.05), **kwargs)
    outcome = rotate(request, settings(sandbox, ghes))
    assert isinstance(outcome, RotationReport)
    return outcome


def tenant_check(config: Path, sandbox: Sandbox, tenant: str, ghes: bool = True) -> dict[str, Any]:
    result = check_tokens(config, settings(sandbox, ghes)).as_dict()
    [entry] = [t for t in result["tenants"] if t["tenant"] == tenant]
    return dict(entry)


def set_known_hosts(fleet: LabFleet, cluster: str, name: str, text: str) -> None:
    patch = {"data": {"known_hosts": base64.b64encode(text.encode()).decode()}}
    with lab_http(fleet.cluster(cluster)) as http:
        response = http.patch(
            f"/api/v1/namespaces/flux-system/secrets/{name}",
            content=json.dumps(patch),
            headers={"Content-Type": "application/merge-patch+json"},
        )
        response.raise_for_status()


def test_a_ghes_api_url_names_the_instance_in_known_hosts_and_tokens_check_agrees(
    fleet: LabFleet, sandbox: Sandbox, hosts_config: Path
) -> None:
    report = run(hosts_config, sandbox, GHES, force=True)
    assert report.confirmed, report.as_dict()
    expected = [f"127.0.0.1 {key}" for key in host_keys(sandbox.state)]
    for cluster in fleet.clusters:
        assert data(fleet, cluster.name, GHES)["known_hosts"].splitlines() == expected
    check = tenant_check(hosts_config, sandbox, GHES)
    assert check["level"] == "ok", check

    # known_hosts for github.com on prod-eu: Flux cannot verify the GHES server, tokens check says so.
    github = "".join(f"github.com {key}\n" for key in host_keys(sandbox.state))
    set_known_hosts(fleet, "prod-eu", GHES, github)
    check = tenant_check(hosts_config, sandbox, GHES)
    assert check["level"] == "critical"
    wrong_host = "no key for 127.0.0.1 (it names github.com)"
    assert any("prod-eu" in m and wrong_host in m for m in check["messages"])

    # A rerun keeps the key and rewrites only prod-eu's known_hosts.
    rerun = run(hosts_config, sandbox, GHES)
    statuses = {row.cluster: row.status for row in rerun.clusters}
    assert statuses == {"staging": Status.UNCHANGED, "prod-eu": Status.CONFIRMED, "prod-us": Status.UNCHANGED}
    assert rerun.new_fingerprint == report.new_fingerprint
    assert data(fleet, "prod-eu", GHES)["known_hosts"].splitlines() == expected
    assert tenant_check(hosts_config, sandbox, GHES)["level"] == "ok"


def test_a_host_key_github_no_longer_publishes_is_critical_a_missing_one_a_warning(
    fleet: LabFleet, sandbox: Sandbox, hosts_config: Path
) -> None:
    assert run(hosts_config, sandbox, GHES).confirmed
    keys = host_keys(sandbox.state)
    set_known_hosts(fleet, "prod-us", GHES, f"127.0.0.1 {keys[0]}\n")
    check = tenant_check(hosts_config, sandbox, GHES)
    assert check["level"] == "warning"
    assert any("lacks 2 of GitHub's current host keys" in m for m in check["messages"])
    stale = generate_key_pair().public_key  # a key the server does not have
    set_known_hosts(fleet, "prod-us", GHES, f"127.0.0.1 {stale}\n")
    check = tenant_check(hosts_config, sandbox, GHES)
    assert check["level"] == "critical"
    assert any("none of GitHub's current host keys" in m for m in check["messages"])
    assert run(hosts_config, sandbox, GHES).confirmed  # the rerun repairs it


def test_a_source_on_another_host_fails_the_look_before_github_is_written(
    fleet: LabFleet, sandbox: Sandbox, hosts_config: Path
) -> None:
    sandbox.clear_log()
    report = run(hosts_config, sandbox, ELSEWHERE, force=True)
    assert all(row.status in (Status.FAILED, Status.SKIPPED) for row in report.clusters)
    error = report.clusters[0].error or ""
    assert "connects to ssh://git@github.com/acme/d1-hosts, but known_hosts names 127.0.0.1" in error
    assert "ssh://git@127.0.0.1/OWNER/REPO" in error
    assert github_writes(sandbox) == []


def test_an_api_url_of_no_known_shape_needs_ssh_host(
    fleet: LabFleet, sandbox: Sandbox, hosts_config: Path
) -> None:
    sandbox.clear_log()
    with pytest.raises(GhprovError) as raised:
        run(hosts_config, sandbox, GHES, ghes=False, force=True)
    assert "cannot tell GitHub's SSH host" in raised.value.message and "ssh_host" in (raised.value.hint or "")
    assert sandbox.log == []  # refused before GitHub was asked anything
    with pytest.raises(GhprovError, match="cannot tell GitHub's SSH host"):
        check_tokens(hosts_config, settings(sandbox, ghes=False))


def test_an_explicit_ssh_host_with_a_port(fleet: LabFleet, sandbox: Sandbox, hosts_config: Path) -> None:
    config = ported_config(hosts_config, fleet)
    report = run(config, sandbox, PORTED, ghes=False, force=True)
    assert report.confirmed, report.as_dict()
    expected = [f"[git.acme.example]:2222 {key}" for key in host_keys(sandbox.state)]
    assert data(fleet, "staging", PORTED)["known_hosts"].splitlines() == expected
    # The setting wins over the API URL, for tokens check too.
    assert tenant_check(config, sandbox, PORTED, ghes=True)["level"] == "ok"
