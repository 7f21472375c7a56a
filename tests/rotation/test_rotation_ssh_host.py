"""Which SSH host a deploy key's known_hosts names, how a GitRepository URL is matched to it, and the
rotation file's ``ssh_host`` setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghprov.errors import ConfigError, GhprovError
from ghprov.k8s.flux import FluxRef, FluxStatus
from ghprov.rotation.config import load_rotation_config
from ghprov.rotation.ssh_host import SshHost, from_api_url, parse_ssh_host, resolve_ssh_host, ssh_endpoint
from ghprov.rotation.ssh_keys import keys_for, known_hosts, named_hosts
from ghprov.rotation.transport import transport_problem

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"


@pytest.mark.parametrize(
    ("api_url", "host"),
    [
        ("https://api.github.com", SshHost("github.com")),
        ("https://api.github.com/", SshHost("github.com")),
        ("https://api.octocorp.ghe.com", SshHost("octocorp.ghe.com")),
        ("https://github.example.com/api/v3", SshHost("github.example.com")),
        ("https://GitHub.Example.com:8443/api/v3/", SshHost("github.example.com")),  # SSH stays on 22
        ("http://127.0.0.1:8080", None),  # a test double or proxy: no GitHub shape
        ("https://proxy.example.com/github", None),
        ("https://api.github.com/api/v3", None),
    ],
)
def test_the_ssh_host_follows_githubs_products(api_url: str, host: SshHost | None) -> None:
    assert from_api_url(api_url) == host


def test_the_setting_wins_and_an_unknown_api_url_asks_for_it() -> None:
    assert resolve_ssh_host("http://127.0.0.1:1", SshHost("github.com")) == SshHost("github.com")
    assert resolve_ssh_host("https://api.github.com", SshHost("git.acme.example", 2222)).port == 2222
    with pytest.raises(GhprovError) as raised:
        resolve_ssh_host("https://proxy.example.com/github", None)
    assert "proxy.example.com" in raised.value.message and "ssh_host" in (raised.value.hint or "")


def test_ports_are_written_as_openssh_does() -> None:
    assert parse_ssh_host("git.acme.example:2222").known_hosts_name == "[git.acme.example]:2222"
    assert parse_ssh_host("GitHub.Example.com").known_hosts_name == "github.example.com"
    assert parse_ssh_host("[fd00::1]:2200") == SshHost("fd00::1", 2200)
    assert str(parse_ssh_host("git.acme.example:22")) == "git.acme.example"
    lines = known_hosts([KEY], SshHost("git.acme.example", 2222))
    assert lines == f"[git.acme.example]:2222 {KEY}\n"
    assert keys_for(lines, SshHost("git.acme.example", 2222)) == {KEY}
    assert keys_for(lines, SshHost("git.acme.example")) == set()
    assert named_hosts(f"# comment\n@revoked * {KEY}\na.example,b.example {KEY}\n") == [
        "a.example",
        "b.example",
    ]
    for bad in ("git@github.com", "host:0", "host:70000", "exa mple.com", ""):
        with pytest.raises(ValueError):
            parse_ssh_host(bad)


@pytest.mark.parametrize(
    ("url", "endpoint"),
    [
        ("ssh://git@github.com/acme/d1-infra", ("github.com", 22)),
        ("ssh://git@GitHub.com:22/acme/d1-infra", ("github.com", 22)),
        ("ssh://git@git.acme.example:2222/acme/d1-infra", ("git.acme.example", 2222)),
        ("git@github.com:acme/d1-infra.git", ("github.com", 22)),
        ("https://github.com/acme/d1-infra", None),
        ("ssh://git@host:notaport/x", None),
    ],
)
def test_a_gitrepository_url_is_matched_by_host_and_port(url: str, endpoint: tuple[str, int] | None) -> None:
    assert ssh_endpoint(url) == endpoint


def source(url: str) -> FluxStatus:
    return FluxStatus(None, None, None, None, True, "Succeeded", "", "1m", url=url)


def test_a_source_on_another_host_is_a_transport_problem() -> None:
    ref = FluxRef("GitRepository", "flux-system", "flux-infra")
    ghes = SshHost("github.example.com")
    on_github = source("ssh://git@github.com/acme/d1-infra")
    problem = transport_problem("deploy_key", ref, on_github, ghes)
    assert problem is not None and "known_hosts names github.example.com" in problem
    assert "ssh://git@github.example.com/OWNER/REPO" in problem
    assert transport_problem("deploy_key", ref, on_github, SshHost("github.com")) is None
    https = source("https://github.example.com/acme/d1-infra")
    assert "needs ssh://git@github.example.com/OWNER/REPO" in (
        transport_problem("deploy_key", ref, https, ghes) or ""
    )
    assert transport_problem("pat", ref, https, None) is None


def test_the_rotation_files_ssh_host_is_checked_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "rotation.yaml"
    base = (
        "organization: acme\n"
        "clusters: {a: {}}\n"
        "tokens:\n"
        "  flux-x: {auth: deploy_key, repositories: {d1-infra: read},\n"
        "           secret: {name: flux-x}, clusters: [a]}\n"
    )
    path.write_text(base + "ssh_host: git.acme.example:2222\n")
    config = load_rotation_config(path)
    assert config.ssh_endpoint == SshHost("git.acme.example", 2222)
    path.write_text(base + "ssh_host: git@github.com\n")
    with pytest.raises(ConfigError) as raised:
        load_rotation_config(path)
    [problem] = [str(p) for p in raised.value.problems]
    assert problem.startswith(f"{path}:6:") and "is not a host name" in problem
