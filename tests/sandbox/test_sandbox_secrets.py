"""Actions secrets on the sandbox: public keys, sealed boxes opened and checked, only fingerprints kept."""

from __future__ import annotations

import base64
import hashlib

from nacl.public import PublicKey, SealedBox
from sandbox_http import Client, make_repo

from ghprov_testbeds.sandbox import Sandbox

VALUE = "value-the-sandbox-must-not-keep"


def _sealed(client: Client, key_path: str, value: str = VALUE) -> dict[str, str]:
    key = client.get(key_path).json()
    box = SealedBox(PublicKey(base64.b64decode(key["key"])))
    return {
        "encrypted_value": base64.b64encode(box.encrypt(value.encode())).decode(),
        "key_id": key["key_id"],
    }


def test_a_repository_secret_is_opened_and_only_its_fingerprint_kept(sandbox: Sandbox, owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    base = "/repos/acme/d1-fleet/actions/secrets"
    body = _sealed(owner, f"{base}/public-key")
    assert owner.put(f"{base}/deploy_key", json=body).status_code == 201
    assert owner.put(f"{base}/DEPLOY_KEY", json=body).status_code == 204
    listed = owner.get(base).json()
    assert listed["total_count"] == 1 and set(listed["secrets"][0]) == {"name", "created_at", "updated_at"}
    stored = sandbox.state.audit.repository_secrets["d1-fleet"][0]
    assert stored["value_sha256"] == hashlib.sha256(VALUE.encode()).hexdigest()
    assert VALUE not in sandbox.state.dumps()
    assert owner.delete(f"{base}/DEPLOY_KEY").status_code == 204
    assert owner.delete(f"{base}/DEPLOY_KEY").status_code == 404


def test_a_box_for_another_key_or_no_box_at_all_is_refused(sandbox: Sandbox, owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    make_repo(owner, "d1-infra")
    other = _sealed(owner, "/repos/acme/d1-infra/actions/secrets/public-key")
    base = "/repos/acme/d1-fleet/actions/secrets"
    own_key_id = owner.get(f"{base}/public-key").json()["key_id"]
    assert owner.put(f"{base}/X", json=other).status_code == 422  # another repository's key id
    forged = {"encrypted_value": base64.b64encode(b"not a sealed box").decode(), "key_id": own_key_id}
    refused = owner.put(f"{base}/X", json=forged)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "encrypted_value"
    assert sandbox.state.audit.repository_secrets.get("d1-fleet", []) == []


def test_organisation_secrets_have_visibility_and_selected_repositories(
    owner: Client, member: Client
) -> None:
    fleet = make_repo(owner, "d1-fleet")
    base = "/orgs/acme/actions/secrets"
    # A new secret needs a value; an existing one may change visibility alone.
    assert owner.put(f"{base}/FLUX", json={"visibility": "all"}).status_code == 422
    body = {
        **_sealed(owner, f"{base}/public-key"),
        "visibility": "selected",
        "selected_repository_ids": [fleet["id"]],
    }
    assert owner.put(f"{base}/FLUX", json=body).status_code == 201
    assert [r["name"] for r in owner.get(f"{base}/FLUX/repositories").json()["repositories"]] == ["d1-fleet"]
    assert owner.put(f"{base}/FLUX", json={"visibility": "private"}).status_code == 204
    got = owner.get(f"{base}/FLUX").json()
    assert got["visibility"] == "private" and "value" not in got
    assert owner.get(f"{base}/FLUX/repositories").status_code == 409
    assert (
        owner.put(
            f"{base}/FLUX", json={"visibility": "selected", "selected_repository_ids": [999999]}
        ).status_code
        == 422
    )
    assert member.get(base).status_code == 403
    assert member.get(f"{base}/public-key").status_code == 403
