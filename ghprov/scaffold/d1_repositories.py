"""``repositories.yaml`` of the D1 layout: d1-fleet, d1-infra and one repository per tenant, protected as
the D1 guide's "Protected branches" section says."""

from __future__ import annotations

from typing import Any

from ghprov.importer.yaml_output import YamlDocument
from ghprov.scaffold.options import FLEET, INFRA, PLATFORM, D1Options, tenant_repository
from ghprov.scaffold.receivers import EVENTS

BRANCHES = ["main", "production"]


def _main_with_bot(options: D1Options) -> dict[str, Any]:
    return {
        "required_approving_review_count": 1,
        "dismiss_stale_reviews": True,
        "require_last_push_approval": True,
        "bypass_pull_request_allowances": {"users": [options.bot]},
        # Admins follow the rules too; the bot's bypass is a pull-request allowance, not admin rights.
        "enforce_admins": True,
        "required_signatures": options.signed_automation,
        "allow_force_pushes": False,
        "allow_deletions": False,
    }


def _production(options: D1Options) -> dict[str, Any]:
    return {
        "required_approving_review_count": 2,
        "dismiss_stale_reviews": True,
        "require_last_push_approval": True,
        "enforce_admins": True,
        "required_signatures": options.signed_automation,
        "allow_force_pushes": False,
        "allow_deletions": False,
    }


def _reconciled_repository(description: str, topics: list[str], options: D1Options) -> dict[str, Any]:
    return {
        "description": description,
        "topics": topics,
        "branches": BRANCHES,
        "branch_protection": {"main": _main_with_bot(options), "production": _production(options)},
    }


def repositories_document(options: D1Options, header: tuple[str, ...]) -> YamlDocument:
    """Defaults shared by every D1 repository, then the repositories."""
    repositories: dict[str, Any] = {
        FLEET: {
            "description": "D1 fleet: Flux instances, pointing at d1-infra and the tenants (cluster-admin)",
            "topics": ["d1-fleet", "flux", "gitops"],
            "branch_protection": {
                "main": {
                    "required_approving_review_count": 2,
                    "dismiss_stale_reviews": True,
                    "require_last_push_approval": True,
                    "enforce_admins": True,
                    "required_signatures": True,
                    "allow_force_pushes": False,
                    "allow_deletions": False,
                }
            },
            "rulesets": {
                "release-tags": {
                    "target": "tag",
                    "enforcement": "active",
                    "conditions": {"ref_name": {"include": ["refs/tags/v*"]}},
                    "rules": [{"update": {}}, {"deletion": {}}, {"non_fast_forward": {}}],
                    "bypass_actors": [{"team": options.team(PLATFORM), "mode": "always"}],
                }
            },
        },
        INFRA: _reconciled_repository(
            "D1 infrastructure: cluster add-ons; main drives staging, production drives production",
            ["d1-infra", "flux", "gitops"],
            options,
        ),
    }
    for tenant in options.tenants:
        repositories[tenant_repository(tenant)] = _reconciled_repository(
            f"D1 {tenant} tenant: HelmReleases of the {tenant} team, reconciled as namespace admin",
            [tenant_repository(tenant), "flux", "gitops", "tenant"],
            options,
        )
    for repository, key in _receiver_repositories(options):
        if options.receivers.get(key):
            repositories[repository]["webhooks"] = _receiver_webhooks(options, key)
    data: dict[str, Any] = {
        "defaults": {
            "repository": {
                "visibility": "private",
                "default_branch": "main",
                "has_wiki": False,
                "has_projects": False,
                "allow_merge_commit": True,
                "allow_squash_merge": True,
                "allow_rebase_merge": False,
                "delete_branch_on_merge": True,
                "actions": {
                    "default_workflow_permissions": "read",
                    "can_approve_pull_request_reviews": False,
                },
                "security": {
                    "secret_scanning": True,
                    "secret_scanning_push_protection": True,
                    "vulnerability_alerts": True,
                    "dependabot_security_updates": True,
                },
            }
        },
        "repositories": repositories,
    }
    document = YamlDocument(data, header=header)
    _explain(document, options)
    return document


def _receiver_repositories(options: D1Options) -> list[tuple[str, str]]:
    """(repository, team whose Receivers it notifies): the platform's Receivers (namespace flux-system)
    reconcile d1-fleet and d1-infra; a tenant's (its own namespaces) its repository only."""
    return [(FLEET, PLATFORM), (INFRA, PLATFORM)] + [
        (tenant_repository(tenant), tenant) for tenant in options.tenants
    ]


