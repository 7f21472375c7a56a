"""``--migrate-to``: which PAT the clusters held, and whether any Flux source still authenticates with it.

The new credential is written beside the PAT, so a GitRepository still on the old transport keeps
working; the PAT can be revoked only when every cluster confirmed and no source uses it any more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ghprov.rotation.results import ClusterResult


@dataclass
class Migration:
    """``--migrate-to``: the PATs the clusters held, and whether any source still uses one."""

    pats: list[str]

    def judge(self, rows: list[ClusterResult], all_done: bool) -> dict[str, Any]:
        still = sorted({source for row in rows for source in row.old_transport})
        revocable = all_done and not still
        if revocable:
            note = f"PAT {', '.join(self.pats) or '-'} is used by no source now: revoke it"
        elif still:
            note = f"keep the PAT: {len(still)} source(s) still authenticate with it (change them in Git)"
        else:
            note = "keep the PAT until every cluster confirmed the new credential"
        return {
            "pat_fingerprints": self.pats,
            "pat_revocable": revocable,
            "sources_on_pat": still,
            "notes": [note],
        }
