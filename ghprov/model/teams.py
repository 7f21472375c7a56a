"""Teams: hierarchy, memberships and repository grants."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import field_validator, model_validator

from ghprov.model.base import Model, sorted_unique
from ghprov.model.roles import RoleName
from ghprov.model.team_sync import IdpGroup

TeamPrivacy = Literal["secret", "closed"]


class Team(Model):
    """A team, keyed by its display name in ``Organization.teams``.

    ``maintainers`` and ``members`` are the team's direct (not inherited) members. When either is
    set, the team's membership is managed as a whole.
    """

    description: str | None = None
    privacy: TeamPrivacy | None = None
    parent: str | None = None
    maintainers: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    repositories: dict[str, RoleName] = {}
    # IdP groups synchronised into the team (Enterprise Cloud); set: the mapping is managed.
    idp_groups: tuple[IdpGroup, ...] = ()
    previously: tuple[str, ...] = ()

    @field_validator("maintainers", "members", "previously", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> Any:
        return sorted_unique(value)

    @model_validator(mode="after")
    def _one_role_per_person(self) -> Team:
        both = sorted(set(self.maintainers) & set(self.members))
        if both:
            raise ValueError(f"listed as both maintainer and member: {', '.join(both)}")
        return self

    @property
    def synced(self) -> bool:
        """True when an IdP owns the team's membership (groups are mapped to it)."""
        return bool(self.idp_groups)

    @property
    def manages_membership(self) -> bool:
        return bool({"maintainers", "members"} & self.model_fields_set)

    def member_roles(self) -> dict[str, str]:
        """Direct members with their team role (``maintainer`` or ``member``)."""
        roles = {login: "member" for login in self.members}
        roles.update({login: "maintainer" for login in self.maintainers})
        return roles


def team_slug(name: str) -> str:
    """GitHub's slug rule: lower case, runs of other characters become single hyphens."""
    import re
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9_]+", "-", ascii_name.lower()).strip("-")
