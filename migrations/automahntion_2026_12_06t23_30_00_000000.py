"""On PostgreSQL, a message, letter or document stamps its invoice (`updated_at`) in the
statement that changes it, no longer at the commit.

Deferred to the commit, that stamp came after the tenant's list version (the list version's
triggers fire first, by name), so a transaction held the list version while it waited for an
invoice; the sync's last transaction holds its invoices and takes the list version at its
commit: the two deadlocked, and a claim made during a sync failed (`test_claim_activation`).
Stamped in the statement, the invoice is locked where the change is made, and the list version
stays the last lock a transaction takes. SQLite runs one writer at a time and stamps in the
statement already.
"""

from collections.abc import Awaitable, Callable

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-12-06T23:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "invoice_stamped_in_the_statement"

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
"""As in `2026-12-06T19:30:30`: what an invoice shows of its messages, letters and documents."""


def _changed(columns: tuple[str, ...]) -> str:
    new = ", ".join(f"NEW.{c}" for c in columns)
    old = ", ".join(f"OLD.{c}" for c in columns)
    return f"({new}) IS DISTINCT FROM ({old})"


def _triggers(deferred: bool) -> list[str]:
    kind = "CONSTRAINT TRIGGER" if deferred else "TRIGGER"
    timing = "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW" if deferred else "FOR EACH ROW"
    statements = []
    for table, columns in OF_INVOICE.items():
        statements += [
            f'DROP TRIGGER IF EXISTS "{table}_touches_invoice" ON "{table}"',
            f'CREATE {kind} "{table}_touches_invoice" AFTER INSERT OR DELETE '
            f'ON "{table}" {timing} EXECUTE FUNCTION automahntion_invoice_touched()',
            f'DROP TRIGGER IF EXISTS "{table}_change_touches_invoice" ON "{table}"',
            f'CREATE {kind} "{table}_change_touches_invoice" AFTER UPDATE '
            f'ON "{table}" {timing} WHEN ({_changed(columns)}) '
            "EXECUTE FUNCTION automahntion_invoice_touched()",
        ]
    return statements


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    def run(deferred: bool) -> Callable[[], Awaitable[None]]:
        async def statements() -> None:
            engine = engine_finder()
            if isinstance(engine, PostgresEngine):
                for statement in _triggers(deferred):
                    await engine.run_ddl(statement)

        return statements

    manager.add_raw(run(deferred=False))
    manager.add_raw_backwards(run(deferred=True))
    return manager
