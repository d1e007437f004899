"""A collation `automahntion_fold` for the invoices' text search (PostgreSQL only): its `lower`
folds every script's letters, whatever the database's own locale. A database created with
locale C folds only A-Z in its own `lower`, so "müller" did not find "MÜLLER", while SQLite
(Python's `casefold`) found it.

ICU's root locale where this PostgreSQL has ICU, else a UTF-8 locale of the operating system's
(libc); a server with neither stops the migration with what it needs. Backwards drops it.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-12-07T01:33:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "text_search_fold_collation"

COLLATION = "automahntion_fold"

CREATE = f"""
DO $$
DECLARE
  utf8 text;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = '{COLLATION}'
             AND collnamespace = current_schema()::regnamespace) THEN
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') THEN
    CREATE COLLATION "{COLLATION}" (provider = icu, locale = 'und');
    RETURN;
  END IF;
  SELECT collctype INTO utf8 FROM pg_collation
   WHERE collprovider = 'c' AND collencoding IN (-1, pg_char_to_encoding('UTF8'))
     AND collctype ~* '[.]utf-?8$'
   ORDER BY collctype !~* '^c[.]', collctype LIMIT 1;
  IF utf8 IS NULL THEN
    RAISE EXCEPTION 'the text search needs a PostgreSQL with ICU or a UTF-8 locale';
  END IF;
  EXECUTE format('CREATE COLLATION "{COLLATION}" (provider = libc, locale = %L)', utf8);
END
$$
"""


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def create() -> None:
        engine = engine_finder()
        if isinstance(engine, PostgresEngine):
            await engine.run_ddl(CREATE)

    async def drop() -> None:
        engine = engine_finder()
        if isinstance(engine, PostgresEngine):
            await engine.run_ddl(f'DROP COLLATION IF EXISTS "{COLLATION}"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
