"""``tokens check``'s line per tenant: clusters that could not be read are not "DIFFERENT tokens"."""

from __future__ import annotations

import pytest

from ghprov.rotation.check import TenantCheck


@pytest.mark.parametrize(
    ("clusters", "words"),
    [
        ({"staging": "sha256:a", "prod": "sha256:a"}, "same credential on 2 clusters"),
        ({"staging": "sha256:a", "prod": "sha256:b"}, "DIFFERENT credentials on 2 clusters"),
        # No kubeconfig anywhere: before, this read "DIFFERENT tokens on 3 clusters".
        ({"staging": None, "prod-eu": None, "prod-us": None}, "no credential read on any of 3 clusters"),
        ({"a": "sha256:a", "b": None, "c": "sha256:a"}, "same credential on 2 of 3 clusters (1 not read)"),
        ({"a": "sha256:a", "b": None, "c": "sha256:b"},
         "DIFFERENT credentials on 2 of 3 clusters (1 not read)"),
    ],
)  # fmt: skip
def test_agreement_tells_unread_clusters_from_different_credentials(
    clusters: dict[str, str | None], words: str
) -> None:
    assert TenantCheck("flux-apps", clusters=clusters).agreement() == words
