"""The change notifications go (`change_notifications`, `attention_report_notify`): the API no
longer caches responses; conditional requests ask the tenant's list version (`list_versions`)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-12-06T16:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "drop_change_notifications"

CHANNEL = "automahntion_changes"
TENANT_TABLES = (
    "api_key",
    "attention_report",
    "audit_event",
    "billing_record",
    "contact",
    "dunning_document",
    "feedback",
    "feedback_token",
    "idempotency_key",
    "invoice",
    "letter",
    "level_setting",
    "lexoffice_connection",
    "oauth_grant",
    "oauth_token",
    "sent_message",
    "smtp_server",
    "subscription",
    "template_version",
    "thank_you",
)
ANY_TENANT_TABLES = ("admin_token", "oauth_client")
FUNCTIONS = (
    "automahntion_tenant_changed",
    "automahntion_tenant_row_changed",
    "automahntion_any_tenant_changed",
)


def _drop() -> list[str]:
    tables = (*TENANT_TABLES, *ANY_TENANT_TABLES, "tenant")
    statements = [f'DROP TRIGGER IF EXISTS "{t}_notify_change" ON "{t}"' for t in tables]
    return statements + [f"DROP FUNCTION IF EXISTS {f}()" for f in FUNCTIONS]


def _recreate() -> list[str]:
    """Backwards: the triggers as the two migrations made them."""
    statements = [
        f"""
CREATE OR REPLACE FUNCTION automahntion_tenant_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('{CHANNEL}', COALESCE(OLD.tenant::text, '*'));
    ELSE
        PERFORM pg_notify('{CHANNEL}', COALESCE(NEW.tenant::text, '*'));
        IF TG_OP = 'UPDATE' AND NEW.tenant IS DISTINCT FROM OLD.tenant THEN
            PERFORM pg_notify('{CHANNEL}', COALESCE(OLD.tenant::text, '*'));
        END IF;
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql""",
        f"""
CREATE OR REPLACE FUNCTION automahntion_tenant_row_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('{CHANNEL}', OLD.id::text);
    ELSE
        PERFORM pg_notify('{CHANNEL}', NEW.id::text);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql""",
        f"""
CREATE OR REPLACE FUNCTION automahntion_any_tenant_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', '*');
    RETURN NULL;
END $$ LANGUAGE plpgsql""",
    ]
    functions = {
        **dict.fromkeys(TENANT_TABLES, "automahntion_tenant_changed"),
        **dict.fromkeys(ANY_TENANT_TABLES, "automahntion_any_tenant_changed"),
        "tenant": "automahntion_tenant_row_changed",
    }
    for table, function in functions.items():
        statements.append(
            f'CREATE TRIGGER "{table}_notify_change" AFTER INSERT OR UPDATE OR DELETE ON '
            f'"{table}" FOR EACH ROW EXECUTE FUNCTION {function}()'
        )
    return statements


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def run(statements: list[str]) -> None:
        engine = engine_finder()
        if isinstance(engine, PostgresEngine):
            for statement in statements:
                await engine.run_ddl(statement)

    async def drop() -> None:
        await run(_drop())

    async def recreate() -> None:
        await run(_recreate())

    manager.add_raw(drop)
    manager.add_raw_backwards(recreate)
    return manager
