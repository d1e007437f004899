"""The indexes the pages of the lists ordered by a moment, then id, are read from: a page of
`GET /v1/billing/invoices` (tenant, created_at, id), of `GET /v1/admin/tenants` (created_at,
id), and of `GET /v1/review` from each of its sources: messages in a state (tenant, state,
claimed_at, id), dunning documents in a state (tenant, state, created_at, id) and thank-yous
in a state (tenant, state, sent_at, id). Each reads its page's rows in order from the index
instead of sorting every row of the tenant."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T09:47:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "list_page_indexes"

INDEXES = {
    "ix_billing_record_page": ("billing_record", ("tenant", "created_at", "id")),
    "ix_tenant_page": ("tenant", ("created_at", "id")),
    "ix_sent_message_review": ("sent_message", ("tenant", "state", "claimed_at", "id")),
    "ix_dunning_document_review": ("dunning_document", ("tenant", "state", "created_at", "id")),
    "ix_thank_you_review": ("thank_you", ("tenant", "state", "sent_at", "id")),
}


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def create() -> None:
        engine = engine_finder()
        for name, (table, columns) in INDEXES.items():
            listed = ", ".join(f'"{c}"' for c in columns)
            await engine.run_ddl(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({listed})')

    async def drop() -> None:
        engine = engine_finder()
        for name in INDEXES:
            await engine.run_ddl(f'DROP INDEX IF EXISTS "{name}"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
