"""An invoice's hand-over stamps it (`updated_at`, `updatedSince` of `GET /v1/invoices`): the
invoice shows `handedOverOn` since it can be handed over through the API. The invoice's own
trigger of `2026-12-06T19:30:30` stamps it when a column the API shows changes; this adds
`handed_over_at` to those columns on both engines."""

from collections.abc import Awaitable, Callable

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-12-07T13:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "invoice_hand_over_stamps"

SHOWN_BEFORE = (
    "lexoffice_id",
    "kind",
    "voucher_number",
    "voucher_date",
    "due_date",
    "total_cents",
    "open_cents",
    "contact_lexoffice_id",
    "status",
    "admission",
    "blocked_reason",
    "pause_reason",
    "pause_until",
    "unusable_detail",
)
"""As in `2026-12-06T19:30:30`: what the API shows of an invoice."""
SHOWN = (*SHOWN_BEFORE, "handed_over_at")

_SQLITE_NOW = "(strftime('%Y-%m-%d %H:%M:%f', 'now') || '000+00:00')"
"""As `2026-12-06T19:30:30` stamps in SQLite."""


def _postgres(columns: tuple[str, ...]) -> list[str]:
    new = ", ".join(f"NEW.{c}" for c in columns)
    old = ", ".join(f"OLD.{c}" for c in columns)
    return [
        f"""
CREATE OR REPLACE FUNCTION automahntion_invoice_stamp() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.updated_at := clock_timestamp();
    ELSIF ({new}) IS DISTINCT FROM ({old}) THEN
        NEW.updated_at := clock_timestamp();
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql"""
    ]


def _sqlite(columns: tuple[str, ...]) -> list[str]:
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
    stamp = f'UPDATE "invoice" SET updated_at = {_SQLITE_NOW} WHERE id = NEW.id; END'
    return [
        'DROP TRIGGER IF EXISTS "invoice_updated_at_update"',
        'CREATE TRIGGER "invoice_updated_at_update" '
        f'AFTER UPDATE ON "invoice" WHEN {changed} BEGIN {stamp}',
    ]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    def run(columns: tuple[str, ...]) -> Callable[[], Awaitable[None]]:
        async def statements() -> None:
            engine = engine_finder()
            postgres = isinstance(engine, PostgresEngine)
            for statement in _postgres(columns) if postgres else _sqlite(columns):
                await engine.run_ddl(statement)

        return statements

    manager.add_raw(run(SHOWN))
    manager.add_raw_backwards(run(SHOWN_BEFORE))
    return manager
