"""Suite-wide settings: every sandbox in every test checks every response against GitHub's schema."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ghprov_testbeds.sandbox.settings import STRICT_RESPONSES_ENV

# Helpers several test packages share (tests/support/*.py), importable by module name.
sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))

# Set at import, so xdist workers and the ghprov processes tests start inherit it too.
os.environ[STRICT_RESPONSES_ENV] = "1"
