"""One cursor per event of a tenant: its unique index (a migration of its own, since raw steps
run before `add_table` in the same migration)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T17:00:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "tenant_event_index"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def create() -> None:
        await engine_finder().run_ddl(
            'CREATE UNIQUE INDEX IF NOT EXISTS "ux_tenant_event_seq" '
            'ON "tenant_event" ("tenant", "seq")'
        )

    async def drop() -> None:
        await engine_finder().run_ddl('DROP INDEX IF EXISTS "ux_tenant_event_seq"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
