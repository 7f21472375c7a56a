"""PAT rotation for Flux: verify a new token, write it in place on every cluster (canary first), confirm."""
