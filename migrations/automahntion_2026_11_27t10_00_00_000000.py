"""A notification on channel `automahntion_changes` whenever a tenant's data changes.

Row triggers on every table that belongs to a tenant send the tenant's id (PostgreSQL folds
repeated payloads of one transaction into one and delivers them at commit); changes that may
concern any tenant (OAuth clients, admin tokens) send `*`. API processes listen and drop what
they cached of that tenant (the API response cache). PostgreSQL only: SQLite has no
LISTEN/NOTIFY, and the embedded default caches nothing.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-27T10:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "change_notifications"

CHANNEL = "automahntion_changes"
TENANT_TABLES = (
    "api_key",
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
)


def _trigger(table: str, function: str) -> list[str]:
    name = f"{table}_notify_change"
    return [
        f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"',
        f'CREATE TRIGGER "{name}" AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
    ]


def _create() -> list[str]:
    statements = list(FUNCTIONS)
    for table in TENANT_TABLES:
        statements += _trigger(table, "automahntion_tenant_changed")
    for table in ANY_TENANT_TABLES:
        statements += _trigger(table, "automahntion_any_tenant_changed")
    statements += _trigger("tenant", "automahntion_tenant_row_changed")
    return statements


def _drop() -> list[str]:
    tables = (*TENANT_TABLES, *ANY_TENANT_TABLES, "tenant")
    statements = [f'DROP TRIGGER IF EXISTS "{t}_notify_change" ON "{t}"' for t in tables]
    statements += [
        f"DROP FUNCTION IF EXISTS {f}()"
        for f in (
            "automahntion_tenant_changed",
            "automahntion_tenant_row_changed",
            "automahntion_any_tenant_changed",
        )
    ]
    return statements


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def run(statements: list[str]) -> None:
        engine = engine_finder()
        if not isinstance(engine, PostgresEngine):
            return
        for statement in statements:
            await engine.run_ddl(statement)

    async def create() -> None:
        await run(_create())

    async def drop() -> None:
        await run(_drop())

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
