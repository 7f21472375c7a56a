"""The kind readers that run beside the core organisation read (see ``kinds.py``), in no particular order."""

from __future__ import annotations

from ghprov.github.read import (
    actions_secrets,
    actions_settings,
    code_security,
    custom_properties,
    deploy_keys,
    organization_roles,
    repository_collaborators,
    runner_groups,
    security_features,
    team_sync,
)
from ghprov.github.read.kinds import KindReader

KIND_READERS: tuple[KindReader, ...] = (
    deploy_keys.READER,
    repository_collaborators.READER,
    custom_properties.READER,
    actions_settings.REPOSITORY_READER,
    actions_settings.ORGANIZATION_READER,
    security_features.READER,
    runner_groups.READER,
    code_security.READER,
    organization_roles.READER,
    team_sync.READER,
    actions_secrets.ORGANIZATION_SECRETS_READER,
    actions_secrets.REPOSITORY_SECRETS_READER,
    actions_secrets.ORGANIZATION_VARIABLES_READER,
    actions_secrets.REPOSITORY_VARIABLES_READER,
)
