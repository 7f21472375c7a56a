"""``ghprov init d1 --receiver-url``: the Flux Receiver webhooks on the D1 repositories, and their checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ghprov.cli.commands import init
from ghprov.config import load_config

BASE = ["--org", "acme", "--bot", "acme-flux-bot", "--tenant", "apps,billing"]
BASE += ["--cluster", "staging", "--cluster", "prod-eu", "--owner", "alice,bob"]
STAGING = "https://flux-webhook.staging.example.com/hook/" + "a1" * 32
PROD = "https://flux-webhook.eu.example.com:8443/hook/" + "b2" * 32
APPS_BACKEND = "https://flux-webhook.staging.example.com/hook/" + "c3" * 32
APPS_FRONTEND = "https://flux-webhook.staging.example.com/hook/" + "d4" * 32


@pytest.fixture(autouse=True)
def receiver_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    # The config's secret references must be readable where it loads (an unset one is an error there).
    for name in ("FLUX_RECEIVER_TOKEN", "FLUX_RECEIVER_TOKEN_BILLING", "APPS_RECEIVER_TOKEN"):
        monkeypatch.setenv(name, "receiver-token")


@pytest.fixture
def app() -> typer.Typer:
    application = typer.Typer(pretty_exceptions_enable=False)
    init.register(application)
    return application


def invoke(app: typer.Typer, out: Path, *arguments: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["init", "d1", *BASE, *arguments, "--out", str(out)])
    return result.exit_code, result.stdout, result.stderr


def test_platform_receivers_on_fleet_and_infra_tenant_receivers_on_their_repository(
    app: typer.Typer, tmp_path: Path
) -> None:
    code, _, stderr = invoke(
        app,
        tmp_path,
        "--receiver-url", STAGING, "--receiver-url", f"platform={PROD}",
        "--receiver-url", f"apps={APPS_BACKEND}", "--receiver-url", f"apps={APPS_FRONTEND}",
        "--receiver-secret", "apps=env:APPS_RECEIVER_TOKEN",
    )  # fmt: skip
    assert code == 0, stderr
    loaded = load_config(tmp_path)
    repositories = loaded.organization.repositories
    hooks = {name: sorted(repository.webhooks) for name, repository in repositories.items()}
    assert hooks == {
        "d1-fleet": sorted([STAGING, PROD]),
        "d1-infra": sorted([STAGING, PROD]),
        "d1-apps": sorted([APPS_BACKEND, APPS_FRONTEND]),
        "d1-billing": [],  # no Receiver given: polls, with a warning
    }
    fleet = repositories["d1-fleet"].webhooks[STAGING]
    assert (fleet.content_type, fleet.events, fleet.active, fleet.insecure_ssl) == (
        "json",
        ("ping", "push"),
        True,
        False,
    )
    # Every managed field is written, so plan enforces TLS checks and the events, not only creation.
    assert {"content_type", "events", "active", "insecure_ssl", "secret"} <= fleet.model_fields_set
    assert fleet.secret == "env:FLUX_RECEIVER_TOKEN"
    assert repositories["d1-apps"].webhooks[APPS_BACKEND].secret == "env:APPS_RECEIVER_TOKEN"
    assert "no --receiver-url for billing" in stderr
    text = (tmp_path / "repositories.yaml").read_text(encoding="utf-8")
    assert "status.webhookPath" in text and "--rotate-secrets" in text  # explained where declared
    # The header's command regenerates the same layout.
    assert f"--receiver-url platform={STAGING}" in text
    assert "--receiver-secret apps=env:APPS_RECEIVER_TOKEN" in text


def test_a_tenant_receiver_gets_its_own_default_reference(app: typer.Typer, tmp_path: Path) -> None:
    code, _, stderr = invoke(app, tmp_path, "--receiver-url", f"billing={APPS_BACKEND}")
    assert code == 0, stderr
    repositories = load_config(tmp_path).organization.repositories
    assert repositories["d1-billing"].webhooks[APPS_BACKEND].secret == "env:FLUX_RECEIVER_TOKEN_BILLING"
    assert repositories["d1-fleet"].webhooks == {}


def test_fewer_platform_receivers_than_clusters_is_a_warning(app: typer.Typer, tmp_path: Path) -> None:
    code, _, stderr = invoke(app, tmp_path, "--receiver-url", STAGING)
    assert code == 0
    assert "1 platform Receiver URL(s) for 2 clusters" in stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--receiver-url", STAGING.replace("https", "http")], "must be https"),
        (["--receiver-url", "https://flux.example.com/"], "the path must be /hook/<sha256 hex digest>"),
        (["--receiver-url", "https://flux.example.com/hook/abc"], "Receiver's .status.webhookPath"),
        (["--receiver-url", STAGING.upper().replace("HTTPS", "https")], "the path must be /hook/"),
        (["--receiver-url", "https://flux.example.com/prefix/hook/" + "a" * 64], "the path must be"),
        (["--receiver-url", STAGING + "?x=1"], "must not have a query"),
        (["--receiver-url", STAGING.replace("https://", "https://u:p@")], "must not carry credentials"),
        (["--receiver-url", f"ops={STAGING}"], "--receiver-url ops=...: 'ops' is neither"),
        (["--receiver-url", STAGING, "--receiver-url", f"apps={STAGING}"], "is given for platform and apps"),
        (["--receiver-secret", "env:X"], "--receiver-secret platform=...: no --receiver-url"),
        (["--receiver-url", STAGING, "--receiver-secret", "apps=env:X"], "no --receiver-url is given"),
        (
            ["--receiver-url", STAGING, "--receiver-secret", "env:A", "--receiver-secret", "env:B"],
            "given more than once",
        ),
        (
            ["--receiver-url", STAGING, "--receiver-secret", "vault:x"],
            "unknown secret source 'vault'",
        ),
    ],
)
def test_receiver_options_are_checked(
    app: typer.Typer, tmp_path: Path, arguments: list[str], message: str
) -> None:
    code, stdout, stderr = invoke(app, tmp_path, *arguments)
    assert code == 1 and message in stderr, stdout + stderr
    assert "Traceback" not in stdout + stderr
    assert list(tmp_path.iterdir()) == []


def test_a_pasted_token_is_refused_and_never_repeated(app: typer.Typer, tmp_path: Path) -> None:
    token = "f00dcafe0123456789abcdef"  # a Receiver token typed where its reference belongs
    code, stdout, stderr = invoke(app, tmp_path, "--receiver-url", STAGING, "--receiver-secret", token)
    assert code == 1 and "not a secret reference" in stderr
    assert token not in stdout + stderr
    assert list(tmp_path.iterdir()) == []


def test_more_than_twenty_hooks_on_a_repository_is_refused(app: typer.Typer, tmp_path: Path) -> None:
    urls = [f"https://c{index}.example.com/hook/{'e' * 64}" for index in range(21)]
    arguments = [part for url in urls for part in ("--receiver-url", f"apps={url}")]
    code, _, stderr = invoke(app, tmp_path, *arguments)
    assert code == 1 and "d1-apps would get 21 webhooks; GitHub allows 20" in stderr
