"""``--receiver-url`` / ``--receiver-secret``: Flux ``Receiver`` endpoints as webhooks of the D1 repositories.

A GitHub push reaches a cluster's notification-controller ``Receiver`` (``type: github``), which asks
Flux to fetch the GitRepositories it names at once instead of at the next poll. The Receiver serves
``/hook/`` + hex(sha256(token + name + namespace)) and reports it in ``.status.webhookPath``
(notification-controller ``docs/spec/v1/receivers.md``), so the URL comes from the cluster: ghprov
cannot compute it without the token, and it never reads the token to write a config.

D1 runs Flux multi-tenant (``--no-cross-namespace-refs``): a Receiver may only reconcile objects of its
own namespace (notification-controller ``requestReconciliation``: "cross-namespace references are not
allowed"). So the platform's Receiver in ``flux-system`` serves the ``flux-system`` and ``flux-infra``
GitRepositories (d1-fleet, d1-infra), and each tenant needs a Receiver in each namespace holding its
``flux-<tenant>`` GitRepository, each with its own URL, on the tenant's repository only. URLs are keyed
by that team, not by cluster: the team decides the repositories, the host already names the cluster.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from ghprov.model.secret_references import SecretUnavailable, check_reference

# The Receiver's path: notification-controller answers only /hook/<64 hex digits> (the request URI is
# looked up as it comes, so a proxy prefix would have to be rewritten away before it).
HOOK_PATH = re.compile(r"^/hook/[0-9a-f]{64}$")
# Events of the webhook: push triggers the reconcile, ping is GitHub's delivery check on creation
# (the Receiver's spec.events must list both, as Flux's GitHub example does).
EVENTS = ("ping", "push")
# "You can create up to 20 webhooks for each event on each installation target" (GitHub docs,
# "Creating webhooks"); more would fail at apply, repository by repository.
HOOKS_PER_REPOSITORY = 20
_KEY = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")


def split_keyed(values: Sequence[str] | None, default_key: str) -> dict[str, tuple[str, ...]]:
    """``["apps=X", "Y"]`` → {"apps": ("X",), default_key: ("Y",)}: an unkeyed value is the default's.

    Only a DNS-label before ``=`` is a key, so ``https://…`` and ``file:/a=b`` stay whole values.
    """
    result: dict[str, list[str]] = {}
    for value in values or ():
        key, separator, rest = value.partition("=")
        if separator and _KEY.match(key.strip()):
            result.setdefault(key.strip(), []).append(rest.strip())
        else:
            result.setdefault(default_key, []).append(value.strip())
    return {key: tuple(dict.fromkeys(items)) for key, items in result.items()}


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a Flux Receiver's public URL, or None."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        return "must be https: GitHub signs the payload, but only TLS keeps the push contents private"
    if not parts.hostname:
        return "has no host"
    if parts.username or parts.password:
        return "must not carry credentials; the Receiver's token is the webhook's secret"
    if parts.query or parts.fragment:
        return "must not have a query or fragment"
    if not HOOK_PATH.match(parts.path):
        return (
            "the path must be /hook/<sha256 hex digest>, the Receiver's .status.webhookPath "
            "(kubectl -n NAMESPACE get receiver NAME -o jsonpath='{.status.webhookPath}'); Flux derives "
            "it from the Receiver's token, name and namespace, so it cannot be guessed"
        )
    return None


def default_secret(key: str, platform: str) -> str:
    """The reference used when ``--receiver-secret`` names none for ``key``."""
    if key == platform:
        return "env:FLUX_RECEIVER_TOKEN"
    return "env:FLUX_RECEIVER_TOKEN_" + re.sub(r"[^A-Za-z0-9]", "_", key).upper()


def receiver_problems(
    urls: Mapping[str, tuple[str, ...]],
    secrets: Mapping[str, tuple[str, ...]],
    keys: Sequence[str],
    repositories: Mapping[str, int],
) -> list[str]:
    """Problems with the options. ``keys``: platform and the tenants; ``repositories``: webhooks each
    repository would get (GitHub's limit)."""
    problems = [
        f"--receiver-url {key}=...: {key!r} is neither 'platform' nor a --tenant"
        for key in sorted(set(urls) - set(keys))
    ]
    seen: dict[str, str] = {}
    for key, values in urls.items():
        for url in values:
            problem = url_problem(url)
            if problem is not None:
                problems.append(f"--receiver-url {key}={url}: {problem}")
            elif url in seen and seen[url] != key:
                problems.append(
                    f"--receiver-url {url} is given for {seen[url]} and {key}; a Receiver serves one "
                    "namespace, so each team's Receiver has its own URL"
                )
            seen.setdefault(url, key)
    for key, references in secrets.items():
        if key not in keys:
            problems.append(f"--receiver-secret {key}=...: {key!r} is neither 'platform' nor a --tenant")
        elif key not in urls:
            problems.append(f"--receiver-secret {key}=...: no --receiver-url is given for {key}")
        if len(references) > 1:
            problems.append(f"--receiver-secret {key}=... is given more than once")
        for reference in references:
            try:
                check_reference(reference)
            except SecretUnavailable as error:
                # The text is not repeated: it may be the token pasted where a reference belongs.
                problems.append(f"--receiver-secret {key}=...: {error}")
    problems += [
        f"{repository} would get {count} webhooks; GitHub allows {HOOKS_PER_REPOSITORY} per event "
        "on a repository"
        for repository, count in sorted(repositories.items())
        if count > HOOKS_PER_REPOSITORY
    ]
    return problems
