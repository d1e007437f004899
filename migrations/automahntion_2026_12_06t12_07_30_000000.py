"""Idempotency keys belong to a credential, and responses are kept sealed.

The rows kept so far are dropped: they answered any credential of their tenant, and their
bodies (new API keys among them) are in clear. They live 24 hours anyway; a repeat of one of
those requests now runs again instead of being replayed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T12:07:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "idempotency_credential_index"

FORWARDS = (
    'DELETE FROM "idempotency_key"',
    'DROP INDEX IF EXISTS "ux_idempotency_key"',
    'CREATE UNIQUE INDEX IF NOT EXISTS "ux_idempotency_credential_key" '
    'ON "idempotency_key" ("tenant", "credential", "key")',
)
BACKWARDS = (
    'DELETE FROM "idempotency_key"',
    'DROP INDEX IF EXISTS "ux_idempotency_credential_key"',
    'CREATE UNIQUE INDEX IF NOT EXISTS "ux_idempotency_key" ON "idempotency_key" ("tenant", "key")',
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def run(statements: tuple[str, ...]) -> None:
        engine = engine_finder()
        for statement in statements:
            await engine.run_ddl(statement)

    async def create() -> None:
        await run(FORWARDS)

    async def drop() -> None:
        await run(BACKWARDS)

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
