"""Regenerate ghprov's vendored GitHub API descriptions from the octokit npm packages.

Usage (from the repository root; downloads go to the git-ignored .cache/):

    cd .cache && npm pack @octokit/openapi@23.0.2 && npm pack @octokit/graphql-schema@15.26.1 && cd ..
    python scripts/vendor_github_specs.py --openapi .cache/octokit-openapi-23.0.2.tgz \
        --graphql .cache/octokit-graphql-schema-15.26.1.tgz

It writes ghprov_testbeds/contract/data/{github-rest-subset.json, schema.graphql.gz, README.md}. The REST
subset holds only the operations ghprov uses plus the transitive closure of their `#/components` references,
with descriptions and examples removed (validation never reads them).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "ghprov_testbeds" / "contract" / "data"
REST_FILE = "github-rest-subset.json"
GRAPHQL_FILE = "schema.graphql.gz"

BRANCH_POLICIES = "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies"

# (method, path) of every operation ghprov calls that api.github.com.json describes.
PUBLIC_OPERATIONS: list[tuple[str, str]] = [
    ("get", "/orgs/{org}"),
    ("patch", "/orgs/{org}"),
    ("get", "/orgs/{org}/members"),
    ("get", "/orgs/{org}/members/{username}"),
    ("delete", "/orgs/{org}/members/{username}"),
    ("get", "/orgs/{org}/memberships/{username}"),
    ("put", "/orgs/{org}/memberships/{username}"),
    ("delete", "/orgs/{org}/memberships/{username}"),
    ("get", "/orgs/{org}/invitations"),
    ("post", "/orgs/{org}/invitations"),
    ("delete", "/orgs/{org}/invitations/{invitation_id}"),
    ("get", "/orgs/{org}/outside_collaborators"),
    ("get", "/orgs/{org}/teams"),
    ("post", "/orgs/{org}/teams"),
    ("get", "/orgs/{org}/teams/{team_slug}"),
    ("patch", "/orgs/{org}/teams/{team_slug}"),
    ("delete", "/orgs/{org}/teams/{team_slug}"),
    ("get", "/orgs/{org}/teams/{team_slug}/teams"),
    ("get", "/orgs/{org}/teams/{team_slug}/members"),
    ("get", "/orgs/{org}/teams/{team_slug}/memberships/{username}"),
    ("put", "/orgs/{org}/teams/{team_slug}/memberships/{username}"),
    ("delete", "/orgs/{org}/teams/{team_slug}/memberships/{username}"),
    ("get", "/orgs/{org}/teams/{team_slug}/repos"),
    ("get", "/orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}"),
    ("put", "/orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}"),
    ("delete", "/orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}"),
    ("get", "/orgs/{org}/repos"),
    ("get", "/repos/{owner}/{repo}"),
    ("get", "/repos/{owner}/{repo}/topics"),
    ("put", "/repos/{owner}/{repo}/topics"),
    ("get", "/repos/{owner}/{repo}/teams"),
    ("get", "/repos/{owner}/{repo}/collaborators"),
    ("get", "/repos/{owner}/{repo}/collaborators/{username}/permission"),
    ("get", "/repos/{owner}/{repo}/branches"),
    ("get", "/repos/{owner}/{repo}/branches/{branch}"),
    ("get", "/repos/{owner}/{repo}/git/ref/{ref}"),
    ("post", "/repos/{owner}/{repo}/git/refs"),
    ("get", "/repos/{owner}/{repo}/branches/{branch}/protection"),
    ("put", "/repos/{owner}/{repo}/branches/{branch}/protection"),
    ("delete", "/repos/{owner}/{repo}/branches/{branch}/protection"),
    ("get", "/repos/{owner}/{repo}/branches/{branch}/protection/required_signatures"),
    ("post", "/repos/{owner}/{repo}/branches/{branch}/protection/required_signatures"),
    ("delete", "/repos/{owner}/{repo}/branches/{branch}/protection/required_signatures"),
    ("get", "/repos/{owner}/{repo}/branches/{branch}/protection/enforce_admins"),
    ("post", "/repos/{owner}/{repo}/branches/{branch}/protection/enforce_admins"),
    ("delete", "/repos/{owner}/{repo}/branches/{branch}/protection/enforce_admins"),
    ("get", "/repos/{owner}/{repo}/rulesets"),
    ("post", "/repos/{owner}/{repo}/rulesets"),
    ("get", "/repos/{owner}/{repo}/rulesets/{ruleset_id}"),
    ("put", "/repos/{owner}/{repo}/rulesets/{ruleset_id}"),
    ("delete", "/repos/{owner}/{repo}/rulesets/{ruleset_id}"),
    ("get", "/orgs/{org}/rulesets"),
    ("post", "/orgs/{org}/rulesets"),
    ("get", "/orgs/{org}/rulesets/{ruleset_id}"),
    ("put", "/orgs/{org}/rulesets/{ruleset_id}"),
    ("delete", "/orgs/{org}/rulesets/{ruleset_id}"),
    ("get", "/repos/{owner}/{repo}/rules/branches/{branch}"),
    ("get", "/orgs/{org}/organization-roles"),
    ("get", "/rate_limit"),
    ("get", "/user"),
    ("get", "/users/{username}"),
    ("get", "/user/{account_id}"),
    ("get", "/installation/repositories"),
    ("get", "/orgs/{org}/personal-access-tokens"),
    ("get", "/orgs/{org}/personal-access-tokens/{pat_id}/repositories"),
    ("get", "/apps/{app_slug}"),
    # App ids of organisation ruleset bypass actors → slugs (owners only).
    ("get", "/orgs/{org}/installations"),
    # ghprov audit: Actions, webhooks, secrets, runner groups and security policy files.
    ("get", "/orgs/{org}/hooks"),
    ("get", "/orgs/{org}/actions/secrets"),
    ("get", "/orgs/{org}/actions/permissions"),
    ("get", "/orgs/{org}/actions/permissions/workflow"),
    ("get", "/orgs/{org}/actions/runner-groups"),
    ("get", "/repos/{owner}/{repo}/actions/permissions/workflow"),
    ("get", "/repos/{owner}/{repo}/hooks"),
    ("get", "/repos/{owner}/{repo}/actions/secrets"),
    ("get", "/repos/{owner}/{repo}/contents/{path}"),
    # The sandbox as a test target for other clients (issue 16): what a full-organisation read of a
    # mainstream org-management client asks per repository and per organisation.
    ("get", "/repos/{owner}/{repo}/properties/values"),
    ("patch", "/repos/{owner}/{repo}/properties/values"),
    ("get", "/repos/{owner}/{repo}/actions/permissions"),
    ("put", "/repos/{owner}/{repo}/actions/permissions"),
    ("get", "/repos/{owner}/{repo}/actions/permissions/selected-actions"),
    ("put", "/repos/{owner}/{repo}/actions/permissions/selected-actions"),
    ("get", "/repos/{owner}/{repo}/actions/permissions/fork-pr-contributor-approval"),
    ("put", "/repos/{owner}/{repo}/actions/permissions/fork-pr-contributor-approval"),
    ("get", "/repos/{owner}/{repo}/actions/variables"),
    ("post", "/repos/{owner}/{repo}/actions/variables"),
    ("get", "/repos/{owner}/{repo}/actions/variables/{name}"),
    ("patch", "/repos/{owner}/{repo}/actions/variables/{name}"),
    ("delete", "/repos/{owner}/{repo}/actions/variables/{name}"),
    ("get", "/repos/{owner}/{repo}/environments"),
    ("get", "/repos/{owner}/{repo}/pages"),
    ("get", "/repos/{owner}/{repo}/vulnerability-alerts"),
    ("put", "/repos/{owner}/{repo}/vulnerability-alerts"),
    ("delete", "/repos/{owner}/{repo}/vulnerability-alerts"),
    ("get", "/repos/{owner}/{repo}/immutable-releases"),
    ("put", "/repos/{owner}/{repo}/immutable-releases"),
    ("delete", "/repos/{owner}/{repo}/immutable-releases"),
    ("get", "/repos/{owner}/{repo}/code-scanning/default-setup"),
    ("get", "/orgs/{org}/actions/permissions/selected-actions"),
    ("get", "/orgs/{org}/actions/permissions/fork-pr-contributor-approval"),
    ("put", "/orgs/{org}/actions/permissions/fork-pr-contributor-approval"),
    ("get", "/orgs/{org}/actions/variables"),
    ("post", "/orgs/{org}/actions/variables"),
    ("get", "/orgs/{org}/actions/variables/{name}"),
    ("patch", "/orgs/{org}/actions/variables/{name}"),
    ("delete", "/orgs/{org}/actions/variables/{name}"),
    ("get", "/orgs/{org}/actions/variables/{name}/repositories"),
    ("put", "/orgs/{org}/actions/variables/{name}/repositories"),
    ("put", "/orgs/{org}/actions/variables/{name}/repositories/{repository_id}"),
    ("delete", "/orgs/{org}/actions/variables/{name}/repositories/{repository_id}"),
    ("get", "/orgs/{org}/properties/schema"),
    ("patch", "/orgs/{org}/properties/schema"),
    ("get", "/orgs/{org}/properties/schema/{custom_property_name}"),
    ("put", "/orgs/{org}/properties/schema/{custom_property_name}"),
    ("delete", "/orgs/{org}/properties/schema/{custom_property_name}"),
    ("get", "/orgs/{org}/properties/values"),
    ("get", "/orgs/{org}/security-managers"),
    ("put", "/orgs/{org}/security-managers/teams/{team_slug}"),
    ("delete", "/orgs/{org}/security-managers/teams/{team_slug}"),
    ("get", "/user/orgs"),
    ("get", "/user/memberships/orgs"),
    ("get", "/user/memberships/orgs/{org}"),
    ("patch", "/user/memberships/orgs/{org}"),
    # Managed kinds of issues 10-12: deploy keys, collaborators, custom properties, organisation roles,
    # App installations, Actions settings, environments, secrets and variables, webhooks, security
    # features, /meta (GitHub's SSH host keys) and App installation tokens.
    ("get", "/repos/{owner}/{repo}/keys"),
    ("post", "/repos/{owner}/{repo}/keys"),
    ("get", "/repos/{owner}/{repo}/keys/{key_id}"),
    ("delete", "/repos/{owner}/{repo}/keys/{key_id}"),
    ("put", "/repos/{owner}/{repo}/collaborators/{username}"),
    ("delete", "/repos/{owner}/{repo}/collaborators/{username}"),
    ("get", "/repos/{owner}/{repo}/invitations"),
    ("patch", "/repos/{owner}/{repo}/invitations/{invitation_id}"),
    ("delete", "/repos/{owner}/{repo}/invitations/{invitation_id}"),
    ("put", "/orgs/{org}/outside_collaborators/{username}"),
    ("delete", "/orgs/{org}/outside_collaborators/{username}"),
    ("patch", "/orgs/{org}/properties/values"),
    ("get", "/orgs/{org}/organization-roles/{role_id}"),
    ("get", "/orgs/{org}/organization-roles/{role_id}/teams"),
    ("get", "/orgs/{org}/organization-roles/{role_id}/users"),
    ("put", "/orgs/{org}/organization-roles/teams/{team_slug}/{role_id}"),
    ("delete", "/orgs/{org}/organization-roles/teams/{team_slug}/{role_id}"),
    ("put", "/orgs/{org}/organization-roles/users/{username}/{role_id}"),
    ("delete", "/orgs/{org}/organization-roles/users/{username}/{role_id}"),
    ("get", "/orgs/{org}/organization-fine-grained-permissions"),
    ("get", "/user/installations"),
    ("get", "/user/installations/{installation_id}/repositories"),
    ("put", "/user/installations/{installation_id}/repositories/{repository_id}"),
    ("delete", "/user/installations/{installation_id}/repositories/{repository_id}"),
    ("get", "/app"),
    ("get", "/app/installations"),
    ("get", "/app/installations/{installation_id}"),
    ("post", "/app/installations/{installation_id}/access_tokens"),
    ("get", "/orgs/{org}/installation"),
    ("get", "/meta"),
    ("put", "/orgs/{org}/actions/permissions"),
    ("put", "/orgs/{org}/actions/permissions/selected-actions"),
    ("put", "/orgs/{org}/actions/permissions/workflow"),
    ("get", "/orgs/{org}/actions/permissions/repositories"),
    ("put", "/orgs/{org}/actions/permissions/repositories"),
    ("get", "/orgs/{org}/actions/permissions/self-hosted-runners"),
    ("put", "/orgs/{org}/actions/permissions/self-hosted-runners"),
    ("post", "/orgs/{org}/actions/runner-groups"),
    ("get", "/orgs/{org}/actions/runner-groups/{runner_group_id}"),
    ("patch", "/orgs/{org}/actions/runner-groups/{runner_group_id}"),
    ("delete", "/orgs/{org}/actions/runner-groups/{runner_group_id}"),
    ("get", "/orgs/{org}/actions/runner-groups/{runner_group_id}/repositories"),
    ("put", "/orgs/{org}/actions/runner-groups/{runner_group_id}/repositories"),
    ("put", "/repos/{owner}/{repo}/actions/permissions/workflow"),
    ("get", "/repos/{owner}/{repo}/actions/permissions/access"),
    ("put", "/repos/{owner}/{repo}/actions/permissions/access"),
    ("get", "/repos/{owner}/{repo}/environments/{environment_name}"),
    ("put", "/repos/{owner}/{repo}/environments/{environment_name}"),
    ("delete", "/repos/{owner}/{repo}/environments/{environment_name}"),
    ("get", "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies"),
    ("post", "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies"),
    ("put", f"{BRANCH_POLICIES}/{{branch_policy_id}}"),
    ("delete", f"{BRANCH_POLICIES}/{{branch_policy_id}}"),
    ("get", "/repos/{owner}/{repo}/environments/{environment_name}/variables"),
    ("post", "/repos/{owner}/{repo}/environments/{environment_name}/variables"),
    ("patch", "/repos/{owner}/{repo}/environments/{environment_name}/variables/{name}"),
    ("delete", "/repos/{owner}/{repo}/environments/{environment_name}/variables/{name}"),
    ("get", "/repos/{owner}/{repo}/environments/{environment_name}/secrets"),
    ("get", "/repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key"),
    ("put", "/repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}"),
    ("delete", "/repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}"),
    ("get", "/orgs/{org}/actions/secrets/public-key"),
    ("get", "/orgs/{org}/actions/secrets/{secret_name}"),
    ("put", "/orgs/{org}/actions/secrets/{secret_name}"),
    ("delete", "/orgs/{org}/actions/secrets/{secret_name}"),
    ("get", "/orgs/{org}/actions/secrets/{secret_name}/repositories"),
    ("put", "/orgs/{org}/actions/secrets/{secret_name}/repositories"),
    ("get", "/orgs/{org}/actions/variables/{name}/repositories"),
    ("put", "/orgs/{org}/actions/variables/{name}/repositories"),
    ("get", "/repos/{owner}/{repo}/actions/secrets/public-key"),
    ("put", "/repos/{owner}/{repo}/actions/secrets/{secret_name}"),
    ("delete", "/repos/{owner}/{repo}/actions/secrets/{secret_name}"),
    ("get", "/orgs/{org}/dependabot/secrets"),
    ("get", "/orgs/{org}/dependabot/secrets/public-key"),
    ("put", "/orgs/{org}/dependabot/secrets/{secret_name}"),
    ("delete", "/orgs/{org}/dependabot/secrets/{secret_name}"),
    ("get", "/orgs/{org}/dependabot/secrets/{secret_name}/repositories"),
    ("put", "/orgs/{org}/dependabot/secrets/{secret_name}/repositories"),
    ("put", "/orgs/{org}/dependabot/secrets/{secret_name}/repositories/{repository_id}"),
    ("delete", "/orgs/{org}/dependabot/secrets/{secret_name}/repositories/{repository_id}"),
    ("get", "/repos/{owner}/{repo}/dependabot/secrets"),
    ("get", "/repos/{owner}/{repo}/dependabot/secrets/public-key"),
    ("put", "/repos/{owner}/{repo}/dependabot/secrets/{secret_name}"),
    ("delete", "/repos/{owner}/{repo}/dependabot/secrets/{secret_name}"),
    ("post", "/orgs/{org}/hooks"),
    ("get", "/orgs/{org}/hooks/{hook_id}"),
    ("patch", "/orgs/{org}/hooks/{hook_id}"),
    ("delete", "/orgs/{org}/hooks/{hook_id}"),
    ("get", "/orgs/{org}/hooks/{hook_id}/config"),
    ("patch", "/orgs/{org}/hooks/{hook_id}/config"),
    ("post", "/repos/{owner}/{repo}/hooks"),
    ("get", "/repos/{owner}/{repo}/hooks/{hook_id}"),
    ("patch", "/repos/{owner}/{repo}/hooks/{hook_id}"),
    ("delete", "/repos/{owner}/{repo}/hooks/{hook_id}"),
    ("get", "/repos/{owner}/{repo}/hooks/{hook_id}/config"),
    ("patch", "/repos/{owner}/{repo}/hooks/{hook_id}/config"),
    ("get", "/repos/{owner}/{repo}/private-vulnerability-reporting"),
    ("put", "/repos/{owner}/{repo}/private-vulnerability-reporting"),
    ("delete", "/repos/{owner}/{repo}/private-vulnerability-reporting"),
    ("get", "/repos/{owner}/{repo}/automated-security-fixes"),
    ("put", "/repos/{owner}/{repo}/automated-security-fixes"),
    ("delete", "/repos/{owner}/{repo}/automated-security-fixes"),
    ("get", "/orgs/{org}/code-security/configurations"),
    ("post", "/orgs/{org}/code-security/configurations"),
    ("get", "/orgs/{org}/code-security/configurations/defaults"),
    ("delete", "/orgs/{org}/code-security/configurations/detach"),
    ("get", "/orgs/{org}/code-security/configurations/{configuration_id}"),
    ("patch", "/orgs/{org}/code-security/configurations/{configuration_id}"),
    ("delete", "/orgs/{org}/code-security/configurations/{configuration_id}"),
    ("post", "/orgs/{org}/code-security/configurations/{configuration_id}/attach"),
    ("put", "/orgs/{org}/code-security/configurations/{configuration_id}/defaults"),
    ("get", "/orgs/{org}/code-security/configurations/{configuration_id}/repositories"),
    ("get", "/repos/{owner}/{repo}/code-security-configuration"),
    ("get", "/repos/{owner}/{repo}/branches/{branch}/protection/required_status_checks"),
]

# Operations that only the GitHub Enterprise Cloud description (ghec.json) has, and operations whose
# GHEC request schema takes what only Enterprise Cloud organisations can ask for.
GHEC_OPERATIONS: list[tuple[str, str]] = [
    # ``visibility: internal``: api.github.com's description lists public and private only, so the public
    # schema refused every internal repository ghprov creates or updates (the sandbox still answers 422
    # for internal outside Enterprise Cloud, as GitHub does).
    ("post", "/orgs/{org}/repos"),
    ("patch", "/repos/{owner}/{repo}"),
    ("get", "/orgs/{org}/custom-repository-roles"),
    ("post", "/orgs/{org}/custom-repository-roles"),
    ("get", "/orgs/{org}/custom-repository-roles/{role_id}"),
    ("patch", "/orgs/{org}/custom-repository-roles/{role_id}"),
    ("delete", "/orgs/{org}/custom-repository-roles/{role_id}"),
    ("get", "/orgs/{org}/repository-fine-grained-permissions"),
    ("get", "/orgs/{org}/audit-log"),
    # Custom organisation roles and team sync (IdP group mappings) are Enterprise Cloud features.
    ("post", "/orgs/{org}/organization-roles"),
    ("patch", "/orgs/{org}/organization-roles/{role_id}"),
    ("delete", "/orgs/{org}/organization-roles/{role_id}"),
    ("get", "/orgs/{org}/teams/{team_slug}/team-sync/group-mappings"),
    ("patch", "/orgs/{org}/teams/{team_slug}/team-sync/group-mappings"),
    ("get", "/orgs/{org}/team-sync/groups"),
]

GHEC_PREFIX = "ghec-"
_REF = re.compile(r"^#/components/([^/]+)/(.+)$")
# Keys that only document; keys inside a `properties` map are property names and are kept.
_DOC_KEYS = {"description", "examples", "example", "x-octokit"}


def read_member(tgz: Path, name: str) -> bytes:
    """One file out of an npm tarball."""
    with tarfile.open(tgz, "r:gz") as archive:
        member = archive.extractfile(f"package/{name}")
        if member is None:
            raise SystemExit(f"{tgz} has no package/{name}")
        return member.read()


def strip_docs(node: Any, in_properties: bool = False) -> Any:
    """Drop description/example keys everywhere except where they name a property."""
    if isinstance(node, dict):
        result: dict[str, Any] = {}
        for key, value in node.items():
            if not in_properties and key in _DOC_KEYS and key != "x-github-breaking-changes":
                continue
            child_is_map = not in_properties and key in ("properties", "patternProperties")
            result[key] = strip_docs(value, in_properties=child_is_map)
        return result
    if isinstance(node, list):
        return [strip_docs(item) for item in node]
    return node


def refs_in(node: Any) -> Iterator[tuple[str, str]]:
    """Every (section, name) a node refers to with `#/components/...`."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            match = _REF.match(ref)
            if match is None:
                raise SystemExit(f"unsupported $ref {ref!r}")
            yield match.group(1), match.group(2)
        for value in node.values():
            yield from refs_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs_in(item)


