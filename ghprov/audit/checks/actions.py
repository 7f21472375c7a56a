"""Actions, webhooks and secrets: ORG-11 … ORG-15, ORG-22, and the repository twins REPO-19, 20, 22.

The repository-level reads cost one request per repository each, so they only happen in a deep
audit (``--deep``); otherwise those checks are SKIPPED with that reason. Auditing a config (lint),
ORG-13/14/15 and REPO-19 evaluate the declared Actions policy (``declared_actions``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from ghprov.audit.checks import declared_actions, declared_hooks
from ghprov.audit.checks.base import Context, Registered, skipped, spec, verdict
from ghprov.audit.findings import Evidence, Finding, Resource, Severity, finding
from ghprov.audit.inputs import Skipped
from ghprov.model.actions import ActionsSecret, Webhook, WorkflowPermissions

CONFIG_ONLY = "Not expressible in the config: Actions, webhooks and secrets are not declared"
SECRET_MAX_AGE_DAYS = 365

ORG_11 = spec(
    "ORG-11",
    "Organisation webhooks have a secret and verify TLS",
    Severity.LOW,
    "organization",
    "Every org webhook signs its payloads (secret set) and verifies certificates (insecure_ssl 0).",
    "Set a secret and turn SSL verification on for the webhook.",
    legitify=(
        "data.organization.organization_webhook_no_secret",
        "data.organization.organization_webhook_doesnt_require_ssl",
    ),
    scorecard="Webhooks",
)
ORG_12 = spec(
    "ORG-12",
    "Organisation Actions secrets are less than a year old",
    Severity.MEDIUM,
    "actions",
    "Secrets are rotated at least yearly (updated_at).",
    "Rotate the secret.",
    legitify="data.organization.organization_secret_is_stale",
)
ORG_13 = spec(
    "ORG-13",
    "Default GITHUB_TOKEN permission is read",
    Severity.MEDIUM,
    "actions",
    "Workflows get a read-only token unless a job asks for more.",
    "Set the default workflow permissions to 'Read repository contents'.",
    legitify="data.actions.token_default_permissions_is_read_write",
    scorecard="Token-Permissions",
)
ORG_14 = spec(
    "ORG-14",
    "Actions cannot approve pull requests",
    Severity.HIGH,
    "actions",
    "A workflow must not approve its own pull request. D1's promotion workflow departs from this "
    "(declare it in the exceptions file).",
    "Clear 'Allow GitHub Actions to create and approve pull requests'.",
    legitify="data.actions.actions_can_approve_pull_requests",
)
ORG_15 = spec(
    "ORG-15",
    "Allowed Actions and repositories restricted",
    Severity.MEDIUM,
    "actions",
    "allowed_actions is not 'all' and enabled_repositories is not 'all'.",
    "Allow selected actions only, on selected repositories.",
    legitify=(
        "data.actions.all_github_actions_are_allowed",
        "data.actions.all_repositories_can_run_github_actions",
    ),
)
ORG_22 = spec(
    "ORG-22",
    "Self-hosted runner groups limited to selected private repositories",
    Severity.MEDIUM,
    "actions",
    "Runner groups are not usable by public repositories and are limited to selected repositories.",
    "Restrict each runner group to selected repositories and disallow public ones.",
    legitify=(
        "data.runner_group.runner_group_can_be_used_by_public_repositories",
        "data.runner_group.runner_group_not_limited_to_selected_repositories",
    ),
)
REPO_19 = spec(
    "REPO-19",
    "Repository GITHUB_TOKEN defaults are read-only and cannot approve",
    Severity.MEDIUM,
    "actions",
    "default_workflow_permissions is read and can_approve_pull_request_reviews is false.",
    "Set the repository's workflow permissions to read and clear PR approval.",
    legitify=(
        "data.repository.token_default_permissions_is_read_write",
        "data.repository.actions_can_approve_pull_requests",
    ),
    scorecard="Token-Permissions",
)
REPO_20 = spec(
    "REPO-20",
    "Repository webhooks and secrets are safe",
    Severity.LOW,
    "repository",
    "Webhooks have a secret and verify TLS; Actions secrets are less than a year old.",
    "Set webhook secrets, enable SSL verification, rotate old secrets.",
    legitify=(
        "data.repository.repository_webhook_no_secret",
        "data.repository.repository_webhook_doesnt_require_ssl",
        "data.repository.repository_secret_is_stale",
    ),
    scorecard="Webhooks",
)
REPO_22 = spec(
    "REPO-22",
    "Public repositories have a SECURITY.md",
    Severity.LOW,
    "repository",
    "A security policy tells reporters where to go.",
    "Add SECURITY.md (root, .github/ or docs/).",
    allstar="security",
    cis_ssc="1.2.1",
    scorecard="Security-Policy",
)


def _org_value(ctx: Context, check: Any, value: Any) -> Any:
    if ctx.input.mode == "config":
        return skipped(check, ctx.organization, CONFIG_ONLY)
    if isinstance(value, Skipped):
        return skipped(check, ctx.organization, value)
    return value


def _hook_problems(hook: Webhook) -> list[str]:
    problems = []
    if not hook.has_secret:
        problems.append("no secret")
    # GitHub leaves insecure_ssl out only where it is the default, "0" (verify).
    if (hook.insecure_ssl or "0") != "0":
        problems.append("TLS verification off")
    return problems


def _stale(secret: ActionsSecret, today: datetime.date) -> bool:
    updated = str(secret.updated_at or secret.created_at or "")[:10]
    return bool(updated) and (today - datetime.date.fromisoformat(updated)).days >= SECRET_MAX_AGE_DAYS


def org_hooks(ctx: Context) -> Iterator[Finding]:
    if ctx.input.mode == "config":
        yield from declared_hooks.organization_hooks(ctx, ORG_11)
        return
    hooks = _org_value(ctx, ORG_11, ctx.input.actions.hooks)
    if isinstance(hooks, Finding):
        yield hooks
        return
    for hook in hooks:
        problems = _hook_problems(hook)
        yield finding(
            ORG_11,
            Resource(type="webhook", name=hook.url or str(hook.id), id=hook.id),
            verdict(not problems),
            expected={"secret": "set", "insecure_ssl": "0"},
            actual={"problems": problems},
            evidence=[ctx.input.locator.api(f"/orgs/{ctx.input.login}/hooks/{hook.id}", "/config")],
        )
    if not hooks:
        yield finding(
            ORG_11,
            ctx.organization,
            verdict(True),
            actual={"hooks": 0},
            evidence=[ctx.input.locator.api(f"/orgs/{ctx.input.login}/hooks")],
        )


def org_secrets(ctx: Context) -> Iterator[Finding]:
    if ctx.input.mode == "config":
        yield skipped(ORG_12, ctx.organization, declared_hooks.SECRET_AGE)
        return
    secrets = _org_value(ctx, ORG_12, ctx.input.actions.secrets)
    if isinstance(secrets, Finding):
        yield secrets
        return
    for secret in secrets:
        yield finding(
            ORG_12,
            Resource(type="secret", name=secret.name),
            verdict(not _stale(secret, ctx.today)),
            expected={"updated_within_days": SECRET_MAX_AGE_DAYS},
            actual={"updated_at": secret.updated_at},
            evidence=[
                ctx.input.locator.api(f"/orgs/{ctx.input.login}/actions/secrets/{secret.name}", "/updated_at")
            ],
        )
    if not secrets:
        yield finding(
            ORG_12,
            ctx.organization,
            verdict(True),
            actual={"secrets": 0},
            evidence=[ctx.input.locator.api(f"/orgs/{ctx.input.login}/actions/secrets")],
        )


def _workflow_finding(
    ctx: Context,
    check: Any,
    resource: Resource,
    workflow: WorkflowPermissions | None,
    path: str,
    keys: tuple[str, ...],
    evidence: list[Evidence] | None = None,
) -> Finding:
    wanted = {"default_workflow_permissions": "read", "can_approve_pull_request_reviews": False}
    actual = {key: None if workflow is None else getattr(workflow, key) for key in keys}
    return finding(
        check,
        resource,
        verdict(all(actual[key] == wanted[key] for key in keys)),
        expected={key: wanted[key] for key in keys},
        actual=actual,
        evidence=evidence or [ctx.input.locator.api(path, f"/{key}") for key in keys],
    )


def _org_workflow(
    ctx: Context, check: Any, keys: tuple[str, ...]
) -> tuple[WorkflowPermissions, list[Evidence] | None] | Finding:
    """The organisation's workflow permissions: declared (lint) or read; a SKIPPED finding if neither."""
    if ctx.input.mode == "config":
        declared = declared_actions.organization_workflow(ctx, keys)
        return skipped(check, ctx.organization, declared) if isinstance(declared, Skipped) else declared
    workflow = _org_value(ctx, check, ctx.input.actions.workflow)
    return workflow if isinstance(workflow, Finding) else (workflow, None)


