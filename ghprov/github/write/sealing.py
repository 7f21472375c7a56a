"""Secret values for requests: sealed for GitHub's secrets endpoints, in clear for a webhook's secret.

A secret is sealed as a libsodium sealed box to the target's public key, base64-encoded.

GitHub's secrets endpoints take only ciphertext (docs: "Encrypting secrets for the REST API"). The
value is read from its reference at the last moment, sealed, and dropped; only ciphertext leaves here.
"""

from __future__ import annotations

import base64
import binascii

from nacl.exceptions import CryptoError
from nacl.public import PublicKey, SealedBox

from ghprov.errors import GhprovError
from ghprov.model.actions_secrets import OrganizationSecret, RepositorySecret
from ghprov.model.secret_references import SecretUnavailable, read_secret, reference_problem
from ghprov.model.webhooks import OrganizationWebhook, RepositoryWebhook
from ghprov.plan.changes import Change
from ghprov.plan.kinds.actions_secrets import sends_value
from ghprov.plan.kinds.webhooks import sends_config


class SealingFailed(GhprovError):
    """A secret could not be sealed; the message names the reference, never the value."""


def seal(public_key_base64: str, reference: str) -> str:
    """The value ``reference`` points at, sealed to the base64 ``public_key_base64``, as base64."""
    try:
        key = PublicKey(base64.b64decode(public_key_base64, validate=True))
    except (binascii.Error, ValueError, CryptoError) as error:
        raise SealingFailed(f"GitHub's public key for {reference} is not a Curve25519 key") from error
    value = reveal(reference)
    return base64.b64encode(SealedBox(key).encrypt(value.encode("utf-8"))).decode("ascii")


def reveal(reference: str) -> str:
    """The value ``reference`` points at, for a request about to be sent (a webhook's secret)."""
    try:
        return read_secret(reference)
    except SecretUnavailable as error:
        raise SealingFailed(f"cannot read the secret {reference}: {error}") from None


def unreadable_values(changes: list[Change]) -> list[str]:
    """``address: why`` for every change that must send a value its reference cannot give now.

    Apply asks before its first write, so a plan never stops half-way for want of a value.
    """
    problems = []
    for change in changes:
        reference = _sent_reference(change)
        problem = reference_problem(reference) if reference is not None else None
        if problem is not None:
            problems.append(f"{change.address}: {problem}")
    return problems


def _sent_reference(change: Change) -> str | None:
    """The reference whose value ``change`` sends, if it sends one."""
    desired = change.desired
    if isinstance(desired, RepositorySecret | OrganizationSecret) and sends_value(change):
        return desired.value
    if isinstance(desired, RepositoryWebhook | OrganizationWebhook) and sends_config(change):
        return desired.secret
    return None
