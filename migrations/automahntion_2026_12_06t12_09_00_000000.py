"""API keys may be limited to the scopes widget tokens get; NULL keeps a key's full power."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T12:09:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "api_key_scopes"

FORWARDS = ('ALTER TABLE "api_key" ADD COLUMN "scopes" TEXT NULL',)
BACKWARDS = ('ALTER TABLE "api_key" DROP COLUMN "scopes"',)


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