def org_token_permissions(ctx: Context) -> Iterator[Finding]:
    keys = ("default_workflow_permissions",)
    found = _org_workflow(ctx, ORG_13, keys)
    if isinstance(found, Finding):
        yield found
        return
    path = f"/orgs/{ctx.input.login}/actions/permissions/workflow"
    yield _workflow_finding(ctx, ORG_13, ctx.organization, found[0], path, keys, found[1])


def org_pr_approval(ctx: Context) -> Iterator[Finding]:
    keys = ("can_approve_pull_request_reviews",)
    found = _org_workflow(ctx, ORG_14, keys)
    if isinstance(found, Finding):
        yield found
        return
    path = f"/orgs/{ctx.input.login}/actions/permissions/workflow"
    yield _workflow_finding(ctx, ORG_14, ctx.organization, found[0], path, keys, found[1])


def allowed_actions(ctx: Context) -> Iterator[Finding]:
    evidence: list[Evidence] | None = None
    if ctx.input.mode == "config":
        declared = declared_actions.organization_permissions(ctx)
        if isinstance(declared, Skipped):
            yield skipped(ORG_15, ctx.organization, declared)
            return
        permissions, evidence = declared
    else:
        read = _org_value(ctx, ORG_15, ctx.input.actions.permissions)
        if isinstance(read, Finding):
            yield read
            return
        permissions = read
    actual = {
        "allowed_actions": permissions.allowed_actions,
        "enabled_repositories": permissions.enabled_repositories,
    }
    yield finding(
        ORG_15,
        ctx.organization,
        verdict(
            actual["enabled_repositories"] == "none"
            or all(value not in ("all", None) for value in actual.values())
        ),
        expected={"allowed_actions": "selected|local_only", "enabled_repositories": "selected|none"},
        actual=actual,
        evidence=evidence
        or [ctx.input.locator.api(f"/orgs/{ctx.input.login}/actions/permissions", f"/{k}") for k in actual],
    )


