"""The letters already billed get their bill's key: each one in a month with a letter bill that
the provider had not refused or cancelled by now (one refused or cancelled already may have been
refused before or after its bill; it is not known, so it is not credited)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T07:10:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "letter_billed_by_fill"

FILL = (
    'UPDATE "letter" SET "billed_by" = ('
    'SELECT "b"."idempotency_key" FROM "billing_record" AS "b" '
    'WHERE "b"."tenant" = "letter"."tenant" AND "b"."kind" = \'letters\' '
    'AND "b"."period_start" <= "letter"."sent_on" AND "b"."period_end" >= "letter"."sent_on" '
    'ORDER BY "b"."created_at" LIMIT 1) '
    'WHERE "billed_by" IS NULL AND "status" NOT IN (\'failed\', \'cancelled\')'
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def fill() -> None:
        await engine_finder().run_ddl(FILL)

    async def empty() -> None:
        await engine_finder().run_ddl('UPDATE "letter" SET "billed_by" = NULL')

    manager.add_raw(fill)
    manager.add_raw_backwards(empty)
    return manager
