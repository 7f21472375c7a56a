"""The access matrix against hand-computed expectations for nested teams, direct grants, base permission."""

from __future__ import annotations

from ghprov.model import Organization
from ghprov.model.access import ALL_MEMBERS, build_matrix

ORG = Organization.model_validate(
    {
        "organization": "acme",
        "settings": {"default_repository_permission": "read"},
        "members": {"owners": ["olivia"], "members": ["ann", "ben", "cat", "dan"]},
        "custom_roles": {"deployer": {"base_role": "maintain", "permissions": []}},
        "teams": {
            "apps": {"members": ["ann"], "repositories": {"d1-apps": "read", "shared": "triage"}},
            "frontend": {"parent": "apps", "members": ["ben"], "repositories": {"d1-apps": "write"}},
            "web": {"parent": "frontend", "maintainers": ["cat"], "repositories": {"shared": "deployer"}},
        },
        "repositories": {"d1-apps": {}, "shared": {}, "d1-fleet": {}},
    }
)


def test_nested_teams_inherit_every_ancestor_grant() -> None:
    matrix = build_matrix(ORG, {"d1-fleet": {"dan": "admin", "zed": "write"}})
    # Hand-computed: cat is in web (child of frontend, child of apps).
    assert matrix.role("user:cat", "d1-apps") == "write"  # frontend's write beats apps' read
    assert matrix.role("user:cat", "shared") == "deployer"  # web's custom role ranks as maintain > triage
    cat_paths = sorted((p.kind, p.team, p.via, p.role) for p in matrix.rows[("user:cat", "d1-apps")].paths)
    assert cat_paths == [
        ("base_permission", None, None, "read"),
        ("parent_team", "apps", "web", "read"),
        ("parent_team", "frontend", "web", "write"),
    ]
    assert matrix.role("user:ben", "d1-apps") == "write"
    assert matrix.role("user:ben", "shared") == "triage"
    assert matrix.role("user:ann", "d1-apps") == "read"
    assert matrix.role("team:web", "d1-apps") == "write"
    assert matrix.role("team:apps", "d1-fleet") is None


def test_owners_direct_grants_and_base_permission() -> None:
    matrix = build_matrix(ORG, {"d1-fleet": {"dan": "admin", "zed": "write"}})
    assert [(p.kind, p.role) for p in matrix.rows[("user:olivia", "d1-fleet")].paths] == [("owner", "admin")]
    assert matrix.role("user:dan", "d1-fleet") == "admin"
    assert {p.kind for p in matrix.rows[("user:dan", "d1-fleet")].paths} == {"direct", "base_permission"}
    # An outside collaborator gets only the direct path.
    assert [p.kind for p in matrix.rows[("user:zed", "d1-fleet")].paths] == ["direct"]
    assert matrix.role(ALL_MEMBERS, "shared") == "read"
    admins = [row.principal for row in matrix.holders("d1-fleet", "admin")]
    assert admins == ["user:dan", "user:olivia"]
    record = next(
        r for r in matrix.as_records() if r["principal"] == "user:ben" and r["repository"] == "shared"
    )
    assert record == {
        "principal": "user:ben",
        "repository": "shared",
        "permission": "triage",
        "paths": [
            {"kind": "base_permission", "role": "read"},
            {"kind": "parent_team", "role": "triage", "team": "apps", "via": "frontend"},
        ],
    }


def test_a_custom_organisation_role_reaches_every_repository_with_its_base_role() -> None:
    organization = Organization.model_validate(
        {
            "organization": "acme",
            "members": {"owners": ["olivia"], "members": ["ann", "ben"]},
            "teams": {"release": {"members": ["ben"]}},
            "repositories": {"d1-apps": {}, "d1-fleet": {}},
            "custom_organization_roles": {
                "releaser": {"base_role": "maintain"},
                "auditor": {"permissions": ["read_audit_logs"]},  # organisation permissions only
            },
            "organization_roles": {"releaser": {"teams": ["release"]}, "auditor": {"users": ["ann"]}},
        }
    )
    matrix = build_matrix(organization)
    for repository in ("d1-apps", "d1-fleet"):
        assert matrix.role("user:ben", repository) == "maintain"
        (path,) = matrix.rows[("user:ben", repository)].paths
        assert (path.kind, path.via, path.team) == ("organization_role", "releaser", "release")
        assert matrix.role("user:ann", repository) is None
