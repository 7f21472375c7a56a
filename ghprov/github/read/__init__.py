"""Reading a live organisation: one module per resource kind, ``reader`` orchestrates them."""

from ghprov.github.read.reader import read_organization

__all__ = ["read_organization"]
