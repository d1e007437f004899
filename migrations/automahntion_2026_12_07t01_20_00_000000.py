"""At most one message per invoice per day (domain rule 3), kept by storage: a partial unique
index on (tenant, invoice, sent_on) over the messages that count as sent (`sending`, `sent`).
A failed or held message does not count; it is taken again on a later day.

Before this, only (tenant, invoice, level) was unique, so two processes whose plans differed
(level settings changed in between, or plans made either side of midnight) could both send a
different level to one invoice on one day, and a database may already hold such pairs. The
index must not fail on them, and must not leave any invoice or day unguarded: an index only
over the days from this migration on would leave today unguarded if today already holds a
pair, and every earlier day too, which a late claim (catch-up) still names. So, of each pair
that already exists, the earliest claim (by `claimed_at`, then id) stays in the index and the
later ones are left out of it by their ids, written into the predicate. They are history and
keep their state; every other row, and every row written from now on, is guarded. The ids are
read under a share lock on the table, so no claim adds a pair between that read and the
index (PostgreSQL; SQLite writes one at a time).

The states are written out, not imported, so that this migration never changes. Backwards
drops the index.
"""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-12-07T01:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one_message_per_invoice_per_day"

INDEX = "ux_sent_message_invoice_day"
COUNTS = "\"state\" IN ('sending', 'sent')"

LATER_OF_A_DAY = (
    'SELECT "id" FROM (SELECT "id", ROW_NUMBER() OVER (PARTITION BY "tenant", "invoice", '
    '"sent_on" ORDER BY "claimed_at", "id") AS "n" FROM "sent_message" '
    f'WHERE {COUNTS} AND "sent_on" IS NOT NULL) AS "ranked" WHERE "n" > 1 ORDER BY "id"'
)


def _id(row: Any) -> str:
    return str(row["id"])


def create_index(later: list[str]) -> str:
    predicate = COUNTS
    if later:
        predicate += ' AND "id" NOT IN (' + ", ".join(f"'{i}'" for i in later) + ")"
    return (
        f'CREATE UNIQUE INDEX IF NOT EXISTS "{INDEX}" '
        f'ON "sent_message" ("tenant", "invoice", "sent_on") WHERE {predicate}'
    )


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def create() -> None:
        engine = engine_finder()
        if isinstance(engine, PostgresEngine):
            await engine.run_ddl('LOCK TABLE "sent_message" IN SHARE MODE')
        later = [_id(row) for row in await engine.run_ddl(LATER_OF_A_DAY) or []]
        await engine.run_ddl(create_index(later))

    async def drop() -> None:
        await engine_finder().run_ddl(f'DROP INDEX IF EXISTS "{INDEX}"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