def _receiver_webhooks(options: D1Options, key: str) -> dict[str, Any]:
    return {
        url: {
            "content_type": "json",
            "events": list(EVENTS),
            "active": True,
            "insecure_ssl": False,
            "secret": options.receiver_secret(key),
        }
        for url in options.receivers[key]
    }


_RECEIVER_WHY = (
    "Each URL is a Flux Receiver's .status.webhookPath on its cluster's public host; Flux derives",
    "the path from the Receiver's token, name and namespace. The secret is that token (key 'token'",
    "of the Receiver's Secret), referenced, never written here; after changing it, run",
    "`ghprov apply --rotate-secrets`. Repository webhooks, not one organisation webhook: a Receiver",
    "reconciles only its own namespace, and a tenant's Receivers need not see other repositories'",
    "pushes. A Receiver whose URL changes leaves its old webhook behind until",
    "`prune: {webhooks: true}` and `ghprov apply --allow-delete` remove it.",
)


def _explain_receivers(document: YamlDocument, options: D1Options) -> None:
    explained = False
    for repository, key in _receiver_repositories(options):
        if not options.receivers.get(key):
            continue
        if key == PLATFORM:
            where = (
                "Pushes reach the platform's Receivers (namespace flux-system: the flux-system and",
                "flux-infra GitRepositories), so Flux fetches at once instead of at the next poll.",
            )
        else:
            where = (
                f"Pushes reach the {key} tenant's Receivers (one per cluster and namespace holding",
                f"flux-{key}), so Flux fetches at once instead of at the next poll.",
            )
        document.comment(
            ("repositories", repository, "webhooks"), *where, *(() if explained else _RECEIVER_WHY)
        )
        explained = True


def _explain(document: YamlDocument, options: D1Options) -> None:
    _explain_receivers(document, options)
    document.comment(("defaults",), "Merged under every repository below; a repository's own values win.")
    document.comment(
        ("defaults", "repository", "allow_merge_commit"),
        "Promotion merges main into production with a merge commit (the update-production workflow);",
        "squash or rebase would give production commits that main does not have.",
    )
    document.comment(
        ("defaults", "repository", "actions"),
        "Each repository keeps its own workflow settings: pinned here too, as the organisation's.",
    )
    document.comment(
        ("defaults", "repository", "security"),
        "A leaked token in d1-fleet or d1-infra is cluster-admin: secret scanning finds one, push",
        "protection refuses the push. On private repositories both need GitHub Secret Protection (Team",
        "or Enterprise plans); without it, apply reports GitHub's refusal: drop the two lines then.",
    )
    document.comment(
        ("repositories",),
        'Protected branches follow D1 "Protected Branches", as classic branch protection: the D1 guide',
        "lets the bot *user* bypass pull requests, which classic protection supports everywhere, while",
        "rulesets accept users as bypass actors only in repository rulesets and ignored them before",
        "(2026-05); a flux-bots team bypass in a ruleset would also cover every other member of the team.",
    )
    document.comment(
        ("repositories", FLEET, "branch_protection", "main"),
        "Flux reconciles every cluster from here with cluster-admin rights: two approvers, no bypass.",
        "Nothing automated pushes here (the bot only reads d1-fleet), so every commit must be signed.",
    )
    document.comment(
        ("repositories", FLEET, "rulesets"),
        "Release tags mark what the fleet runs: only the platform team may move or delete them.",
    )
    signing: tuple[str, ...]
    if options.signed_automation:
        signing = (
            "Signed commits are required: generated with --signed-automation, so the ImageUpdateAutomations",
            "sign their commits (spec.git.commit.signingKey) with a key registered on the bot's account.",
        )
    else:
        signing = (
            "Signed commits are NOT required here: Flux image automation pushes unsigned commits to main",
            "unless its ImageUpdateAutomation has spec.git.commit.signingKey, and those commits reach",
            "production through the promotion merge, so requiring signatures would block both. Once the",
            "automations sign (key registered on the bot's account), regenerate with --signed-automation.",
        )
    for repository in (INFRA, *(tenant_repository(tenant) for tenant in options.tenants)):
        document.comment(
            ("repositories", repository, "branch_protection", "main"),
            "At least one approver: a peer review of anything new on the clusters. The Flux bot pushes",
            "image updates (image automation) straight to main, so it may bypass the pull request.",
            *signing,
        )
        document.comment(
            ("repositories", repository, "branch_protection", "production"),
            "Production clusters reconcile from here: two approvers, no bypass, admins included.",
        )
