"""``ghprov import``: a live organisation → a configuration directory in ghprov's documented format."""

from ghprov.importer.documents import ImportedConfig, build_config
from ghprov.importer.options import KINDS, ImportOptions, ImportWarning, parse_kinds, split_list
from ghprov.importer.writer import write_config

__all__ = [
    "KINDS",
    "ImportOptions",
    "ImportWarning",
    "ImportedConfig",
    "build_config",
    "parse_kinds",
    "split_list",
    "write_config",
]
