"""``ghprov init d1``: generate the configuration of the Flux D1 reference architecture."""

from ghprov.scaffold.d1 import GeneratedLayout, generate_d1
from ghprov.scaffold.options import D1Options, parse_assignments

__all__ = ["D1Options", "GeneratedLayout", "generate_d1", "parse_assignments"]
