"""A large synthetic organisation, deterministic for a given seed, for plan and apply benchmarks."""

from __future__ import annotations

import random
from typing import Any

from ghprov.model import Organization


def synthetic_config(
    org: str = "bench-org",
    repositories: int = 1000,
    teams: int = 150,
    members: int = 500,
    seed: int = 1,
) -> dict[str, Any]:
    """The config document (plain dict, as YAML would give it) of the benchmark organisation.

    Every repository has ``main`` and ``production`` protected and one ruleset; one team in five is
    nested under another; each team has a handful of members and repository grants.
    """
    rng = random.Random(seed)
    logins = [f"user{i:04d}" for i in range(members)]
    owners = logins[:3]
    team_names = [f"team-{i:03d}" for i in range(teams)]
    repo_names = [f"repo-{i:04d}" for i in range(repositories)]

    team_docs: dict[str, Any] = {}
    for index, name in enumerate(team_names):
        doc: dict[str, Any] = {"description": f"Team {index}", "privacy": "closed"}
        if index >= 10 and index % 5 == 0:
            doc["parent"] = team_names[rng.randrange(0, 10)]
        people = rng.sample(logins, 6)
        doc["maintainers"] = people[:1]
        doc["members"] = people[1:]
        doc["repositories"] = {
            repo: rng.choice(["read", "write", "maintain"]) for repo in rng.sample(repo_names, 8)
        }
        team_docs[name] = doc

    repo_docs: dict[str, Any] = {}
    for index, name in enumerate(repo_names):
        owner_team = team_names[index % teams]
        repo_docs[name] = {
            "description": f"Repository {index}",
            "visibility": "private",
            "default_branch": "main",
            "delete_branch_on_merge": True,
            "allow_rebase_merge": False,
            "branches": ["main", "production"],
            "branch_protection": {
                "main": {
                    "required_approving_review_count": 1,
                    "dismiss_stale_reviews": True,
                    "bypass_pull_request_allowances": {"teams": [owner_team]},
                },
                "production": {"required_approving_review_count": 2, "enforce_admins": True},
            },
            "rulesets": {
                "production-guard": {
                    "target": "branch",
                    "enforcement": "active",
                    "conditions": {"ref_name": {"include": ["refs/heads/production"]}},
                    "bypass_actors": [{"team": owner_team, "mode": "always"}, {"role": "admin"}],
                    "rules": [{"non_fast_forward": {}}, {"deletion": {}}],
                }
            },
        }

    return {
        "organization": org,
        "settings": {"default_repository_permission": "none", "members_can_create_repositories": False},
        "members": {"owners": owners, "members": [login for login in logins if login not in owners]},
        "teams": team_docs,
        "repositories": repo_docs,
        "prune": {"team_members": True, "team_repositories": True},
    }


def synthetic_organization(**kwargs: Any) -> Organization:
    return Organization.model_validate(synthetic_config(**kwargs))
