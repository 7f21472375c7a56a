"""The kind readers that run beside the core organisation read (see ``kinds.py``), in no particular order."""

from __future__ import annotations

from ghprov.github.read import (
    actions_secrets,
    actions_settings,
    app_installations,
    code_security,
    custom_properties,
    deploy_keys,
    environments,
    organization_roles,
    repository_collaborators,
    runner_groups,
    security_features,
    team_sync,
    webhooks,
)
from ghprov.github.read.kinds import KindReader
from ghprov.model import Organization

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
    app_installations.READER,
    actions_secrets.ORGANIZATION_SECRETS_READER,
    actions_secrets.REPOSITORY_SECRETS_READER,
    actions_secrets.ORGANIZATION_VARIABLES_READER,
    actions_secrets.REPOSITORY_VARIABLES_READER,
    actions_secrets.ORGANIZATION_DEPENDABOT_READER,
    actions_secrets.REPOSITORY_DEPENDABOT_READER,
    webhooks.ORGANIZATION_READER,
    webhooks.REPOSITORY_READER,
    environments.READER,
)

# Policy kinds decide what runs, not who has access. The audit reads the access kinds whole whatever
# the config declares (its access matrix needs every path), but these only where the config declares
# them: most cost a request per repository, and no audit check reads them.
POLICY_READERS: tuple[KindReader, ...] = (
    actions_settings.REPOSITORY_READER,
    actions_settings.ORGANIZATION_READER,
    security_features.READER,
    runner_groups.READER,
    code_security.READER,
    # Secrets, variables, webhooks and environments: a request per repository each, and the audit has
    # readers of its own for webhooks and secrets (``--deep``).
    actions_secrets.ORGANIZATION_SECRETS_READER,
    actions_secrets.REPOSITORY_SECRETS_READER,
    actions_secrets.ORGANIZATION_VARIABLES_READER,
    actions_secrets.REPOSITORY_VARIABLES_READER,
    actions_secrets.ORGANIZATION_DEPENDABOT_READER,
    actions_secrets.REPOSITORY_DEPENDABOT_READER,
    webhooks.ORGANIZATION_READER,
    webhooks.REPOSITORY_READER,
    environments.READER,
)


# A kind reader and the scope it reads under (``None``: the whole kind).
ScheduledRead = tuple[KindReader, Organization | None]


def scheduled_reads(scope: Organization | None, every_kind: bool) -> list[ScheduledRead]:
    """Each kind reader a read runs, with its scope.

    A plan reads what its config declares; import (no scope) reads everything; the audit
    (``every_kind``) reads access kinds whole and policy kinds as a plan would.
    """
    runs: list[ScheduledRead] = []
    for reader in KIND_READERS:
        policy = any(reader is other for other in POLICY_READERS)
        if every_kind and not policy:
            runs.append((reader, None))
        elif reader.wanted(scope) and not (every_kind and scope is None):
            runs.append((reader, scope))
    return runs
