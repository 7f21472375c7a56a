"""Name → id/slug/sha resolution for write requests, using what is known before reaching for a GET.

Order of sources: values learned from responses earlier in this apply, then ``LiveOrganization.ids``
(read with the live state), then GitHub itself. Every GET is recorded in ``lookups`` so apply can
report them apart from writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Protocol
from urllib.parse import quote

from ghprov.errors import GhprovError
from ghprov.github.wire import list_items
from ghprov.github.write.facts import (
    ActorNodeId,
    AppId,
    BranchSha,
    CustomRoleId,
    DefaultBranch,
    Fact,
    OrganizationRulesetId,
    ProtectionRuleId,
    PublicKeyId,
    RepositoryId,
    RepositoryNodeId,
    RepositoryRulesetId,
    ResourceId,
    SealedSecret,
    SecretValue,
    TeamId,
    TeamSlug,
    UserId,
    is_fact,
)
from ghprov.github.write.protection_mutations import RULE_IDS
from ghprov.github.write.requests import Learn, Learned, ResolvedRequest, Target, WriteRequest
from ghprov.github.write.sealing import reveal, seal
from ghprov.model import ResourceIds, team_slug

# What a path segment may hold as it is (RFC 3986 ``pchar``). Anything else is percent-encoded, so a
# name with "#", "?", "%" or a space (a custom property ``env#1``, an environment ``production env``)
# reaches GitHub whole instead of being cut into a fragment or a query, and a branch name's "/" stays
# inside its one ``{branch}`` segment (``feature%2Fx-y``), as GitHub's OpenAPI templates define it.
PATH_SAFE = "!$&'()*+,;=:@"


class ApiResponse(Protocol):
    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def json(self) -> Any: ...


class ApiClient(Protocol):
    """The part of ``ghprov.github.client.GitHubClient`` that apply uses."""

    def request(
        self, method: str, path: str, *, params: dict[str, Any] | None = None, body: Any = None
    ) -> ApiResponse: ...

    def paginate(self, path: str, params: dict[str, Any] | None = None) -> Iterator[Any]: ...

    def graphql(self, query: str, variables: Mapping[str, Any]) -> dict[str, Any]: ...


class UnresolvedFact(GhprovError):
    """A name could not be turned into the id GitHub needs."""


class Resolver:
    """Fills facts into write requests and learns ids from write responses."""

    def __init__(
        self,
        target: Target,
        ids: ResourceIds | None = None,
        client: ApiClient | None = None,
        known: Mapping[Fact, Any] | None = None,
    ) -> None:
        self.target = target
        self.ids = ids or ResourceIds()
        self.client = client
        self.lookups: list[str] = []
        self._known: dict[Fact, Any] = dict(known or {})
        # (plan address, identifying value) → id, learned from creations in this apply (ResourceId facts).
        self._resource_ids: dict[tuple[str, str], Any] = {}
        # Secrets public key path → (key_id, key), so one GET serves every secret sealed with it.
        self._public_keys: dict[str, tuple[str, str]] = {}

    def value(self, fact: Fact) -> Any:
        """The value of ``fact``; a GET only when neither learned nor read ids have it."""
        if isinstance(fact, SecretValue):
            # Read at the moment of sending and never cached: the resolver keeps no secret.
            return reveal(fact.reference)
        if fact in self._known:
            return self._known[fact]
        value = self._from_ids(fact)
        if value is None:
            value = self._look_up(fact)
        self._known[fact] = value
        return value

    def resolve(self, request: WriteRequest) -> ResolvedRequest:
        """The request with its path and body facts filled in."""
        segments = [quote(str(self._fill(segment)), safe=PATH_SAFE) for segment in request.path]
        return ResolvedRequest(
            request.method, "/" + "/".join(segments), self._fill(request.body), request.graphql
        )

    def should_skip(self, request: WriteRequest) -> bool:
        """True when the request's ``skip_if`` condition holds (sending it would change nothing)."""
        condition = request.skip_if
        return condition is not None and bool(self.value(condition.fact) == condition.value)

    def learn(self, learn: Learn, response: Any) -> None:
        """Remember the id (and slug or default branch) of a resource from a write's response."""
        if not isinstance(response, dict):
            return
        key = learn.key
        if learn.what is Learned.TEAM:
            self._remember(TeamId(key[0]), response.get("id"))
            self._remember(TeamSlug(key[0]), response.get("slug"))
            self._remember(ActorNodeId("team", key[0]), response.get("node_id"))
        elif learn.what is Learned.REPOSITORY:
            self._remember(DefaultBranch(key[0]), response.get("default_branch"))
            self._remember(RepositoryNodeId(key[0]), response.get("node_id"))
            self._remember(RepositoryId(key[0]), response.get("id"))
        elif learn.what is Learned.PROTECTION_RULE:
            # The data of a createBranchProtectionRule mutation.
            created = response.get("createBranchProtectionRule") or {}
            rule = created.get("branchProtectionRule") if isinstance(created, dict) else None
            if isinstance(rule, dict):
                self._remember(ProtectionRuleId(key[0], key[1]), rule.get("id"))
        elif learn.what is Learned.REPOSITORY_RULESET:
            self._remember(RepositoryRulesetId(key[0], key[1]), response.get("id"))
        elif learn.what is Learned.ORGANIZATION_RULESET:
            self._remember(OrganizationRulesetId(key[0]), response.get("id"))
        elif learn.what is Learned.RESOURCE:
            # Keyed by what identifies the resource too: a replacement has two under one address.
            self._remember_resource((key[0], key[1]), response.get("id"))
        else:
            self._remember(CustomRoleId(key[0]), response.get("id"))

    def _remember_resource(self, key: tuple[str, str], value: Any) -> None:
        if value is not None:
            self._resource_ids[key] = value

    def _remember(self, fact: Fact, value: Any) -> None:
        if value is not None:
            self._known[fact] = value

    def _fill(self, value: Any) -> Any:
        if is_fact(value):
            return self.value(value)
        if isinstance(value, dict):
            return {key: self._fill(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self._fill(item) for item in value]
        return value

    def _from_ids(self, fact: Fact) -> Any:
        ids = self.ids
        if isinstance(fact, ResourceId):
            learned = self._resource_ids.get((fact.address, fact.value))
            if learned is not None:
                return learned
            # The live id names what the address was when read, unless this apply replaced it.
            replaced = any(address == fact.address for address, _ in self._resource_ids)
            if replaced:
                return None
            repository = ids.repositories.get(fact.address.removeprefix("repository:"))
            if fact.address.startswith("repository:") and repository is not None:
                return repository.id  # read with the organisation: no listing needed
            return ids.resources.get(fact.address)
        if isinstance(fact, TeamId):
            ref = ids.teams.get(fact.name)
            return ref.id if ref else None
        if isinstance(fact, TeamSlug):
            ref = ids.teams.get(fact.name)
            if ref:
                return ref.slug
            if any(known.slug == fact.name for known in ids.teams.values()):
                return fact.name
            # A team this apply creates: GitHub derives the slug from the name deterministically.
            return team_slug(fact.name)
        if isinstance(fact, UserId):
            return ids.users.get(fact.login)
        if isinstance(fact, AppId):
            return ids.apps.get(fact.slug)
        if isinstance(fact, CustomRoleId):
            return ids.custom_roles.get(fact.name)
        if isinstance(fact, RepositoryRulesetId):
            return ids.repository_rulesets.get((fact.repository, fact.name))
        if isinstance(fact, OrganizationRulesetId):
            return ids.organization_rulesets.get(fact.name)
        if isinstance(fact, ProtectionRuleId):
            return ids.protection_rules.get((fact.repository, fact.pattern))
        if isinstance(fact, RepositoryNodeId):
            repository = ids.repositories.get(fact.repository)
            return repository.node_id or None if repository else None
        if isinstance(fact, RepositoryId):
            known = ids.repositories.get(fact.repository)
            return known.id if known else None
        if isinstance(fact, ActorNodeId) and fact.kind == "team":
            team = ids.teams.get(fact.name) or next(
                (ref for ref in ids.teams.values() if ref.slug == fact.name), None
            )
            return team.node_id or None if team else None
        return None

    def _look_up(self, fact: Fact) -> Any:
        org = self.target.org
        if isinstance(fact, TeamId):
            return self._get_field(f"/orgs/{org}/teams/{self.value(TeamSlug(fact.name))}", "id", fact)
        if isinstance(fact, UserId):
            return self._get_field(f"/users/{fact.login}", "id", fact)
        if isinstance(fact, AppId):
            return self._get_field(f"/apps/{fact.slug}", "id", fact)
        if isinstance(fact, DefaultBranch):
            return self._get_field(f"/repos/{org}/{fact.repository}", "default_branch", fact)
        if isinstance(fact, BranchSha):
            branch = self.value(fact.branch) if isinstance(fact.branch, DefaultBranch) else fact.branch
            ref = self._get(f"/repos/{org}/{fact.repository}/git/ref/heads/{branch}")
            sha = ref.get("object", {}).get("sha") if isinstance(ref, dict) else None
            if not sha:
                raise UnresolvedFact(f"GitHub returned no commit for branch {branch} of {fact.repository}")
            return sha
        if isinstance(fact, CustomRoleId):
            listing = self._get(f"/orgs/{org}/custom-repository-roles")
            roles = listing.get("custom_roles", []) if isinstance(listing, dict) else []
            return self._find_id(roles, fact.name, f"custom repository role {fact.name}")
        if isinstance(fact, RepositoryRulesetId):
            listed = self._list(f"/repos/{org}/{fact.repository}/rulesets", {"includes_parents": "false"})
            own = [item for item in listed if item.get("source_type", "Repository") == "Repository"]
            return self._find_id(own, fact.name, f"ruleset {fact.name} of {fact.repository}")
        if isinstance(fact, OrganizationRulesetId):
            listed = self._list(f"/orgs/{org}/rulesets", None)
            return self._find_id(listed, fact.name, f"organisation ruleset {fact.name}")
        if isinstance(fact, RepositoryNodeId):
            return self._get_field(f"/repos/{org}/{fact.repository}", "node_id", fact)
        if isinstance(fact, RepositoryId):
            return self._get_field(f"/repos/{org}/{fact.repository}", "id", fact)
        if isinstance(fact, ActorNodeId):
            where = {
                "user": f"/users/{fact.name}",
                "team": f"/orgs/{org}/teams/{self.value(TeamSlug(fact.name))}",
                "app": f"/apps/{fact.name}",
            }[fact.kind]
            return self._get_field(where, "node_id", fact)
        if isinstance(fact, ProtectionRuleId):
            return self._rule_id(fact)
        if isinstance(fact, PublicKeyId):
            return self._public_key(fact.path)[0]
        if isinstance(fact, SealedSecret):
            return seal(self._public_key(fact.path)[1], fact.reference)
        if isinstance(fact, ResourceId):
            listed = self._list(fact.listing, None) if fact.paginated else self._whole(fact.listing)
            found = [item["id"] for item in listed if _field(item, fact.field) == fact.value and "id" in item]
            if not found:
                raise UnresolvedFact(f"{fact.address} does not exist on GitHub")
            return found[0]
        raise UnresolvedFact(f"cannot look up {fact}")

    def _rule_id(self, fact: ProtectionRuleId) -> Any:
        """Every rule of the repository in one paged query; all are remembered, ``fact``'s returned."""
        client = self._client(f"the protection rule {fact.pattern} of {fact.repository}")
        variables: dict[str, Any] = {"owner": self.target.org, "name": fact.repository, "cursor": None}
        while True:
            self.lookups.append(f"POST /graphql branchProtectionRules of {fact.repository}")
            data = client.graphql(RULE_IDS, variables)
            rules = ((data.get("repository") or {}).get("branchProtectionRules")) or {}
            for node in rules.get("nodes") or ():
                if isinstance(node, dict) and node.get("id"):
                    self._remember(ProtectionRuleId(fact.repository, str(node["pattern"])), node["id"])
            page = rules.get("pageInfo") or {}
            if not page.get("hasNextPage"):
                break
            variables["cursor"] = page.get("endCursor")
        if fact not in self._known:
            raise UnresolvedFact(
                f"no classic protection rule with the pattern {fact.pattern} exists on {fact.repository}"
            )
        return self._known[fact]

    def _public_key(self, path: str) -> tuple[str, str]:
        """``(key_id, key)`` of a secrets public key: one GET serves the id and the sealing."""
        if path not in self._public_keys:
            document = self._get(path)
            if not isinstance(document, dict) or not document.get("key_id") or not document.get("key"):
                raise UnresolvedFact(f"GitHub's answer to GET {path} is not a public key")
            self._public_keys[path] = (str(document["key_id"]), str(document["key"]))
        return self._public_keys[path]

    def _client(self, what: str) -> ApiClient:
        if self.client is None:
            raise UnresolvedFact(f"{what} is not known and no GitHub client was given to look it up")
        return self.client

    def _get(self, path: str) -> Any:
        self.lookups.append(f"GET {path}")
        return self._client(path).request("GET", path).json

    def _get_field(self, path: str, name: str, fact: Fact) -> Any:
        document = self._get(path)
        value = document.get(name) if isinstance(document, dict) else None
        if value is None:
            raise UnresolvedFact(f"GitHub's answer to GET {path} has no {name} (needed for {fact})")
        return value

    def _list(self, path: str, params: dict[str, Any] | None) -> list[dict[str, Any]]:
        self.lookups.append(f"GET {path}")
        return [item for item in self._client(path).paginate(path, params) if isinstance(item, dict)]

    def _whole(self, path: str) -> list[dict[str, Any]]:
        return [item for item in list_items(self._get(path)) if isinstance(item, dict)]

    @staticmethod
    def _find_id(items: list[dict[str, Any]], name: str, what: str) -> Any:
        for item in items:
            if item.get("name") == name and item.get("id") is not None:
                return item["id"]
        raise UnresolvedFact(f"{what} does not exist on GitHub")


def _field(item: Any, dotted: str) -> Any:
    """``item``'s value at a dotted path (``invitee.login``), None where the path breaks off."""
    for name in dotted.split("."):
        item = item.get(name) if isinstance(item, dict) else None
    return item
