"""Direct repository collaborators in the config: ``collaborators: {alice: write, ext-bob: flux-automation}``.

A collaborator is a user granted a role on one repository itself, not through a team or the
organisation's base role: an organisation member given direct access, or an outside collaborator.
The role is a built-in role (``read`` … ``admin``, or ``pull``/``push``) or a custom repository role.
Live, the same field holds the pending repository invitations too: like organisation invitations,
an invitation counts as granted (the plan does not invite again), and ``LiveOrganization.ids``
records which grants are still invitations (their ids, under ``repository_invitation:<repo>/<login>``).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

from ghprov.model.roles import RoleName

# GitHub's rule for user names: letters, digits and single hyphens, not at either end, at most 39.
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")


def _github_login(value: str) -> str:
    if not _LOGIN.match(value):
        raise ValueError(
            f"{value!r} is not a GitHub user name (letters, digits and single inner hyphens, at most 39)"
        )
    return value


GitHubLogin = Annotated[str, AfterValidator(_github_login)]
# login → role name granted on the repository itself.
Collaborators = dict[GitHubLogin, RoleName]
