"""The indexes the pages of `GET /v1/attention` are read from, each in the list's order: messages
in a state by when they failed, were held or were claimed (tenant, state, their outcome, else
their claim, id), letters the provider holds (tenant, status, status_changed_at), and the
invoices an item may be about in the order of their ids: blocked ones (tenant, blocked_reason,
id) and those holding a quota slot (tenant, admission, id). Uncertain documents and thank-yous
left sending are read from the review's (`list_page_indexes`)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T13:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "attention_page_indexes"

INDEXES = {
    "ix_sent_message_attention": (
        "sent_message",
        '"tenant", "state", (COALESCE("finished_at", "claimed_at")), "id"',
    ),
    "ix_letter_attention": ("letter", '"tenant", "status", "status_changed_at"'),
    "ix_invoice_blocked_page": ("invoice", '"tenant", "blocked_reason", "id"'),
    "ix_invoice_admitted_page": ("invoice", '"tenant", "admission", "id"'),
}


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def create() -> None:
        engine = engine_finder()
        for name, (table, columns) in INDEXES.items():
            await engine.run_ddl(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({columns})')

    async def drop() -> None:
        engine = engine_finder()
        for name in INDEXES:
            await engine.run_ddl(f'DROP INDEX IF EXISTS "{name}"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
