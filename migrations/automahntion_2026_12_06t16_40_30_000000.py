"""Levels stored before `payment_days` get the defaults of rule 3 (its own migration: raw steps
run before the columns of the same migration are added)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T16:40:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "payment_days_defaults"

UPDATE = (
    "UPDATE level_setting SET payment_days = CASE level "
    "WHEN 'M1' THEN 10 WHEN 'M3' THEN 5 ELSE 7 END"
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def defaults_by_level() -> None:
        await engine_finder().run_ddl(UPDATE)

    manager.add_raw(defaults_by_level)
    return manager
