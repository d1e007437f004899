"""A version per tenant of what the invoice list shows (`list_version`): the `ETag` of
`GET /v1/invoices`, asked on every conditional request.

Any write to a table the list reads bumps it in the writing transaction. On PostgreSQL the
triggers are deferred to the commit and bump once per transaction: the version's row is locked
last, just before the commit, so it adds no lock order that could deadlock. SQLite runs one
writer at a time and bumps on every row.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-12-06T16:00:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "list_versions"

LIST_TABLES = (
    "contact",
    "dunning_document",
    "invoice",
    "letter",
    "level_setting",
    "sent_message",
    "template_version",
)
"""The tables of a tenant (column `tenant`) that what the list shows is read from; and
`tenant` itself (column `id`)."""

_BUMP_POSTGRES = """
INSERT INTO list_version AS v (tenant, version, bumped_by) VALUES ({tenant}, 1, txid_current())
ON CONFLICT (tenant) DO UPDATE SET version = v.version + 1, bumped_by = txid_current()
WHERE v.bumped_by IS DISTINCT FROM txid_current()"""


def _postgres_function(name: str, column: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        {_BUMP_POSTGRES.format(tenant=f"OLD.{column}")};
    ELSE
        {_BUMP_POSTGRES.format(tenant=f"NEW.{column}")};
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql"""


def _postgres() -> list[str]:
    statements = [
        "CREATE TABLE IF NOT EXISTS list_version "
        "(tenant UUID PRIMARY KEY, version BIGINT NOT NULL, bumped_by BIGINT)",
        _postgres_function("automahntion_list_changed", "tenant"),
        _postgres_function("automahntion_tenant_list_changed", "id"),
    ]
    triggers = {
        **dict.fromkeys(LIST_TABLES, "automahntion_list_changed"),
        "tenant": "automahntion_tenant_list_changed",
    }
    for table, function in triggers.items():
        statements += [
            f'DROP TRIGGER IF EXISTS "{table}_list_version" ON "{table}"',
            f'CREATE CONSTRAINT TRIGGER "{table}_list_version" '
            f'AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {function}()",
        ]
    return statements


def _sqlite() -> list[str]:
    statements = [
        "CREATE TABLE IF NOT EXISTS list_version "
        "(tenant UUID PRIMARY KEY, version INTEGER NOT NULL)"
    ]
    tables = {**dict.fromkeys(LIST_TABLES, "tenant"), "tenant": "id"}
    for table, column in tables.items():
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            statements.append(
                f'CREATE TRIGGER IF NOT EXISTS "{table}_list_version_{event.lower()}" '
                f'AFTER {event} ON "{table}" BEGIN '
                f"INSERT INTO list_version (tenant, version) VALUES ({row}.{column}, 1) "
                "ON CONFLICT (tenant) DO UPDATE SET version = version + 1; END"
            )
    return statements


def _drop(postgres: bool) -> list[str]:
    tables = (*LIST_TABLES, "tenant")
    if postgres:
        statements = [f'DROP TRIGGER IF EXISTS "{t}_list_version" ON "{t}"' for t in tables]
        statements += [
            "DROP FUNCTION IF EXISTS automahntion_list_changed()",
            "DROP FUNCTION IF EXISTS automahntion_tenant_list_changed()",
        ]
    else:
        statements = [
            f'DROP TRIGGER IF EXISTS "{t}_list_version_{event}"'
            for t in tables
            for event in ("insert", "update", "delete")
        ]
    return [*statements, "DROP TABLE IF EXISTS list_version"]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def create() -> None:
        engine = engine_finder()
        postgres = isinstance(engine, PostgresEngine)
        for statement in _postgres() if postgres else _sqlite():
            await engine.run_ddl(statement)

    async def drop() -> None:
        engine = engine_finder()
        for statement in _drop(isinstance(engine, PostgresEngine)):
            await engine.run_ddl(statement)

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
