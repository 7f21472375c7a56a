"""``KindSpec``: everything the plan engine knows about one resource kind, in one value.

Each kind's module under ``plan/kinds/`` declares its spec next to its differ, and
``plan/kinds/registry.py`` lists the specs in apply order. Plan, apply, saved plans, the safety
rails, checksums and the renderers look a kind up there instead of keeping tables of their own.
The GitHub side (reader, writer) and the importer register the same ``Kind`` in their own layers.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ghprov.model import LiveOrganization, Organization
from ghprov.model.base import Model
from ghprov.plan.changes import Change, Kind

if TYPE_CHECKING:
    from ghprov.plan.context import DiffContext


class Scope(enum.Enum):
    """The resource a change is shown under in a plan; ``key[0]`` names it (except for the organisation)."""

    ORGANIZATION = 0
    TEAM = 1
    REPOSITORY = 2


class PayloadShape(enum.Enum):
    """What a change of the kind carries as desired/current value (``changes.Payload``)."""

    MODEL = "model"  # the whole value, a model object (compared and replaced as a whole)
    SETTINGS = "settings"  # a model on create; a SettingsPatch of the changed settings on update
    ROLE = "role"  # a role name (memberships and grants) or a branch's source


# The name a reference to a team uses (a name or a slug) → the declared team's name.
TeamNames = Callable[[str], str]
Differ = Callable[["DiffContext"], None]


def no_references(change: Change, team_names: TeamNames) -> Iterable[str]:
    return ()


@dataclass(frozen=True)
class KindSpec:
    """One resource kind as the plan engine sees it."""

    kind: Kind
    # How text and Markdown plans name one resource of the kind ("branch protection").
    label: str
    scope: Scope
    payload: PayloadShape
    # The model a MODEL or SETTINGS payload is typed with (saved plans decode through it).
    model: type[Model] | None = None
    # Computes the kind's changes into the DiffContext; one differ may plan several kinds, and
    # then only the first of them names it.
    differ: Differ | None = None
    # Position of the repository name in the key, for kinds that write to a repository.
    repository_key: int | None = None
    # The field of the config's ``prune:`` that enables deletions; None: ghprov never deletes it.
    prune_switch: str | None = None
    # Addresses of the resources a change needs to exist (dependencies are computed once, in the plan).
    references: Callable[[Change, TeamNames], Iterable[str]] = no_references
    # How many live resources of the kind exist, for the removal circuit breaker (None: not counted).
    live_count: Callable[[Organization], int] | None = None
    # Address → JSON-able live value, for the checksums that tell a saved plan what changed.
    live_digests: Callable[[LiveOrganization], Iterable[tuple[str, Any]]] | None = None
    # Applies one change to the JSON form of the organisation (``plan.projection``), so the plan can
    # say what it does to access; None: the kind does not affect who can do what.
    project: Callable[[dict[str, Any], Change], None] | None = None
    # Depth of a resource among its own kind (parents before children); None: flat.
    nesting: Callable[[Organization, tuple[str, ...]], int] | None = None
    # Kinds whose changes in the same plan must run before this kind's even when they loosen (which
    # otherwise defers them): GitHub checks this kind's values against theirs (a repository's Actions
    # settings against its organisation's: 409 when the repository asks for more).
    follows: tuple[Kind, ...] = ()
    # Set by the registry: the kind's place in apply's order.
    rank: int = -1
