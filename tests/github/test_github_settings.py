"""Settings from GHPROV_* variables: defaults, aliases, secrets kept out of output."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghprov.errors import GhprovError
from ghprov.github.auth import build_auth
from ghprov.settings import Settings, fingerprint

VARIABLES = (
    "GHPROV_TOKEN",
    "GITHUB_TOKEN",
    "GHPROV_APP_ID",
    "GHPROV_APP_PRIVATE_KEY",
    "GHPROV_INSTALLATION_ID",
)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_defaults() -> None:
    settings = Settings()
    assert settings.api_url == "https://api.github.com"
    assert settings.api_version == "2022-11-28"
    assert settings.max_read_concurrency == 8
    assert settings.rate_limit_wait_max_seconds == 300
    assert settings.write_interval_seconds == 1.0
    assert settings.token is None


def test_token_from_either_variable_and_never_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_from_ci")
    assert Settings().token is not None
    monkeypatch.setenv("GHPROV_TOKEN", "ghp_from_ghprov")
    settings = Settings()
    assert settings.token is not None and settings.token.get_secret_value() == "ghp_from_ghprov"
    assert "ghp_from_ghprov" not in repr(settings) and "ghp_from_ghprov" not in str(settings.model_dump())


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GHPROV_API_URL", "http://127.0.0.1:8080")
    monkeypatch.setenv("GHPROV_MAX_READ_CONCURRENCY", "3")
    settings = Settings()
    assert (settings.api_url, settings.max_read_concurrency) == ("http://127.0.0.1:8080", 3)


def test_fingerprint_is_stable_and_short() -> None:
    assert fingerprint("ghp_abc") == fingerprint("ghp_abc")
    assert fingerprint("ghp_abc").startswith("sha256:") and len(fingerprint("ghp_abc")) == len("sha256:") + 12
    assert fingerprint("ghp_abc") != fingerprint("ghp_abd")


def test_private_key_from_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = tmp_path / "app.pem"
    key.write_text("-----BEGIN PRIVATE KEY-----\n", encoding="utf-8")
    monkeypatch.setenv("GHPROV_APP_ID", "7")
    monkeypatch.setenv("GHPROV_APP_PRIVATE_KEY_PATH", str(key))
    assert Settings().private_key().startswith("-----BEGIN")
    key.unlink()
    with pytest.raises(GhprovError, match="cannot read the GitHub App private key"):
        Settings().private_key()


def test_missing_credentials_are_explained() -> None:
    with pytest.raises(GhprovError, match="no GitHub credentials") as raised:
        build_auth(Settings())
    assert "GHPROV_TOKEN" in raised.value.hint


def test_app_without_installation_id_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GHPROV_APP_ID", "7")
    monkeypatch.setenv("GHPROV_APP_PRIVATE_KEY", "pem")
    with pytest.raises(GhprovError, match="needs the installation id"):
        build_auth(Settings())
