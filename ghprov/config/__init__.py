"""YAML → the desired-state model, with file:line:column on every problem; JSON Schema export."""

from ghprov.config.document import ConfigDocument, Defaults
from ghprov.config.loader import LoadedConfig, config_files, load_config
from ghprov.config.locations import ConfigPath, Location, SourceMap
from ghprov.config.schema import config_json_schema

__all__ = [
    "ConfigDocument",
    "ConfigPath",
    "Defaults",
    "LoadedConfig",
    "Location",
    "SourceMap",
    "config_files",
    "config_json_schema",
    "load_config",
]
