"""Where GitHub looks for a repository's CODEOWNERS file, and which file it ignores.

GitHub uses the first file it finds in ``.github/``, the root, then ``docs/`` of the branch a pull
request targets, and does not load a file of 3 MB or more ("About code owners").
"""

from __future__ import annotations

CODEOWNERS_PATHS: tuple[str, ...] = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024
