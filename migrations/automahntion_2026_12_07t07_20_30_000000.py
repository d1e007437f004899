"""`name_key` of the contacts stored before it existed, filled by Python's `casefold` (what the
list sorted by); on PostgreSQL the column compares byte by byte (collation "C": the order of
the code points, as Python and SQLite compare text), whatever the database's locale; and the
index a page of `GET /v1/contacts` reads, (tenant, name_key, id). A migration of its own: raw
steps run before `add_column` in the same migration."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine
from piccolo.querystring import QueryString

ID = "2026-12-07T07:20:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "contact_name_key_fill"

INDEX = "ix_contact_name_key"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def fill() -> None:
        engine = engine_finder()
        if isinstance(engine, PostgresEngine):
            await engine.run_ddl(
                'ALTER TABLE "contact" ALTER COLUMN "name_key" TYPE TEXT COLLATE "C"'
            )
        await engine.run_ddl(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "contact" ("tenant", "name_key", "id")'
        )
        # Last: on PostgreSQL the updates leave deferred trigger events (the list version's),
        # after which the table takes no more DDL in this transaction.
        rows = await engine.run_querystring(QueryString('SELECT "id", "name" FROM "contact"'))
        for row in rows:
            await engine.run_querystring(
                QueryString(
                    'UPDATE "contact" SET "name_key" = {} WHERE "id" = {}',
                    row["name"].casefold(),
                    row["id"],
                )
            )

    async def drop() -> None:
        await engine_finder().run_ddl(f'DROP INDEX IF EXISTS "{INDEX}"')

    manager.add_raw(fill)
    manager.add_raw_backwards(drop)
    return manager
