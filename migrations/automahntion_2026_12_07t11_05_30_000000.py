"""The unique index of the admin API's idempotency keys: one reservation per admin token and
key (its own migration: raw steps run before `add_table` in the same one)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T11:05:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "admin_idempotency_credential_index"

FORWARDS = (
    'CREATE UNIQUE INDEX IF NOT EXISTS "ux_admin_idempotency_credential_key" '
    'ON "admin_idempotency_key" ("credential", "key")'
)
BACKWARDS = 'DROP INDEX IF EXISTS "ux_admin_idempotency_credential_key"'


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def create() -> None:
        await engine_finder().run_ddl(FORWARDS)

    async def drop() -> None:
        await engine_finder().run_ddl(BACKWARDS)

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
