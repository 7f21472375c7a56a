"""The in-process sandbox: ``Sandbox.start(...)`` serves an emulated GitHub on 127.0.0.1."""

from __future__ import annotations

import secrets
import string
import time
from http.server import ThreadingHTTPServer
from threading import Thread
from types import TracebackType
from typing import Literal

from ghprov_testbeds.sandbox import (
    app_tokens,
    rest_actions,
    rest_actions_policy,
    rest_audit,
    rest_code_security,
    rest_collaborators,
    rest_dependabot_secrets,
    rest_deploy_keys,
    rest_environments,
    rest_hooks,
    rest_members,
    rest_meta,
    rest_org_features,
    rest_org_role_definitions,
    rest_org_roles,
    rest_orgs,
    rest_pats,
    rest_property_values,
    rest_protection,
    rest_repo_features,
    rest_repos,
    rest_roles,
    rest_rulesets,
    rest_runner_groups,
    rest_secrets,
    rest_security,
    rest_team_members,
    rest_team_sync,
    rest_teams,
    rest_user,
    rest_user_installations,
)
from ghprov_testbeds.sandbox.server import LoggedRequest, SandboxApp, serve
from ghprov_testbeds.sandbox.settings import FaultSpec, SandboxSettings
from ghprov_testbeds.sandbox.state import GitHubState, Membership, Token, new_state
from ghprov_testbeds.sandbox.wire import Router

# Each endpoint has one handler (``Router`` refuses duplicates), so the order carries no meaning.
TABLES = (
    rest_orgs.routes,
    rest_members.routes,
    rest_teams.routes,
    rest_team_members.routes,
    rest_team_sync.routes,
    rest_repos.routes,
    rest_protection.routes,
    rest_rulesets.routes,
    rest_roles.routes,
    rest_pats.routes,
    rest_audit.routes,
    rest_actions.routes,
    rest_repo_features.routes,
    rest_deploy_keys.routes,
    rest_secrets.routes,
    rest_hooks.routes,
    rest_environments.routes,
    rest_dependabot_secrets.routes,
    rest_actions_policy.routes,
    rest_security.routes,
    rest_runner_groups.routes,
    rest_code_security.routes,
    rest_collaborators.routes,
    rest_property_values.routes,
    rest_org_features.routes,
    rest_org_roles.routes,
    rest_org_role_definitions.routes,
    rest_user.routes,
    rest_user_installations.routes,
    rest_meta.routes,
    app_tokens.routes,
)
DEFAULT_LOGINS = {"owner": "octo-owner", "member": "octo-member", "bot": "octo-flux-bot", "app": "ghprov-app"}
Plan = Literal["free", "team", "enterprise"]


def _secret(prefix: str) -> str:
    alphabet = string.ascii_letters + string.digits
    return prefix + "".join(secrets.choice(alphabet) for _ in range(36))


def ensure_identities(
    state: GitHubState, logins: dict[str, str] | None = None, *, expiry_days: int = 30
) -> None:
    """Give the state its token table (owner, member, bot, app) unless it already has one."""
    if state.tokens:
        return
    names = {**DEFAULT_LOGINS, **(logins or {})}
    expires = time.time() + expiry_days * 86400
    for name in ("owner", "member", "bot"):
        login = names[name]
        state.add_user(login)
        if login not in state.memberships:
            state.memberships[login] = Membership(role="admin" if name == "owner" else "member")
        state.tokens[_secret("ghp_")] = Token(kind="user", subject=login, name=name, expires_at=expires)
    app = state.add_app(names["app"], name="ghprov")
    state.tokens[_secret("ghs_")] = Token(kind="installation", subject=app.slug, name="app")


class Sandbox:
    """A running emulator. Use as a context manager, or call ``stop()``."""

    def __init__(self, state: GitHubState, settings: SandboxSettings, port: int = 0) -> None:
        self.settings = settings
        self.app = SandboxApp(state, settings, Router(TABLES))
        self._server: ThreadingHTTPServer
        self._thread: Thread
        self._server, self._thread = serve(self.app, port)

    @classmethod
    def start(
        cls,
        org: str = "acme",
        *,
        port: int = 0,
        state: GitHubState | None = None,
        plan: Plan = "team",
        seed: Literal["empty", "d1"] = "empty",
        latency_ms: int = 0,
        faults: str | FaultSpec | None = None,
        team_visibility_delay_s: float = 0.0,
        validate_responses: bool = False,
        logins: dict[str, str] | None = None,
        settings: SandboxSettings | None = None,
    ) -> Sandbox:
        """Serve a new (or the given) emulated organisation on 127.0.0.1:``port`` (0 = a free port)."""
        chosen = settings or SandboxSettings()
        chosen.latency_ms = latency_ms or chosen.latency_ms
        if faults is not None:
            chosen.faults = faults if isinstance(faults, FaultSpec) else FaultSpec.parse(faults)
        chosen.team_visibility_delay_s = team_visibility_delay_s or chosen.team_visibility_delay_s
        chosen.validate_responses = validate_responses or chosen.validate_responses
        if state is None:
            state = new_state(org, plan=plan)
            if seed == "d1":
                from ghprov_testbeds.sandbox.seeds import d1_starting_org

                ensure_identities(state, logins, expiry_days=chosen.token_expiry_days)
                d1_starting_org(state, org)
        ensure_identities(state, logins, expiry_days=chosen.token_expiry_days)
        return cls(state, chosen, port)

    @property
    def url(self) -> str:
        """The API base URL (GraphQL is at ``{url}/graphql``)."""
        return self.app.base_url

    @property
    def state(self) -> GitHubState:
        return self.app.state

    @property
    def tokens(self) -> dict[str, str]:
        """Token-table name ("owner", "member", "bot", "app") → token string."""
        return {token.name: value for value, token in self.state.tokens.items() if token.name}

    @property
    def logins(self) -> dict[str, str]:
        """Token-table name → the login (or App slug) it authenticates as."""
        return {token.name: token.subject for token in self.state.tokens.values() if token.name}

    @property
    def log(self) -> list[LoggedRequest]:
        return self.app.log

    @property
    def response_problems(self) -> list[str]:
        """Response-schema problems found while ``validate_responses`` was on."""
        return self.app.audit.problems

    @property
    def internal_errors(self) -> list[str]:
        """Tracebacks of sandbox bugs (answered as 500); tests assert this stays empty."""
        return self.app.internal_errors

    def writes(self) -> list[LoggedRequest]:
        """Logged requests that would change GitHub (POST, PUT, PATCH, DELETE; GraphQL queries excluded)."""
        return [
            entry for entry in self.log if entry.is_write and entry.path not in ("/graphql", "/api/graphql")
        ]

    def clear_log(self) -> None:
        self.app.log.clear()

    def reset_limits(self) -> None:
        self.app.limits.reset()

    def accept_invitations(self) -> list[str]:
        """Accept every pending invitation (the invitees "click Join"); returns their logins."""
        from ghprov_testbeds.sandbox.rest_members import accept_invitation

        with self.state.lock:
            accepted = [inv.login for inv in self.state.invitations.values() if inv.login is not None]
            for invitation_id in list(self.state.invitations):
                accept_invitation(self.state, invitation_id)
        return [login for login in accepted if login is not None]

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()
