"""What ``ghprov init d1`` is told: the organisation, the bot, tenants, clusters and who is in which team."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ghprov.errors import GhprovError
from ghprov.scaffold.receivers import default_secret, receiver_problems

PLATFORM = "platform"
FLEET, INFRA = "d1-fleet", "d1-infra"
# GitHub logins and repository-friendly names: letters, digits and single hyphens.
NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
# Kubernetes names (clusters become kube contexts, tenants become labels and Secret names).
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")


@dataclass(frozen=True)
class D1Options:
    """Everything the D1 layout depends on. ``maintainers``/``members`` are keyed by ``platform`` or a
    tenant; ``namespaces`` maps a tenant to the namespaces holding its GitRepositories."""

    organization: str
    bot: str
    tenants: tuple[str, ...]
    clusters: tuple[str, ...]
    owners: tuple[str, ...] = ()
    maintainers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    namespaces: dict[str, tuple[str, ...]] = field(default_factory=dict)
    signed_automation: bool = False
    # How Flux authenticates to GitHub: pat, deploy_key or github_app (rotation file and prune).
    auth: str = "pat"
    # github_app: "platform" or a tenant → (app id, installation id) of the App it uses.
    apps: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # "platform" or a tenant → public URLs of its Flux Receivers (one per cluster and namespace), and
    # the reference of the Receivers' token (``scaffold/receivers.py``).
    receivers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    receiver_secrets: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def team(self, key: str) -> str:
        """The team name for ``platform`` or a tenant."""
        return "platform-team" if key == PLATFORM else f"{key}-team"

    def tenant_namespaces(self, tenant: str) -> tuple[str, ...]:
        return self.namespaces.get(tenant) or (tenant,)

    def command(self) -> str:
        """The ``ghprov init d1`` command line that generates these options (for the files' headers)."""
        parts = ["ghprov init d1", f"--org {self.organization}", f"--bot {self.bot}"]
        parts.append(f"--tenant {','.join(self.tenants)}")
        parts += [f"--cluster {cluster}" for cluster in self.clusters]
        if self.owners:
            parts.append(f"--owner {','.join(self.owners)}")
        for key in (PLATFORM, *self.tenants):
            if self.maintainers.get(key):
                parts.append(f"--maintainer {key}={','.join(self.maintainers[key])}")
            if self.members.get(key):
                parts.append(f"--member {key}={','.join(self.members[key])}")
        for tenant in self.tenants:
            if tenant in self.namespaces:
                parts.append(f"--namespaces {tenant}={','.join(self.namespaces[tenant])}")
        if self.signed_automation:
            parts.append("--signed-automation")
        if self.auth != "pat":
            parts.append(f"--auth {self.auth.replace('_', '-')}")
        for key in (PLATFORM, *self.tenants):
            if key in self.apps:
                parts.append(f"--app {key}={'/'.join(self.apps[key])}")
        for key in (PLATFORM, *self.tenants):
            parts += [f"--receiver-url {key}={url}" for url in self.receivers.get(key, ())]
            if key in self.receiver_secrets:
                parts.append(f"--receiver-secret {key}={self.receiver_secret(key)}")
        return " ".join(parts)

    def receiver_secret(self, key: str) -> str:
        """The secret reference of the webhooks to ``key``'s Receivers."""
        given = self.receiver_secrets.get(key, ())
        return given[0] if given else default_secret(key, PLATFORM)

    def app(self, key: str) -> dict[str, int]:
        """``github_app`` of the rotation file for ``platform`` or a tenant."""
        _, app_id, installation_id = self.apps[key]
        return {"app_id": int(app_id), "installation_id": int(installation_id)}

    def app_slug(self, key: str) -> str:
        """The App's slug (its key in the organisation config's ``app_installations``)."""
        return self.apps[key][0]


def tenant_repository(tenant: str) -> str:
    return f"d1-{tenant}"


def parse_assignments(values: list[str] | None, option: str) -> dict[str, tuple[str, ...]]:
    """``["platform=alice,bob", "apps=carol"]`` → {"platform": ("alice", "bob"), "apps": ("carol",)}."""
    result: dict[str, list[str]] = {}
    for value in values or ():
        key, separator, names = value.partition("=")
        if not separator or not key.strip():
            raise GhprovError(
                f"{option} {value!r} is not KEY=LOGIN[,LOGIN...]", hint=f"e.g. {option} platform=alice"
            )
        items = [item.strip() for item in names.split(",") if item.strip()]
        result.setdefault(key.strip(), []).extend(items)
    return {key: tuple(dict.fromkeys(items)) for key, items in result.items()}


AUTH_MODES = ("pat", "deploy_key", "github_app")


def parse_apps(values: list[str] | None) -> dict[str, tuple[str, ...]]:
    """``["platform=flux-platform/123/456"]`` → {"platform": ("flux-platform", "123", "456")}
    (App slug, App id, installation id)."""
    return {
        key: tuple(part for item in items for part in item.split("/"))
        for key, items in parse_assignments(values, "--app").items()
    }


def _auth_problems(options: D1Options) -> list[str]:
    if options.auth not in AUTH_MODES:
        return [f"--auth {options.auth!r}: expected pat, deploy-key or github-app"]
    keys = (PLATFORM, *options.tenants)
    problems = [
        f"--app {key}=...: {key!r} is neither 'platform' nor a --tenant"
        for key in sorted(set(options.apps) - set(keys))
    ]
    if options.auth != "github_app":
        return problems + (["--app is for --auth github-app"] if options.apps else [])
    for key in keys:
        value = options.apps.get(key)
        if value is None:
            problems.append(f"--auth github-app needs --app {key}=SLUG/APP_ID/INSTALLATION_ID")
        elif (
            len(value) != 3
            or not NAME.match(value[0])
            or not all(part.isdigit() and int(part) > 0 for part in value[1:])
        ):
            problems.append(
                f"--app {key}={'/'.join(value)}: expected SLUG/APP_ID/INSTALLATION_ID (ids are numbers)"
            )
    slugs = [options.apps[key][0] for key in keys if key in options.apps]
    problems += [
        f"--app: App {slug!r} is given for more than one team; an installation must reach exactly "
        "its token's repositories, so each team needs its own App"
        for slug in sorted({s for s in slugs if slugs.count(s) > 1})
    ]
    return problems


def _hooks_per_repository(options: D1Options) -> dict[str, int]:
    platform = len(options.receivers.get(PLATFORM, ()))
    counts = {FLEET: platform, INFRA: platform}
    counts.update(
        {tenant_repository(tenant): len(options.receivers.get(tenant, ())) for tenant in options.tenants}
    )
    return counts


def _receiver_warnings(options: D1Options) -> list[str]:
    if not options.receivers:
        return []
    warnings = [
        f"no --receiver-url for {key}: its repository's pushes reach the clusters at the next poll only"
        for key in (PLATFORM, *options.tenants)
        if key not in options.receivers
    ]
    given = len(options.receivers.get(PLATFORM, ()))
    if 0 < given < len(options.clusters):
        warnings.append(
            f"{given} platform Receiver URL(s) for {len(options.clusters)} clusters: each cluster's "
            "notification-controller has its own URL; the others poll"
        )
    return warnings


def validate(options: D1Options) -> list[str]:
    """Raise on options that cannot make a D1 layout; return warnings about ones that weaken it."""
    problems: list[str] = []
    if not NAME.match(options.organization):
        problems.append(f"--org {options.organization!r} is not a GitHub organisation name")
    logins = [options.bot, *options.owners]
    logins += [
        login
        for group in (options.maintainers, options.members)
        for names in group.values()
        for login in names
    ]
    problems += [f"{login!r} is not a GitHub login" for login in sorted(set(logins)) if not NAME.match(login)]
    if not options.tenants:
        problems.append("at least one --tenant is needed")
    if not options.clusters:
        problems.append("at least one --cluster is needed")
    for what, names in (("tenant", options.tenants), ("cluster", options.clusters)):
        problems += [
            f"{what} {name!r} must be a lower-case DNS label" for name in names if not DNS_LABEL.match(name)
        ]
        problems += [
            f"{what} {name!r} is given twice" for name in sorted({n for n in names if names.count(n) > 1})
        ]
    if PLATFORM in options.tenants:
        problems.append("'platform' names the platform team; choose another tenant name")
    keys = {PLATFORM, *options.tenants}
    for option, group in (("--maintainer", options.maintainers), ("--member", options.members)):
        problems += [
            f"{option} {key}=...: {key!r} is neither 'platform' nor a --tenant"
            for key in sorted(set(group) - keys)
        ]
    for key in sorted(keys):
        both = sorted(set(options.maintainers.get(key, ())) & set(options.members.get(key, ())))
        problems += [f"{login!r} is both maintainer and member of {options.team(key)}" for login in both]
    problems += [
        f"--namespaces {key}=...: {key!r} is not a --tenant"
        for key in sorted(set(options.namespaces) - set(options.tenants))
    ]
    for namespaces in options.namespaces.values():
        problems += [
            f"namespace {name!r} must be a lower-case DNS label"
            for name in namespaces
            if not DNS_LABEL.match(name)
        ]
    problems += _auth_problems(options)
    problems += receiver_problems(
        options.receivers,
        options.receiver_secrets,
        (PLATFORM, *options.tenants),
        _hooks_per_repository(options),
    )
    if options.bot in options.owners:
        problems.append(f"the bot {options.bot!r} must not be an owner: owners administer every repository")
    people = {
        login
        for group in (options.maintainers, options.members)
        for names in group.values()
        for login in names
    }
    if options.bot in people:
        problems.append(f"the bot {options.bot!r} joins flux-bots through bots:; do not list it in a team")
    if problems:
        raise GhprovError(
            "cannot generate the D1 layout: " + "; ".join(problems), hint="see `ghprov init d1 --help`"
        )
    warnings = []
    if options.owners and len(options.owners) < 2:
        warnings.append(
            "D1 asks for at least two owners (or two admins per repository); one --owner is given"
        )
    return warnings + _receiver_warnings(options)
