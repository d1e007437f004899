"""Every tenant that exists when activation arrives is activated: it sent before, and keeps
sending as it did. Only tenants created from now on start not activated (domain rules 3). Its
own migration: raw steps run before the column is added in the same migration."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T12:02:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "existing_tenants_activated"

ACTIVATE = 'UPDATE "tenant" SET "activated_at" = "created_at" WHERE "activated_at" IS NULL'


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def activate_existing() -> None:
        await engine_finder().run_ddl(ACTIVATE)

    manager.add_raw(activate_existing)
    return manager
