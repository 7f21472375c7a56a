"""ghprov: declarative GitHub organisations for the Flux CD D1 reference architecture."""

__version__ = "0.1.0"
