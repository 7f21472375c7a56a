"""Facts a write may need that only GitHub knows: ids, slugs and shas, named by the model's names.

A writer puts a fact where the value belongs (in a path segment or a body); the resolver fills it
in just before the request is sent, from ids read with the live state, ids learned from earlier
responses in this apply, or — as a last resort — a GET. That keeps writers pure and lets a request
use the id of a team created a moment earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class TeamId:
    """The numeric id of the team called ``name``."""

    name: str


@dataclass(frozen=True)
class TeamSlug:
    """The slug of the team called ``name`` (``name`` may already be a slug)."""

    name: str


@dataclass(frozen=True)
class UserId:
    login: str


@dataclass(frozen=True)
class AppId:
    """A GitHub App's id (not an installation id), from its slug."""

    slug: str


@dataclass(frozen=True)
class CustomRoleId:
    name: str


@dataclass(frozen=True)
class RepositoryRulesetId:
    repository: str
    name: str


@dataclass(frozen=True)
class OrganizationRulesetId:
    name: str


@dataclass(frozen=True)
class DefaultBranch:
    """The repository's current default branch (learned from its creation, or read)."""

    repository: str


@dataclass(frozen=True)
class BranchSha:
    """The commit a branch points at; ``branch`` may itself be the default-branch fact."""

    repository: str
    branch: str | DefaultBranch


@dataclass(frozen=True)
class ResourceId:
    """The numeric id of the resource at plan ``address`` (``deploy_key:d1-fleet/flux``).

    The generic fact new kinds use instead of a fact type of their own: known from
    ``ResourceIds.resources`` (read with the live state), learned from the response that created it
    (``Learned.RESOURCE``), or found by listing ``listing`` for the item whose ``field`` (a dotted
    path, such as ``invitee.login``) is ``value``.
    """

    address: str
    listing: str
    field: str
    value: str
    # False for a listing GitHub answers whole (it refuses ``per_page``), e.g. organisation roles.
    paginated: bool = True


@dataclass(frozen=True)
class RepositoryId:
    """A repository's numeric id (endpoints such as an App installation's repositories take it)."""

    repository: str


@dataclass(frozen=True)
class RepositoryNodeId:
    """The GraphQL global id of a repository (GraphQL writes address repositories by it)."""

    repository: str


@dataclass(frozen=True)
class ActorNodeId:
    """The GraphQL global id of a user (login), team (name or slug) or GitHub App (slug)."""

    kind: Literal["user", "team", "app"]
    name: str


@dataclass(frozen=True)
class ProtectionRuleId:
    """The GraphQL global id of the classic protection rule of ``repository`` with ``pattern``."""

    repository: str
    pattern: str


@dataclass(frozen=True)
class PublicKeyId:
    """The ``key_id`` of the public key GitHub answers at ``path`` (``…/secrets/public-key``)."""

    path: str


@dataclass(frozen=True)
class SealedSecret:
    """The value ``reference`` points at, sealed with the public key at ``path`` (``github/write/sealing``).

    The value is read when the request is sent, never before, and only its ciphertext is kept.
    """

    path: str
    reference: str


@dataclass(frozen=True)
class SecretValue:
    """The value ``reference`` points at, in clear (a webhook's secret: GitHub signs deliveries with it).

    Read when the request is sent and never cached: a resolved request is the only place it is.
    """

    reference: str


Fact = (
    ResourceId
    | TeamId
    | TeamSlug
    | UserId
    | AppId
    | CustomRoleId
    | RepositoryRulesetId
    | OrganizationRulesetId
    | DefaultBranch
    | BranchSha
    | RepositoryId
    | RepositoryNodeId
    | ActorNodeId
    | ProtectionRuleId
    | PublicKeyId
    | SealedSecret
    | SecretValue
)
FACT_TYPES: tuple[type, ...] = (
    ResourceId,
    TeamId,
    TeamSlug,
    UserId,
    AppId,
    CustomRoleId,
    RepositoryRulesetId,
    OrganizationRulesetId,
    DefaultBranch,
    BranchSha,
    RepositoryId,
    RepositoryNodeId,
    ActorNodeId,
    ProtectionRuleId,
    PublicKeyId,
    SealedSecret,
    SecretValue,
)


def is_fact(value: object) -> bool:
    """True for a fact placeholder."""
    return isinstance(value, FACT_TYPES)
