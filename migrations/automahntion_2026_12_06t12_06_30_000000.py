"""The change notification (see `change_notifications`) on `attention_report`, a table of a
tenant like the others. Its own migration: raw steps run before `add_table` in the same one."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-12-06T12:06:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "attention_report_notify"

TRIGGER = '"attention_report_notify_change"'
CREATE = (
    f'CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON "attention_report" '
    "FOR EACH ROW EXECUTE FUNCTION automahntion_tenant_changed()"
)
DROP = f'DROP TRIGGER IF EXISTS {TRIGGER} ON "attention_report"'


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def run(statements: tuple[str, ...]) -> None:
        engine = engine_finder()
        if isinstance(engine, PostgresEngine):
            for statement in statements:
                await engine.run_ddl(statement)

    async def create() -> None:
        await run((DROP, CREATE))

    async def drop() -> None:
        await run((DROP,))

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