def closure(document: dict[str, Any], roots: list[Any]) -> set[tuple[str, str]]:
    """The components reachable from the roots, transitively."""
    seen: set[tuple[str, str]] = set()
    pending = [ref for root in roots for ref in refs_in(root)]
    while pending:
        section, name = pending.pop()
        if (section, name) in seen:
            continue
        seen.add((section, name))
        component = document["components"].get(section, {}).get(name)
        if component is None:
            # ghec.json has a few dangling external refs; none are reachable from ghprov's operations.
            raise SystemExit(f"dangling reference #/components/{section}/{name}")
        pending.extend(refs_in(component))
    return seen


def operations(document: dict[str, Any], wanted: list[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    """The wanted operations, grouped by path, with path-level parameters kept."""
    paths: dict[str, dict[str, Any]] = {}
    for method, path in wanted:
        item = document["paths"].get(path, {})
        if method not in item:
            raise SystemExit(f"{method.upper()} {path} is not in the description")
        entry = paths.setdefault(path, {})
        entry[method] = strip_docs(item[method])
        if "parameters" in item:
            entry["parameters"] = strip_docs(item["parameters"])
    return paths


def rename_refs(node: Any, renamed: set[tuple[str, str]]) -> Any:
    """Point refs to renamed components at their `ghec-` copies."""
    if isinstance(node, dict):
        result = {key: rename_refs(value, renamed) for key, value in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str):
            match = _REF.match(ref)
            if match and (match.group(1), match.group(2)) in renamed:
                result["$ref"] = f"#/components/{match.group(1)}/{GHEC_PREFIX}{match.group(2)}"
        return result
    if isinstance(node, list):
        return [rename_refs(item, renamed) for item in node]
    return node


def differing(
    public: dict[str, Any], ghec: dict[str, Any], names: set[tuple[str, str]]
) -> set[tuple[str, str]]:
    """GHEC components that differ from the public ones, directly or through what they reference."""
    differs = {
        (section, name)
        for section, name in names
        if public["components"].get(section, {}).get(name) != ghec["components"][section][name]
    }
    changed = True
    while changed:
        changed = False
        for section, name in names - differs:
            if any(ref in differs for ref in refs_in(ghec["components"][section][name])):
                differs.add((section, name))
                changed = True
    return differs


def build_subset(public: dict[str, Any], ghec: dict[str, Any]) -> dict[str, Any]:
    """The self-contained trimmed document: public operations, then GHEC-only ones."""
    paths = operations(public, PUBLIC_OPERATIONS)
    components: dict[str, dict[str, Any]] = {}
    for section, name in sorted(closure(public, list(paths.values()))):
        components.setdefault(section, {})[name] = strip_docs(public["components"][section][name])

    ghec_paths = operations(ghec, GHEC_OPERATIONS)
    ghec_names = closure(ghec, list(ghec_paths.values()))
    renamed = differing(public, ghec, ghec_names)
    for path, item in ghec_paths.items():
        # Merge: a path can have public methods (GET org roles) and GHEC-only ones (POST) side by side.
        paths.setdefault(path, {}).update(rename_refs(item, renamed))
    for section, name in sorted(ghec_names):
        target = f"{GHEC_PREFIX}{name}" if (section, name) in renamed else name
        body = rename_refs(strip_docs(ghec["components"][section][name]), renamed)
        components.setdefault(section, {})[target] = body

    return {
        "openapi": public["openapi"],
        "info": {
            "title": public["info"]["title"],
            "version": public["info"]["version"],
            "license": public["info"]["license"],
            "x-ghprov-subset": "operations ghprov calls; descriptions and examples removed",
            "x-ghprov-ghec-version": ghec["info"]["version"],
        },
        "servers": public["servers"],
        "paths": dict(sorted(paths.items())),
        "components": {section: dict(sorted(items.items())) for section, items in sorted(components.items())},
    }


def readme(rest_version: str, ghec_version: str, graphql_version: str, subset: dict[str, Any]) -> str:
    """The provenance note committed beside the data."""
    count = sum(1 for item in subset["paths"].values() for key in item if key != "parameters")
    ghec_rows = "\n".join(f"- `{method.upper()} {path}`" for method, path in GHEC_OPERATIONS)
    return f"""# Vendored GitHub API descriptions

Generated by `scripts/vendor_github_specs.py`; do not edit by hand.

- `{REST_FILE}`: from npm `@octokit/openapi` — `generated/api.github.com.json`
  (info.version `{rest_version}`) plus `generated/ghec.json` (info.version `{ghec_version}`). Licence: MIT.
- `{GRAPHQL_FILE}`: from npm `@octokit/graphql-schema` {graphql_version} — `schema.graphql`, vendored
  whole and gzipped. Licence: MIT.

`{REST_FILE}` holds {count} operations: the ones ghprov calls plus the transitive closure of their
`#/components` references, so it is self-contained. Descriptions and examples were removed; schemas,
parameters, responses and `x-github-breaking-changes` are as published.

GitHub Enterprise Cloud-only operations come from `ghec.json`:
{ghec_rows}

Where a component of `ghec.json` differs from the public one of the same name (directly or through what
it references), the GHEC copy is stored as `{GHEC_PREFIX}<name>` and the GHEC operations refer to it.

The MIT licence of both packages permits this redistribution with their notices:
`@octokit/openapi`: "MIT License Copyright (c) 2020 Octokit contributors";
`@octokit/graphql-schema`: "Copyright (c) GitHub 2025 - Licensed as MIT".
"""


def main() -> None:
    """Parse arguments and write the vendored files."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--openapi", type=Path, required=True, help="octokit-openapi-*.tgz from npm pack")
    parser.add_argument(
        "--graphql", type=Path, required=True, help="octokit-graphql-schema-*.tgz from npm pack"
    )
    arguments = parser.parse_args()

    public = json.loads(read_member(arguments.openapi, "generated/api.github.com.json"))
    ghec = json.loads(read_member(arguments.openapi, "generated/ghec.json"))
    subset = build_subset(public, ghec)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    (DATA_DIR / REST_FILE).write_text(json.dumps(subset, separators=(",", ":"), sort_keys=False) + "\n")

    graphql_package = json.loads(read_member(arguments.graphql, "package.json"))
    schema = read_member(arguments.graphql, "schema.graphql")
    buffer = io.BytesIO()
    # mtime=0 keeps the gzip byte-identical across regenerations.
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as compressed:
        compressed.write(schema)
    (DATA_DIR / GRAPHQL_FILE).write_bytes(buffer.getvalue())

    text = readme(public["info"]["version"], ghec["info"]["version"], graphql_package["version"], subset)
    (DATA_DIR / "README.md").write_text(text)
    print(f"wrote {DATA_DIR / REST_FILE} ({(DATA_DIR / REST_FILE).stat().st_size} bytes)")
    print(f"wrote {DATA_DIR / GRAPHQL_FILE} ({(DATA_DIR / GRAPHQL_FILE).stat().st_size} bytes)")


if __name__ == "__main__":
    main()
