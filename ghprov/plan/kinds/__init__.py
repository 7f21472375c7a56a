"""One differ per resource kind; each reads a DiffContext and appends changes and findings to it."""
