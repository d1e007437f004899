"""`updated_at` of invoices and contacts (`updatedSince` of `GET /v1/invoices` and
`GET /v1/contacts`), kept by triggers with the database's clock.

A row's own trigger stamps it when it is inserted or when a column the API shows of it
changes (a sync that rewrites the same values stamps nothing). A message, letter or dunning
document of an invoice, added, removed or changed where the invoice shows it, stamps its
invoice. On PostgreSQL those stamps of another row wait for the commit (as the list version
does), so they add no lock order within a transaction. Rows from before are stamped with their
last sync.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-12-06T19:30:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "updated_at_triggers"

SHOWN = {
    "invoice": (
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
    ),
    "contact": (
        "lexoffice_id",
        "name",
        "kind",
        "emails",
        "postal_address",
        "pause_reason",
        "pause_until",
        "unusable_detail",
        "title",
        "last_name",
    ),
}
"""What the API shows of the row itself (not sync times, counters or internal states)."""
OF_INVOICE = {
    "sent_message": (
        "level",
        "channel",
        "state",
        "sent_on",
        "finished_at",
        "failure_reason",
        "letter_tracking_code",
    ),
    "letter": ("level", "status", "tracking_code"),
    "dunning_document": ("level", "state", "file_ref"),
}
"""What an invoice shows of its messages, letters and documents."""
JSON_COLUMNS = frozenset({"emails", "postal_address"})

_SQLITE_NOW = "(strftime('%Y-%m-%d %H:%M:%f', 'now') || '000+00:00')"
"""As Piccolo writes a `Timestamptz` in SQLite, so that such texts compare in time order."""


def _changed(columns: tuple[str, ...], postgres: bool) -> str:
    if postgres:
        def value(row: str, c: str) -> str:
            return f"{row}.{c}::text" if c in JSON_COLUMNS else f"{row}.{c}"

        new = ", ".join(value("NEW", c) for c in columns)
        old = ", ".join(value("OLD", c) for c in columns)
        return f"({new}) IS DISTINCT FROM ({old})"
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)


def _postgres() -> list[str]:
    statements = []
    for table, columns in SHOWN.items():
        statements += [
            f"""
CREATE OR REPLACE FUNCTION automahntion_{table}_stamp() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.updated_at := clock_timestamp();
    ELSIF {_changed(columns, True)} THEN
        NEW.updated_at := clock_timestamp();
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql""",
            f'DROP TRIGGER IF EXISTS "{table}_updated_at" ON "{table}"',
            f'CREATE TRIGGER "{table}_updated_at" BEFORE INSERT OR UPDATE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION automahntion_{table}_stamp()",
        ]
    statements.append("""
CREATE OR REPLACE FUNCTION automahntion_invoice_touched() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE invoice SET updated_at = clock_timestamp() WHERE id = OLD.invoice;
    ELSE
        UPDATE invoice SET updated_at = clock_timestamp() WHERE id = NEW.invoice;
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql""")
    for table, columns in OF_INVOICE.items():
        deferred = "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
        statements += [
            f'DROP TRIGGER IF EXISTS "{table}_touches_invoice" ON "{table}"',
            f'CREATE CONSTRAINT TRIGGER "{table}_touches_invoice" AFTER INSERT OR DELETE '
            f'ON "{table}" {deferred} EXECUTE FUNCTION automahntion_invoice_touched()',
            f'DROP TRIGGER IF EXISTS "{table}_change_touches_invoice" ON "{table}"',
            f'CREATE CONSTRAINT TRIGGER "{table}_change_touches_invoice" AFTER UPDATE '
            f'ON "{table}" {deferred} WHEN ({_changed(columns, True)}) '
            "EXECUTE FUNCTION automahntion_invoice_touched()",
        ]
    return statements


def _sqlite() -> list[str]:
    statements = []
    for table, columns in SHOWN.items():
        stamp = f'UPDATE "{table}" SET updated_at = {_SQLITE_NOW} WHERE id = NEW.id; END'
        statements += [
            f'CREATE TRIGGER IF NOT EXISTS "{table}_updated_at_insert" '
            f'AFTER INSERT ON "{table}" BEGIN {stamp}',
            f'CREATE TRIGGER IF NOT EXISTS "{table}_updated_at_update" '
            f'AFTER UPDATE ON "{table}" WHEN {_changed(columns, False)} BEGIN {stamp}',
        ]
    for table, columns in OF_INVOICE.items():
        def touch(row: str) -> str:
            return f"UPDATE invoice SET updated_at = {_SQLITE_NOW} WHERE id = {row}.invoice; END"

        statements += [
            f'CREATE TRIGGER IF NOT EXISTS "{table}_touches_invoice_insert" '
            f'AFTER INSERT ON "{table}" BEGIN {touch("NEW")}',
            f'CREATE TRIGGER IF NOT EXISTS "{table}_touches_invoice_delete" '
            f'AFTER DELETE ON "{table}" BEGIN {touch("OLD")}',
            f'CREATE TRIGGER IF NOT EXISTS "{table}_touches_invoice_update" '
            f'AFTER UPDATE ON "{table}" WHEN {_changed(columns, False)} BEGIN {touch("NEW")}',
        ]
    return statements


def _backfill() -> list[str]:
    return [
        f'UPDATE "{table}" SET updated_at = synced_at WHERE updated_at IS NULL' for table in SHOWN
    ]


def _drop(postgres: bool) -> list[str]:
    if postgres:
        statements = [f'DROP TRIGGER IF EXISTS "{t}_updated_at" ON "{t}"' for t in SHOWN]
        statements += [
            f'DROP TRIGGER IF EXISTS "{t}_{kind}touches_invoice" ON "{t}"'
            for t in OF_INVOICE
            for kind in ("", "change_")
        ]
        functions = [f"automahntion_{t}_stamp" for t in SHOWN] + ["automahntion_invoice_touched"]
        return statements + [f"DROP FUNCTION IF EXISTS {f}()" for f in functions]
    statements = [
        f'DROP TRIGGER IF EXISTS "{t}_updated_at_{event}"'
        for t in SHOWN
        for event in ("insert", "update")
    ]
    return statements + [
        f'DROP TRIGGER IF EXISTS "{t}_touches_invoice_{event}"'
        for t in OF_INVOICE
        for event in ("insert", "delete", "update")
    ]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def create() -> None:
        engine = engine_finder()
        postgres = isinstance(engine, PostgresEngine)
        for statement in _backfill() + (_postgres() if postgres else _sqlite()):
            await engine.run_ddl(statement)

    async def drop() -> None:
        engine = engine_finder()
        for statement in _drop(isinstance(engine, PostgresEngine)):
            await engine.run_ddl(statement)

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
