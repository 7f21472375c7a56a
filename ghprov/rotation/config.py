"""The rotation file (``config/rotation/rotation.yaml``): clusters, and per tenant token where it goes.

Problems are reported together, each with file, line and column, like the organisation config.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ghprov.config.locations import Location, SourceMap
from ghprov.config.yaml_reader import read_yaml_file
from ghprov.errors import ConfigError, ConfigProblem, GhprovError
from ghprov.k8s.flux import FLUX_KINDS, FluxRef
from ghprov.rotation.durations import parse_duration
from ghprov.rotation.ssh_host import SshHost, parse_ssh_host

DEFAULT_PATH = Path("config/rotation/rotation.yaml")
# How Flux authenticates to GitHub for a tenant: a fine-grained PAT (a person mints it), a deploy key
# (ghprov generates and registers it), or a GitHub App installation (Flux mints tokens itself).
Auth = Literal["pat", "deploy_key", "github_app"]
Access = Literal["read", "pull", "triage", "write", "push", "maintain", "admin"]
ACCESS_RANK = {"read": 1, "pull": 1, "triage": 2, "write": 3, "push": 3, "maintain": 4, "admin": 5}
LABEL_KEY = Annotated[str, Field(min_length=1, max_length=253)]


def _seconds(value: Any) -> float:
    try:
        return parse_duration(value)
    except GhprovError as error:
        raise ValueError(error.message) from None


# A duration written as 30s, 2m, 30d … (or a number of seconds), held as seconds.
Seconds = Annotated[float, BeforeValidator(_seconds)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ClusterConfig(_Strict):
    """How to reach a cluster: a kubeconfig context (default: the current one) or in-cluster."""

    context: str | None = None
    kubeconfig: Path | None = None
    in_cluster: bool = False

    @model_validator(mode="after")
    def _one_way(self) -> ClusterConfig:
        if self.in_cluster and (self.context or self.kubeconfig):
            raise ValueError("in_cluster cannot be combined with context or kubeconfig")
        return self


class SecretConfig(_Strict):
    """The Secret holding the token, as ``flux create secret git`` writes it."""

    namespace: str = "flux-system"
    name: str
    username: str = "git"
    labels: dict[LABEL_KEY, str] = Field(default_factory=dict)
    # Extra data keys that also receive the token (e.g. D1's ``token`` on flux-system).
    token_keys: list[str] = Field(default_factory=list)

    @field_validator("token_keys")
    @classmethod
    def _not_reserved(cls, keys: list[str]) -> list[str]:
        reserved = {"username", "password"} & set(keys)
        if reserved:
            raise ValueError(f"{', '.join(sorted(reserved))} is always written; list only extra keys")
        return keys


class ReconcileTarget(_Strict):
    """A Flux object to reconcile after the write; ``clusters`` limits it to some clusters."""

    kind: str = "GitRepository"
    namespace: str
    name: str
    api_version: str | None = Field(default=None, alias="apiVersion")
    clusters: list[str] | None = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        if kind not in FLUX_KINDS:
            raise ValueError(f"unknown Flux kind {kind!r}; known: {', '.join(sorted(FLUX_KINDS))}")
        return kind

    def ref(self) -> FluxRef:
        """The object as the k8s layer names it."""
        return FluxRef(self.kind, self.namespace, self.name, self.api_version)


class CloneConfig(_Strict):
    """A copy of the Secret kept by Kyverno in another namespace; checked, never written."""

    namespace: str
    name: str | None = None
    clusters: list[str] | None = None


class ExpiryPolicy(_Strict):
    """Days before expiry to warn and to fail; a new token must last longer than ``minimum_days``."""

    warn_days: int = Field(default=14, ge=0)
    error_days: int = Field(default=3, ge=0)
    minimum_days: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> ExpiryPolicy:
        if self.error_days > self.warn_days:
            raise ValueError("error_days must not be greater than warn_days")
        return self

    @property
    def minimum(self) -> int:
        """Days a new token must still be valid (default: ``warn_days``, so it is not due at once)."""
        return self.warn_days if self.minimum_days is None else self.minimum_days


class DeployKeyPolicy(_Strict):
    """``auth: deploy_key``: how old the key may grow before the scheduled run replaces it."""

    rotate_after: Seconds = 30 * 86400.0


class GitHubAppConfig(_Strict):
    """``auth: github_app``: the App and its installation Flux authenticates as."""

    app_id: int = Field(ge=1)
    installation_id: int = Field(ge=1)


class TokenConfig(_Strict):
    """One tenant's token: who it is, what it must reach, where it goes and how to confirm it."""

    auth: Auth = "pat"
    # The PAT's account (``auth: pat`` only; deploy keys and Apps belong to no person).
    bot: str | None = None
    deploy_key: DeployKeyPolicy = Field(default_factory=DeployKeyPolicy)
    github_app: GitHubAppConfig | None = None
    repositories: dict[str, Access] = Field(min_length=1)
    secret: SecretConfig
    clusters: list[str] = Field(min_length=1)
    canary: str | None = None
    reconcile: list[ReconcileTarget] = Field(default_factory=list)
    clones: list[CloneConfig] = Field(default_factory=list)
    expiry: ExpiryPolicy = Field(default_factory=ExpiryPolicy)
    confirm_timeout: Seconds = 120.0
    max_parallel: int = Field(default=10, ge=1, le=64)

    @property
    def canary_cluster(self) -> str:
        """The cluster written and confirmed first (the first listed unless named)."""
        return self.canary or self.clusters[0]

    def reconcile_on(self, cluster: str) -> list[FluxRef]:
        """The Flux objects to reconcile on ``cluster``."""
        return [t.ref() for t in self.reconcile if t.clusters is None or cluster in t.clusters]

    def clones_on(self, cluster: str) -> list[tuple[str, str]]:
        """(namespace, name) of the Secret's clones expected on ``cluster``."""
        return [
            (c.namespace, c.name or self.secret.name)
            for c in self.clones
            if c.clusters is None or cluster in c.clusters
        ]


