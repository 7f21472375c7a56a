"""The kind readers that run beside the core organisation read (see ``kinds.py``), in no particular order."""

from __future__ import annotations

from ghprov.github.read import deploy_keys
from ghprov.github.read.kinds import KindReader

KIND_READERS: tuple[KindReader, ...] = (deploy_keys.READER,)
