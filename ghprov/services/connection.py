"""Where ghprov's GitHub traffic goes: the configured API, or an embedded sandbox for trying things."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import structlog
from pydantic import SecretStr

from ghprov.errors import GhprovError, UnsafePlan
from ghprov.model import Organization
from ghprov.settings import Settings

log = structlog.get_logger("ghprov.services")


@contextmanager
def github_endpoint(
    settings: Settings, *, sandbox: bool, organization: Organization | str
) -> Iterator[Settings]:
    """Yield settings that reach GitHub; with ``sandbox`` they reach a private emulator instead.

    The embedded sandbox starts on a free loopback port, seeded with a D1-like organisation of
    ``organization``'s name (a config, or just a name), and is stopped when the block ends.
    Nothing outside the process is touched. Its owner token authenticates as the config's first
    owner, so lockout guards see the identity a real run would, and every account and App the
    config names exists on its "GitHub" (a real GitHub answers 404 for people with no account).
    """
    if not sandbox:
        if settings.token is None and not settings.uses_app:
            raise GhprovError(
                "no GitHub credentials",
                hint="set GHPROV_TOKEN (or GITHUB_TOKEN), or GitHub App credentials; "
                "or add --sandbox to try ghprov against the embedded GitHub emulator",
            )
        yield settings
        return

    from ghprov_testbeds.sandbox.for_config import start_for_organization

    if isinstance(organization, str):
        organization = Organization(organization=organization)
    with start_for_organization(organization, seed="d1") as emulator:
        log.info("sandbox.started", url=emulator.url, organization=organization.organization)
        yield settings.model_copy(
            update={
                "api_url": emulator.url,
                "token": SecretStr(emulator.tokens["owner"]),
                "app_id": None,
                "app_private_key": None,
                "app_private_key_path": None,
                "installation_id": None,
            }
        )


# What a plan made with ``--sandbox`` records as its API: the emulator's URL changes every run.
EMBEDDED_SANDBOX = "embedded-sandbox"


def endpoint_name(settings: Settings, *, sandbox: bool) -> str:
    """The API a plan is computed against, as saved plans record it."""
    return EMBEDDED_SANDBOX if sandbox else settings.api_url.rstrip("/")


def check_plan_endpoint(plan_api_url: str, settings: Settings, *, sandbox: bool) -> None:
    """Refuse, before anything is read or written, a saved plan computed against another API.

    The live-state checksum would refuse it too, but only after reading a whole organisation (and a
    same-named organisation on another GitHub could even match); saying where the plan came from
    is clearer. Plans saved before the API was recorded carry none and are checked by checksum only.
    """
    if not plan_api_url:
        return
    here = endpoint_name(settings, sandbox=sandbox)
    if plan_api_url == here:
        return
    raise UnsafePlan(
        f"the saved plan was computed against {plan_api_url}, but this apply would write to {here}",
        f"apply it where it was computed (--api-url {plan_api_url})"
        if plan_api_url != EMBEDDED_SANDBOX
        else "a plan of the embedded sandbox applies only with --sandbox",
    )
