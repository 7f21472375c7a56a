"""Runtime settings from ``GHPROV_*`` environment variables (flags override them in the CLI).

Secrets are ``SecretStr`` so that printing or logging a ``Settings`` never shows them; display a
token by its ``fingerprint`` only.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ghprov.errors import GhprovError


class Settings(BaseSettings):
    """How ghprov reaches GitHub and how hard it may push it."""

    model_config = SettingsConfigDict(env_prefix="GHPROV_", extra="ignore", populate_by_name=True)

    # GITHUB_TOKEN is what CI systems and the gh CLI already export.
    token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("GHPROV_TOKEN", "GITHUB_TOKEN", "token")
    )
    app_id: int | None = None
    app_private_key: SecretStr | None = None
    app_private_key_path: Path | None = None
    installation_id: int | None = None
    # The organisation whose installation of the App to use when no ``installation_id`` is given:
    # set by ghprov for each organisation a run reaches, so one App serves many organisations.
    installation_organization: str | None = None
    api_url: str = "https://api.github.com"
    api_version: str = "2022-11-28"
    # Well under GitHub's secondary limit of 100 concurrent requests (REST and GraphQL together).
    max_read_concurrency: int = Field(default=8, ge=1, le=32)
    rate_limit_wait_max_seconds: float = Field(default=300.0, ge=0)
    # The one write schedule: the client spaces every write by this much (apply shares its pacer).
    write_interval_seconds: float = Field(default=1.0, ge=0)
    request_timeout: float = Field(default=30.0, gt=0)
    # Base of the exponential back-off between retries of server and connection errors.
    retry_backoff_seconds: float = Field(default=0.5, ge=0)

    @model_validator(mode="after")
    def _one_private_key(self) -> Settings:
        if self.app_private_key is not None and self.app_private_key_path is not None:
            raise ValueError("set GHPROV_APP_PRIVATE_KEY or GHPROV_APP_PRIVATE_KEY_PATH, not both")
        return self

    @property
    def uses_app(self) -> bool:
        """True when GitHub App installation credentials are configured."""
        return self.app_id is not None

    def private_key(self) -> str:
        """The App's PEM private key, from the variable or the file it names."""
        if self.app_private_key is not None:
            return self.app_private_key.get_secret_value()
        if self.app_private_key_path is None:
            raise GhprovError(
                "GitHub App authentication needs a private key",
                hint="set GHPROV_APP_PRIVATE_KEY or GHPROV_APP_PRIVATE_KEY_PATH",
            )
        try:
            return self.app_private_key_path.read_text(encoding="utf-8")
        except OSError as error:
            raise GhprovError(
                f"cannot read the GitHub App private key at {self.app_private_key_path}: {error.strerror}",
                hint="check GHPROV_APP_PRIVATE_KEY_PATH",
            ) from error


def fingerprint(token: str | SecretStr) -> str:
    """A stable, non-reversible label for a token: ``sha256:`` and 12 hex digits."""
    value = token.get_secret_value() if isinstance(token, SecretStr) else token
    return "sha256:" + hashlib.sha256(value.encode()).hexdigest()[:12]
