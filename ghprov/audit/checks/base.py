"""What every check family shares: the check signature, the context it reads, resource and spec helpers."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ghprov.audit.branches import BranchRules, branch_rules, default_branch
from ghprov.audit.findings import Alias, CheckSpec, Finding, Resource, Severity, Status, finding
from ghprov.audit.inputs import AuditInput, Skipped
from ghprov.audit.profile import AuditProfile
from ghprov.model import Repository
from ghprov.model.access import AccessMatrix


def spec(
    check_id: str,
    title: str,
    severity: Severity,
    namespace: str,
    description: str,
    remediation: str,
    **aliases: str | tuple[str, ...],
) -> CheckSpec:
    """A check's metadata; ``aliases`` maps a tool (legitify, scorecard, cis_ssc, allstar) to its id(s)."""
    found: list[Alias] = []
    for tool, ids in aliases.items():
        for ident in (ids,) if isinstance(ids, str) else ids:
            found.append(Alias(tool=tool.replace("_", "-"), id=ident))
    return CheckSpec(
        id=check_id,
        title=title,
        severity=severity,
        namespace=namespace,
        description=description,
        remediation=remediation,
        aliases=tuple(found),
    )


@dataclass
class Context:
    """The audited organisation with the profile, the access matrix and per-branch rules."""

    input: AuditInput
    profile: AuditProfile
    matrix: AccessMatrix
    today: datetime.date
    _rules: dict[tuple[str, str], BranchRules] = field(default_factory=dict)
    # Resources are immutable and each is the subject of many findings: built once, shared.
    _resources: dict[tuple[str, str | None], Resource] = field(default_factory=dict)

    @property
    def organization(self) -> Resource:
        return Resource(
            type="organization", name=self.input.login, canonical_url=self.input.organization_url()
        )

    def repository(self, repo: str, branch: str | None = None) -> Resource:
        found = self._resources.get((repo, branch))
        if found is None:
            found = self._resources[(repo, branch)] = self._repository(repo, branch)
        return found

    def _repository(self, repo: str, branch: str | None) -> Resource:
        ref = self.input.ids.repositories.get(repo)
        url = self.input.repository_url(repo)
        if branch is not None:
            url = f"{url}/tree/{branch}"
        return Resource(
            type="branch" if branch else "repository",
            name=repo,
            id=ref.id if ref and ref.id else None,
            canonical_url=url,
            branch=branch,
        )

    def member(self, login: str) -> Resource:
        return Resource(type="member", name=login, canonical_url=f"{self.input.html_url}/{login}")

    def team(self, name: str) -> Resource:
        ref = self.input.ids.teams.get(name)
        slug = ref.slug if ref else name
        return Resource(
            type="team",
            name=name,
            id=ref.id if ref and ref.id else None,
            canonical_url=f"{self.input.html_url}/orgs/{self.input.login}/teams/{slug}",
        )

    @property
    def repositories(self) -> list[tuple[str, Repository]]:
        """Audited repositories: archived ones are read-only, so only their visibility still matters."""
        return sorted(self.input.organization.repositories.items())

    def active_repositories(self) -> list[tuple[str, Repository]]:
        return [(name, repo) for name, repo in self.repositories if not repo.archived]

    def branches(self, repo: str, repository: Repository) -> list[str]:
        """The default branch, the profile's branches that exist, and every classically protected branch."""
        default = default_branch(repository)
        known = {default, *repository.branches, *repository.branch_protection}
        wanted = [default, *self.profile.audited_branches(repo, repository), *repository.branch_protection]
        return list(dict.fromkeys(branch for branch in wanted if branch in known))

    def rules(self, repo: str, branch: str) -> BranchRules:
        key = (repo, branch)
        if key not in self._rules:
            ref = self.input.ids.repositories.get(repo)
            self._rules[key] = branch_rules(self.input.organization, repo, branch, ref.id if ref else None)
        return self._rules[key]

    def protection_unknown(self, repo: str) -> str | None:
        """Why protections of ``repo`` could not be read completely, if they could not."""
        for part in ("branch_protection", "rulesets"):
            unknown = self.input.unknown_at(f"repositories/{repo}/{part}")
            if unknown is not None:
                return f"{unknown.path}: {unknown.reason}"
        unknown = self.input.unknown_at("rulesets")
        return f"{unknown.path}: {unknown.reason}" if unknown else None

    @property
    def bots(self) -> frozenset[str]:
        return frozenset({*self.profile.bots, *self.input.bots})

    def bot_teams(self) -> frozenset[str]:
        """Teams of bots: at least one bot, and otherwise only owners.

        Owners are admins of every repository already, and GitHub makes a team's creator its
        maintainer, so an owner beside the bot widens nothing.
        """
        members = self.input.organization.members
        owners = set(members.owners) if members else set()
        teams = set()
        for name, team in self.input.organization.teams.items():
            people = {*team.maintainers, *team.members}
            people |= {bot for bot, spec_ in self.input.organization.bots.items() if name in spec_.teams}
            if people & self.bots and people <= self.bots | owners:
                teams.add(name)
        return frozenset(teams)


Check = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Registered:
    spec: CheckSpec
    run: Check


def skipped(check: CheckSpec, resource: Resource, reason: str | Skipped) -> Finding:
    """A SKIPPED finding; the reason follows legitify's vocabulary."""
    text = reason.reason if isinstance(reason, Skipped) else reason
    return finding(check, resource, Status.SKIPPED, skip_reason=text)


def error(check: CheckSpec, resource: Resource, reason: str) -> Finding:
    """Fail closed: the data could not be read completely, so the check cannot pass."""
    return finding(check, resource, Status.ERROR, message=reason)


def verdict(ok: bool) -> Status:
    return Status.PASSED if ok else Status.FAILED
