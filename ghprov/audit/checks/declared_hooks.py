"""ORG-11 and REPO-20 for ``ghprov lint``: the webhooks a config declares, judged as the live checks
judge GitHub's (a secret set, TLS verified).

A config that does not declare ``webhooks`` (for the organisation, or for a repository) leaves the
check SKIPPED naming that key. A declared secret is a reference, so "secret set" means one is
declared; how old a secret is (ORG-12, REPO-20's secret age) is only GitHub's to tell.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ghprov.audit.checks.base import Context, skipped, verdict
from ghprov.audit.findings import CheckSpec, Finding, Resource, finding
from ghprov.model.webhooks import OrganizationWebhook, RepositoryWebhook

SECRET_AGE = "A secret's age is GitHub's to tell: a config holds only a reference to its value"


def declared_problems(hook: OrganizationWebhook | RepositoryWebhook) -> list[str]:
    """What the live checks would find wrong with this webhook once applied."""
    problems = []
    if hook.secret is None:
        problems.append("no secret")
    if hook.insecure_ssl:
        problems.append("TLS verification off")
    return problems


def organization_hooks(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    """ORG-11 on the declared organisation webhooks."""
    organization = ctx.input.organization
    if "webhooks" not in organization.model_fields_set:
        yield skipped(check, ctx.organization, "Not declared in the config: webhooks")
        return
    yield from _judged(ctx, check, organization.webhooks)
    if not organization.webhooks:
        evidence = [ctx.input.locator.declared("webhooks")]
        yield finding(check, ctx.organization, verdict(True), actual={"hooks": 0}, evidence=evidence)


def repository_hooks(ctx: Context, check: CheckSpec) -> Iterator[Finding]:
    """REPO-20 on each active repository's declared webhooks (secret age stays GitHub's)."""
    for repo, repository in ctx.active_repositories():
        if "webhooks" not in repository.model_fields_set:
            yield skipped(
                check, ctx.repository(repo), f"Not declared in the config: repositories.{repo}.webhooks"
            )
            continue
        hooks = repository.webhooks
        problems = [
            f"hook {url}: {', '.join(declared_problems(h))}"
            for url, h in hooks.items()
            if declared_problems(h)
        ]
        yield finding(
            check,
            ctx.repository(repo),
            verdict(not problems),
            expected={"problems": []},
            actual={"problems": problems},
            message="; ".join(problems) or SECRET_AGE,
            evidence=[ctx.input.locator.repository(repo, "webhooks")],
        )


def _judged(
    ctx: Context,
    check: CheckSpec,
    hooks: Mapping[str, OrganizationWebhook],
) -> Iterator[Finding]:
    for url, hook in sorted(hooks.items()):
        problems = declared_problems(hook)
        yield finding(
            check,
            Resource(type="webhook", name=url),
            verdict(not problems),
            expected={"secret": "set", "insecure_ssl": "0"},
            actual={"problems": problems},
            evidence=[ctx.input.locator.declared("webhooks", url)],
        )
