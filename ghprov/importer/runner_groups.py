"""Runner groups as the config declares them: GitHub's defaults left out, and the ``Default`` group
(every organisation has it) only when someone changed it."""

from __future__ import annotations

from typing import Any

from ghprov.importer.entries import sorted_data
from ghprov.model.runner_groups import DEFAULT_GROUP, RunnerGroupAccess

# What GitHub gives a group nobody has configured: the keys an import need not write.
NEW_GROUP: dict[str, Any] = {
    "allows_public_repositories": False,
    "restricted_to_workflows": False,
    "selected_workflows": [],
}


def runner_groups_data(groups: dict[str, RunnerGroupAccess]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, group in sorted(groups.items()):
        values = group.model_dump(mode="json", exclude_none=True)
        untouched = all(values.get(key, value) == value for key, value in NEW_GROUP.items())
        if name == DEFAULT_GROUP and values.get("visibility") == "all" and untouched:
            continue
        kept = {
            key: value for key, value in values.items() if key not in NEW_GROUP or value != NEW_GROUP[key]
        }
        # allows_public_repositories is written even when false: its default is a security decision.
        kept["allows_public_repositories"] = values.get("allows_public_repositories", False)
        data[name] = sorted_data(kept)
    return data
