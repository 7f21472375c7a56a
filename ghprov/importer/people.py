"""Owners, members, pending invitations and bots: who goes where in the imported configuration."""

from __future__ import annotations

from dataclasses import dataclass, field

from ghprov.importer.options import ImportOptions, Warnings
from ghprov.model import LiveOrganization, Team


@dataclass
class People:
    """``members`` section data, ``bots`` section data, and the team memberships bots take over."""

    owners: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    bots: dict[str, list[str]] = field(default_factory=dict)

    def members_data(self) -> dict[str, list[str]]:
        data = {}
        if self.owners:
            data["owners"] = self.owners
        if self.members:
            data["members"] = self.members
        return data


def collect_people(live: LiveOrganization, options: ImportOptions, warnings: Warnings) -> People:
    """Members by role, with pending invitees listed under the role they were invited with."""
    state = live.state
    owners = set(state.members.owners) if state.members else set()
    members = set(state.members.members) if state.members else set()
    for login, role in sorted(live.pending_invitations.items()):
        (owners if role == "admin" else members).add(login)
        warnings.add(
            f"members/{login}",
            f"invited as {'owner' if role == 'admin' else 'member'} but has not accepted yet: listed under "
            f"{'owners' if role == 'admin' else 'members'}; the teams the invitation names are not visible "
            "to the API's invitation list and are not imported",
        )
    known = owners | members
    bots: dict[str, list[str]] = {}
    for login in options.bots:
        if login not in known:
            warnings.add(f"bots/{login}", "not a member of the organisation: not declared as a bot")
            continue
        bots[login] = sorted(name for name, team in state.teams.items() if login in team.members)
        # A bot is a member through ``bots:``; an owner bot stays an owner (it must say so).
        members.discard(login)
    return People(owners=sorted(owners), members=sorted(members), bots=bots)


def team_people(team: Team, bots: dict[str, list[str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A team's maintainers and members, without the bots that join it through ``bots:``."""
    members = tuple(login for login in team.members if login not in bots)
    return team.maintainers, members