def runner_groups(ctx: Context) -> Iterator[Finding]:
    if ctx.input.mode == "config":
        yield from _declared_runner_groups(ctx)
        return
    groups = _org_value(ctx, ORG_22, ctx.input.actions.runner_groups)
    if isinstance(groups, Finding):
        yield groups
        return
    if not groups:
        yield skipped(ORG_22, ctx.organization, "Not applicable: no self-hosted runner groups")
        return
    for group in groups:
        problems = []
        if group.allows_public_repositories:
            problems.append("usable by public repositories")
        if group.visibility == "all":
            problems.append("not limited to selected repositories")
        yield finding(
            ORG_22,
            Resource(type="runner_group", name=group.name, id=group.id),
            verdict(not problems),
            expected={"allows_public_repositories": False, "visibility": "selected|private"},
            actual={"problems": problems},
            evidence=[ctx.input.locator.api(f"/orgs/{ctx.input.login}/actions/runner-groups/{group.id}")],
        )


def _declared_runner_groups(ctx: Context) -> Iterator[Finding]:
    """Lint: the access the config declares for each runner group (both keys decide the check)."""
    declared = ctx.input.organization.runner_groups
    if not declared:
        yield skipped(ORG_22, ctx.organization, "Not declared in the config: runner_groups")
        return
    for name, access in sorted(declared.items()):
        resource = Resource(type="runner_group", name=name)
        missing = [
            key for key in ("visibility", "allows_public_repositories") if key not in access.model_fields_set
        ]
        if missing:
            yield skipped(ORG_22, resource, f"Not declared in the config: runner_groups.{name}.{missing[0]}")
            continue
        problems = []
        if access.allows_public_repositories:
            problems.append("usable by public repositories")
        if access.visibility == "all":
            problems.append("not limited to selected repositories")
        yield finding(
            ORG_22,
            resource,
            verdict(not problems),
            expected={"allows_public_repositories": False, "visibility": "selected|private"},
            actual={"problems": problems},
            evidence=[ctx.input.locator.declared("runner_groups", name, "visibility")],
        )


