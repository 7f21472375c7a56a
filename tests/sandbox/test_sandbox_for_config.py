"""``start_for_organization``: the sandbox of ``serve --config`` and of the embedded ``--sandbox``."""

from __future__ import annotations

import pytest

from ghprov.model import Organization
from ghprov_testbeds.sandbox.for_config import start_for_organization
from ghprov_testbeds.sandbox.state import new_state


def _config() -> Organization:
    return Organization.model_validate(
        {
            "organization": "fleet-org",
            "members": {"owners": ["carol", "erin"], "members": ["dave"]},
            "bots": {"fleet-bot": {}},
        }
    )


def test_accounts_and_owner_token_follow_the_config() -> None:
    with start_for_organization(_config(), seed="empty") as sandbox:
        state = sandbox.state
        assert state.organization.login == "fleet-org"
        assert sandbox.logins["owner"] == "carol"
        assert state.memberships["carol"].role == "admin"
        assert {"carol", "erin", "dave", "fleet-bot"} <= set(state.users)
        assert state.users["fleet-bot"].type == "Bot"


def test_a_saved_state_of_another_organisation_is_refused() -> None:
    with pytest.raises(ValueError, match="the saved state is organisation 'acme'"):
        start_for_organization(_config(), state=new_state("acme"))


def test_a_saved_state_of_the_same_organisation_gains_the_accounts() -> None:
    saved = new_state("fleet-org")
    saved.add_user("carol")
    with start_for_organization(_config(), state=saved) as sandbox:
        assert sandbox.state is saved
        assert {"erin", "dave", "fleet-bot"} <= set(saved.users)


def test_the_apps_of_app_installations_are_installed_as_a_person_would_install_them() -> None:
    config = Organization.model_validate(
        {
            "organization": "fleet-org",
            "app_installations": {
                "flux-platform": {"repositories": ["d1-fleet"]},
                "renovate": {"repositories": "all"},
            },
        }
    )
    saved = new_state("fleet-org")
    saved.add_app("renovate").repositories = ["d1-apps"]  # a saved selection is the state's, kept
    with start_for_organization(config, state=saved) as sandbox:
        apps = sandbox.state.apps
        # `init d1 --auth github-app` names such Apps; without them plan/apply --sandbox refused.
        assert apps["flux-platform"].installation_id and apps["flux-platform"].repositories == []
        assert apps["renovate"].repositories == ["d1-apps"]
    with start_for_organization(config, seed="empty") as sandbox:
        assert sandbox.state.apps["renovate"].repositories is None
