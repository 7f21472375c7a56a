"""A verification that failed only because GitHub did not answer says so, not "create a new token"."""

from __future__ import annotations

from ghprov.errors import GitHubApiError
from ghprov.rotation.errors import TokenVerificationFailed


def test_no_answer_from_github_points_at_the_network_not_the_token() -> None:
    unreachable = str(GitHubApiError(0, "could not reach https://api.github.com", method="GET", path="/user"))
    failed = TokenVerificationFailed("sha256:c63e9c804c91", [unreachable])
    assert "--api-url" in failed.hint and "create a token" not in failed.hint


def test_a_rejected_token_still_asks_for_a_new_one() -> None:
    problems = ["the token authenticates as 'octo', not as the declared bot 'acme-flux-bot'"]
    failed = TokenVerificationFailed("sha256:c63e9c804c91", problems)
    assert failed.hint == "create a token for the declared bot with access to every declared repository"
