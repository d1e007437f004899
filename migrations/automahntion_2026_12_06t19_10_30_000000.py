"""One delivery per event and endpoint (its unique index), and the sweep's look-up of due
deliveries: a migration of their own, since raw steps run before `add_table` in the same
migration."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T19:10:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "webhook_delivery_indexes"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def create() -> None:
        engine = engine_finder()
        await engine.run_ddl(
            'CREATE UNIQUE INDEX IF NOT EXISTS "ux_webhook_delivery_event_endpoint" '
            'ON "webhook_delivery" ("event", "endpoint")'
        )
        await engine.run_ddl(
            'CREATE INDEX IF NOT EXISTS "ix_webhook_delivery_due" '
            'ON "webhook_delivery" ("state", "next_attempt_at")'
        )

    async def drop() -> None:
        engine = engine_finder()
        await engine.run_ddl('DROP INDEX IF EXISTS "ix_webhook_delivery_due"')
        await engine.run_ddl('DROP INDEX IF EXISTS "ux_webhook_delivery_event_endpoint"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
