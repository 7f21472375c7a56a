"""Secret references that cannot be read on this machine are errors at their line, in every section."""

from __future__ import annotations

from pathlib import Path

import pytest
from config_types import Problems, WriteConfig

from ghprov.config import load_config
from ghprov.errors import ConfigError

CONFIG = """
organization: acme
webhooks:
  https://audit.example.com/github: {events: [member], secret: env:ORG_HOOK_TOKEN}
repositories:
  d1-fleet:
    actions_secrets:
      DEPLOY: {value: env:DEPLOY_TOKEN}
    webhooks:
      https://flux.example.com/hook/a1: {secret: env:FLUX_RECEIVER_TOKEN}
    environments:
      production:
        secrets:
          KUBECONFIG: {value: env:PROD_KUBECONFIG}
"""
NAMES = ("ORG_HOOK_TOKEN", "DEPLOY_TOKEN", "FLUX_RECEIVER_TOKEN", "PROD_KUBECONFIG")


def test_unset_references_of_webhooks_and_environments_are_errors_like_actions_secrets(
    write_config: WriteConfig, monkeypatch: pytest.MonkeyPatch, problems: Problems
) -> None:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    write_config("a.yaml", CONFIG)
    assert problems() == [
        "a.yaml:3:64: webhook https://audit.example.com/github: "
        "the environment variable ORG_HOOK_TOKEN is not set (or empty)",
        "a.yaml:7:23: secret DEPLOY: the environment variable DEPLOY_TOKEN is not set (or empty)",
        "a.yaml:9:50: webhook https://flux.example.com/hook/a1: "
        "the environment variable FLUX_RECEIVER_TOKEN is not set (or empty)",
        "a.yaml:13:31: secret KUBECONFIG: the environment variable PROD_KUBECONFIG is not set (or empty)",
    ]
    for name in NAMES:
        monkeypatch.setenv(name, "a value")
    assert load_config(Path(".")).warnings == ()


def test_an_unset_import_placeholder_of_a_webhook_is_only_a_warning(
    write_config: WriteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GHPROV_SECRET_D1_FLEET_WEBHOOK", raising=False)
    write_config(
        "a.yaml",
        """
        organization: acme
        repositories:
          d1-fleet:
            webhooks:
              https://flux.example.com/hook/a1: {secret: env:GHPROV_SECRET_D1_FLEET_WEBHOOK}
        """,
    )
    warnings = [str(warning) for warning in load_config(Path(".")).warnings]
    assert warnings == [
        "a.yaml:5:50: webhook https://flux.example.com/hook/a1: import's placeholder "
        "env:GHPROV_SECRET_D1_FLEET_WEBHOOK is not set; "
        "set it (or write a reference of your own) before sending"
    ]


def test_commands_that_send_no_secret_load_the_config_without_the_values(
    write_config: WriteConfig, monkeypatch: pytest.MonkeyPatch, problems: Problems
) -> None:
    # lint in a pull request, audit export and sandbox serve never send a value: an unset variable there
    # must not stop them, while a malformed reference (a pasted value) still does.
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    write_config("a.yaml", CONFIG)
    loaded = load_config(Path("."), secrets_readable=False)
    assert loaded.organization.webhooks["https://audit.example.com/github"].secret == "env:ORG_HOOK_TOKEN"
    write_config("a.yaml", CONFIG.replace("env:DEPLOY_TOKEN", "hunter2"))
    with pytest.raises(ConfigError) as raised:
        load_config(Path("."), secrets_readable=False)
    assert [problem.message for problem in raised.value.problems] == [
        "not a secret reference; write <source>:<location>, e.g. env:NAME or file:PATH "
        "(a secret's value never goes into the config)"
    ]