class RotationConfig(_Strict):
    """The whole rotation file."""

    organization: str
    clusters: dict[str, ClusterConfig] = Field(min_length=1)
    tokens: dict[str, TokenConfig] = Field(min_length=1)
    lease_namespace: str = "flux-system"
    # Deploy keys: GitHub's SSH host (HOST or HOST:PORT) for known_hosts, when the API URL does not
    # imply it (see rotation/ssh_host.py); the GitRepositories' ssh:// URLs must name the same host.
    ssh_host: str | None = None

    @field_validator("ssh_host")
    @classmethod
    def _host(cls, value: str | None) -> str | None:
        return None if value is None else str(parse_ssh_host(value))

    @property
    def ssh_endpoint(self) -> SshHost | None:
        """``ssh_host`` as an endpoint (None: derived from the API URL)."""
        return None if self.ssh_host is None else parse_ssh_host(self.ssh_host)

    def tenant(self, name: str) -> tuple[str, TokenConfig]:
        """The token entry for ``name`` (``apps`` finds ``flux-apps`` too)."""
        for candidate in (name, f"flux-{name}"):
            if candidate in self.tokens:
                return candidate, self.tokens[candidate]
        raise GhprovError(
            f"no token {name!r} in the rotation config", hint=f"known: {', '.join(sorted(self.tokens))}"
        )


def _cross_checks(config: RotationConfig, source: SourceMap) -> list[ConfigProblem]:
    problems = []
    known = set(config.clusters)
    for token_name, token in config.tokens.items():
        base = ("tokens", token_name)
        problems += _auth_checks(token, base, source)
        for index, cluster in enumerate(token.clusters):
            if cluster not in known:
                problems.append(source.problem((*base, "clusters", index), f"unknown cluster {cluster!r}"))
        if token.canary is not None and token.canary not in token.clusters:
            problems.append(source.problem((*base, "canary"), f"canary {token.canary!r} is not in clusters"))
        limits: list[tuple[str, list[list[str] | None]]] = [
            ("reconcile", [entry.clusters for entry in token.reconcile]),
            ("clones", [entry.clusters for entry in token.clones]),
        ]
        for kind, entries in limits:
            for index, only in enumerate(entries):
                for position, cluster in enumerate(only or []):
                    if cluster not in token.clusters:
                        problems.append(
                            source.problem(
                                (*base, kind, index, "clusters", position),
                                f"cluster {cluster!r} is not one of this token's clusters",
                            )
                        )
    return problems


def _auth_checks(token: TokenConfig, base: tuple[str, ...], source: SourceMap) -> list[ConfigProblem]:
    """What each ``auth`` mode needs: a bot for a PAT, one repository per deploy key, an App."""
    problems = []
    if token.auth == "pat" and token.bot is None:
        problems.append(source.problem((*base, "auth"), "auth: pat needs 'bot' (the PAT's account)"))
    if token.auth == "deploy_key" and len(token.repositories) != 1:
        # GitHub keeps a public key once across all of GitHub: one key reaches one repository.
        problems.append(
            source.problem(
                (*base, "repositories"),
                "auth: deploy_key reaches exactly one repository (GitHub refuses a key already in use); "
                "give each repository its own Secret and tenant entry",
            )
        )
    if token.auth == "github_app" and token.github_app is None:
        problems.append(
            source.problem((*base, "auth"), "auth: github_app needs 'github_app: {app_id, installation_id}'")
        )
    if token.auth == "deploy_key" and token.github_app is not None:
        # With auth: pat it is allowed: it is what `--migrate-to github_app` moves the tenant to.
        problems.append(source.problem((*base, "github_app"), "github_app is unused with auth: deploy_key"))
    return problems


def load_rotation_config(path: Path) -> RotationConfig:
    """Read and check the rotation file; raises ``ConfigError`` listing every problem."""
    name = str(path)
    if not path.is_file():
        raise GhprovError(f"rotation config {path} not found", hint="pass --config FILE")
    read = read_yaml_file(path, name)
    if read.problems:
        raise ConfigError(read.problems)
    source = SourceMap(spans=read.spans, document=read.data or {}, fallback=Location(name, 1, 1))
    try:
        config = RotationConfig.model_validate(read.data or {})
    except ValidationError as error:
        raise ConfigError(
            [source.problem(tuple(problem["loc"]), _message(problem)) for problem in error.errors()]
        ) from None
    problems = _cross_checks(config, source)
    if problems:
        raise ConfigError(problems)
    return config


def _message(problem: Any) -> str:
    text = str(problem["msg"]).removeprefix("Value error, ")
    if problem["type"] == "extra_forbidden":
        return f"unknown key {problem['loc'][-1]!r}"
    if problem["type"] == "missing":
        return f"missing required key {problem['loc'][-1]!r}"
    return text
