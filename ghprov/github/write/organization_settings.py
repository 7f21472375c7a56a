"""Organisation settings: one PATCH /orgs/{org} with the settings that change."""

from __future__ import annotations

from ghprov.github.write.requests import Target, Unsupported, WriteRequest, Writes, path
from ghprov.model import READ_ONLY_SETTINGS
from ghprov.plan.changes import Action, Change


def write_organization_settings(change: Change, target: Target) -> Writes:
    """Requests for an ORGANIZATION_SETTINGS update (desired: settings → new values)."""
    if change.action is not Action.UPDATE:
        return Unsupported("organisation settings can only be updated")
    settings = dict(change.desired_patch())
    read_only = sorted(READ_ONLY_SETTINGS & settings.keys())
    if read_only:
        # Sending them would be rejected by GitHub's schema; never pretend they were applied.
        return Unsupported(
            f"GitHub's API cannot change {', '.join(read_only)}; set it in the organisation's settings"
        )
    if not settings:
        return []
    return [WriteRequest("PATCH", path("orgs", target.org), settings)]
