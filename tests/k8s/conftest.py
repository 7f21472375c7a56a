"""Real kube-apiserver + etcd clusters for the rotation tests (one set per session), and the sandbox."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ghprov.cli.main import _register_commands
from ghprov_testbeds.k8s_lab.clusters import find_binaries
from ghprov_testbeds.k8s_lab.fleet import BOT, LabFleet, rotation_file, seed_github, start_fleet
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.pats import mint_user_token

CLUSTERS = ["staging", "prod-eu", "prod-us"]


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox.start(org="acme", logins={"bot": BOT}) as running:
        seed_github(running.state)
        yield running


@pytest.fixture(scope="session")
def fleet(tmp_path_factory: pytest.TempPathFactory, sandbox: Sandbox) -> Iterator[LabFleet]:
    binaries = find_binaries()
    if binaries is None:
        if os.environ.get("GHPROV_REQUIRE_K8S"):
            pytest.fail(
                "GHPROV_REQUIRE_K8S is set but kube-apiserver/etcd are absent: run scripts/kube_apiserver.sh"
            )
        pytest.skip("kube-apiserver/etcd not found (run scripts/kube_apiserver.sh)")
    root = tmp_path_factory.mktemp("clusters")
    initial = mint_user_token(sandbox.state, BOT, expires_in_days=5)
    running = start_fleet(CLUSTERS, root, binaries, initial)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def rotation_config(fleet: LabFleet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rotation") / "rotation.yaml"
    return rotation_file(path, fleet.kubeconfig, fleet.clusters, "acme", timeout="20s")


@pytest.fixture()
def new_token(sandbox: Sandbox) -> str:
    """A fresh, valid bot token (60 days) for each test."""
    return mint_user_token(sandbox.state, BOT, expires_in_days=60)


@pytest.fixture(scope="session")
def cli() -> CliRunner:
    _register_commands()
    return CliRunner()
