"""Suite-wide settings: every sandbox in every test checks every response against GitHub's schema."""

from __future__ import annotations

import os

from ghprov.sandbox.settings import STRICT_RESPONSES_ENV

# Set at import, so xdist workers and the ghprov processes tests start inherit it too.
os.environ[STRICT_RESPONSES_ENV] = "1"
