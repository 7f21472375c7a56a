"""Where ghprov's GitHub traffic goes: the configured API, or an embedded sandbox for trying things."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import structlog
from pydantic import SecretStr

from ghprov.errors import GhprovError
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
