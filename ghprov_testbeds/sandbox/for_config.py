"""A sandbox for one configuration: the organisation it names, every account and App it refers to, and
an owner token that acts as its first owner.

Shared by the embedded sandbox of ``plan``/``apply --sandbox`` and ``ghprov sandbox serve --config``,
so a config behaves the same against both. GitHub answers 404 for people with no account, so a
config naming accounts the emulator does not know could not be applied; lockout guards compare against
the token's identity, so the owner token must be one of the config's owners.
"""

from __future__ import annotations

from typing import Literal

from ghprov.model import Organization
from ghprov.model.app_installations import ALL_REPOSITORIES
from ghprov.model.people import referenced_apps, referenced_logins
from ghprov_testbeds.sandbox.runtime import Plan, Sandbox
from ghprov_testbeds.sandbox.settings import SandboxSettings
from ghprov_testbeds.sandbox.state import GitHubState


def owner_logins(organization: Organization) -> dict[str, str] | None:
    """The token table's owner login: the config's first owner (None: keep the default)."""
    owners = organization.members.owners if organization.members else ()
    return {"owner": owners[0]} if owners else None


def add_referenced_accounts(state: GitHubState, organization: Organization) -> None:
    """Every account (bots as ``Bot``) and App the config names exists, idempotently; the Apps of
    ``app_installations`` are installed (all repositories, or selected ones with none chosen)."""
    with state.lock:
        for login in sorted(referenced_logins(organization)):
            state.add_user(login, type="Bot" if login in organization.bots else "User")
        for slug in sorted(referenced_apps(organization)):
            state.add_app(slug)
        # Installing an App is a person's step on GitHub (ghprov manages only which repositories an
        # installation reaches), so an App the config's app_installations names is installed here as
        # that person would: on all repositories, or on selected ones with none chosen yet.
        for slug, installation in sorted(organization.app_installations.items()):
            if slug not in state.apps:
                app = state.add_app(slug)
                app.repositories = None if installation.repositories == ALL_REPOSITORIES else []


def start_for_organization(
    organization: Organization,
    *,
    port: int = 0,
    state: GitHubState | None = None,
    plan: Plan = "team",
    seed: Literal["empty", "d1"] = "d1",
    settings: SandboxSettings | None = None,
) -> Sandbox:
    """Serve the config's organisation (a new one seeded with ``seed``, or ``state`` when given)."""
    if state is not None and state.organization.login.lower() != organization.organization.lower():
        raise ValueError(
            f"the saved state is organisation {state.organization.login!r}, "
            f"the config's is {organization.organization!r}"
        )
    sandbox = Sandbox.start(
        org=organization.organization,
        port=port,
        state=state,
        plan=plan,
        seed=seed,
        logins=owner_logins(organization),
        settings=settings,
    )
    add_referenced_accounts(sandbox.state, organization)
    return sandbox
