"""Named unique indexes, in a migration of their own.

Piccolo's `Unique` emits `ALTER TABLE ... ADD CONSTRAINT`, which SQLite refuses, and raw steps run
before `add_table` within one migration; so the indexes come here, after the tables exist.
The list is written out, not imported, so that this migration never changes.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-27T03:53:03:196186"
VERSION = "1.38.0"
DESCRIPTION = "unique_indexes"

INDEXES = (
    ("ux_lexoffice_connection_tenant", "lexoffice_connection", ("tenant",)),
    ("ux_smtp_server_tenant", "smtp_server", ("tenant",)),
    ("ux_contact_lexoffice_id", "contact", ("tenant", "lexoffice_id")),
    ("ux_invoice_lexoffice_id", "invoice", ("tenant", "lexoffice_id")),
    ("ux_level_setting_level", "level_setting", ("tenant", "level")),
    ("ux_template_version", "template_version", ("tenant", "level", "version")),
    ("ux_sent_message_invoice_level", "sent_message", ("tenant", "invoice", "level")),
    ("ux_dunning_document_invoice_level", "dunning_document", ("tenant", "invoice", "level")),
    ("ux_api_key_hash", "api_key", ("key_hash",)),
    ("ux_oauth_client_client_id", "oauth_client", ("client_id",)),
    ("ux_oauth_grant_code", "oauth_grant", ("code_hash",)),
    ("ux_oauth_token_access", "oauth_token", ("access_token_hash",)),
    ("ux_oauth_token_refresh", "oauth_token", ("refresh_token_hash",)),
    ("ux_idempotency_key", "idempotency_key", ("tenant", "key")),
    ("ux_thank_you_invoice", "thank_you", ("invoice",)),
    ("ux_feedback_token_hash", "feedback_token", ("token_hash",)),
    ("ux_feedback_invoice", "feedback", ("invoice",)),
    ("ux_subscription_tenant", "subscription", ("tenant",)),
    ("ux_letter_invoice_level", "letter", ("tenant", "invoice", "level")),
    ("ux_billing_record_key", "billing_record", ("tenant", "idempotency_key")),
)


def _create(name: str, table: str, columns: tuple[str, ...]) -> str:
    quoted = ", ".join(f'"{column}"' for column in columns)
    return f'CREATE UNIQUE INDEX IF NOT EXISTS "{name}" ON "{table}" ({quoted})'


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def create_indexes() -> None:
        engine = engine_finder()
        for name, table, columns in INDEXES:
            await engine.run_ddl(_create(name, table, columns))

    async def drop_indexes() -> None:
        engine = engine_finder()
        for name, _, _ in INDEXES:
            await engine.run_ddl(f'DROP INDEX IF EXISTS "{name}"')

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
