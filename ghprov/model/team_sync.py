"""Team synchronization: the identity-provider groups whose members GitHub keeps a team's members in
step with (GitHub Enterprise Cloud with SAML single sign-on).

A team with groups mapped has its membership owned by the IdP: ghprov applies the mapping and leaves
the member list alone.
"""

from __future__ import annotations

from pydantic import Field

from ghprov.model.base import Model


class IdpGroup(Model):
    """One IdP group, as GitHub's team-sync endpoints name it."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    description: str = ""


class IdpGroups(Model):
    """A team's whole mapping (GitHub replaces it as a whole): the payload of a TEAM_SYNC change."""

    groups: tuple[IdpGroup, ...] = ()

    def ids(self) -> set[str]:
        return {group.id for group in self.groups}
