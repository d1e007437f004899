"""The unique index on admin token hashes (its own migration: see the first unique-index
migration for why)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-27T06:28:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "admin_token_index"

CREATE = 'CREATE UNIQUE INDEX IF NOT EXISTS "ux_admin_token_hash" ON "admin_token" ("token_hash")'
DROP = 'DROP INDEX IF EXISTS "ux_admin_token_hash"'


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def create_index() -> None:
        await engine_finder().run_ddl(CREATE)

    async def drop_index() -> None:
        await engine_finder().run_ddl(DROP)

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