def _per_repository(ctx: Context, check: Any, data: Any) -> Iterator[tuple[str, Any]] | Finding:
    if ctx.input.mode == "config":
        return skipped(check, ctx.organization, CONFIG_ONLY)
    if isinstance(data, Skipped):
        return skipped(check, ctx.organization, data)
    return ((repo, data.get(repo)) for repo, _ in ctx.active_repositories() if repo in data)


def repository_token_permissions(ctx: Context) -> Iterator[Finding]:
    keys = declared_actions.WORKFLOW_KEYS
    if ctx.input.mode == "config":
        for repo, _ in ctx.active_repositories():
            declared = declared_actions.repository_workflow(ctx, repo)
            if isinstance(declared, Skipped):
                yield skipped(REPO_19, ctx.repository(repo), declared)
                continue
            path = f"/repos/{ctx.input.login}/{repo}/actions/permissions/workflow"
            yield _workflow_finding(ctx, REPO_19, ctx.repository(repo), declared[0], path, keys, declared[1])
        return
    found = _per_repository(ctx, REPO_19, ctx.input.actions.repository_workflow)
    if isinstance(found, Finding):
        yield found
        return
    for repo, workflow in found:
        path = f"/repos/{ctx.input.login}/{repo}/actions/permissions/workflow"
        yield _workflow_finding(ctx, REPO_19, ctx.repository(repo), workflow, path, keys)


def repository_hooks_and_secrets(ctx: Context) -> Iterator[Finding]:
    if ctx.input.mode == "config":
        yield from declared_hooks.repository_hooks(ctx, REPO_20)
        return
    hooks = _per_repository(ctx, REPO_20, ctx.input.actions.repository_hooks)
    if isinstance(hooks, Finding):
        yield hooks
        return
    secrets = ctx.input.actions.repository_secrets
    for repo, repo_hooks in hooks:
        problems = [
            f"hook {h.id}: {', '.join(_hook_problems(h))}" for h in repo_hooks or () if _hook_problems(h)
        ]
        if not isinstance(secrets, Skipped):
            problems += [
                f"secret {s.name} older than a year" for s in secrets.get(repo, ()) if _stale(s, ctx.today)
            ]
        yield finding(
            REPO_20,
            ctx.repository(repo),
            verdict(not problems),
            expected={"problems": []},
            actual={"problems": problems},
            message="; ".join(problems),
            evidence=[
                ctx.input.locator.api(f"/repos/{ctx.input.login}/{repo}/hooks", "/config"),
                ctx.input.locator.api(f"/repos/{ctx.input.login}/{repo}/actions/secrets", "/secrets"),
            ],
        )


def security_policy(ctx: Context) -> Iterator[Finding]:
    found = _per_repository(ctx, REPO_22, ctx.input.actions.security_policy)
    if isinstance(found, Finding):
        yield found
        return
    for repo, present in found:
        yield finding(
            REPO_22,
            ctx.repository(repo),
            verdict(bool(present)),
            expected={"SECURITY.md": "present"},
            actual={"SECURITY.md": "present" if present else "missing"},
            evidence=[ctx.input.locator.api(f"/repos/{ctx.input.login}/{repo}/contents/SECURITY.md")],
        )


CHECKS = (
    Registered(ORG_11, org_hooks),
    Registered(ORG_12, org_secrets),
    Registered(ORG_13, org_token_permissions),
    Registered(ORG_14, org_pr_approval),
    Registered(ORG_15, allowed_actions),
    Registered(ORG_22, runner_groups),
    Registered(REPO_19, repository_token_permissions),
    Registered(REPO_20, repository_hooks_and_secrets),
    Registered(REPO_22, security_policy),
)
