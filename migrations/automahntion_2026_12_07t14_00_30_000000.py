"""`block_told_at` of the blocks stored before it existed: set to the invoice's last change, as
told. Which of them were told cannot be known (only a change of the block told, and only for an
invoice the owner had to hear of then); taking them as told never tells one twice, and leaves an
invoice blocked before it fell due as untold-of as it was."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.querystring import QueryString

ID = "2026-12-07T14:00:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "invoice_block_told_at_fill"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def fill() -> None:
        await engine_finder().run_querystring(
            QueryString(
                'UPDATE "invoice" SET "block_told_at" = "updated_at" '
                'WHERE "blocked_reason" IS NOT NULL AND "block_told_at" IS NULL'
            )
        )

    manager.add_raw(fill)
    return manager
