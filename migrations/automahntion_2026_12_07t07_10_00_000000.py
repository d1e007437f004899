"""Which month's letter bill counted a letter (the bill's idempotency key): a letter the
provider refuses or cancels after its month was billed is credited to the tenant, once. The
next migration fills it in for the letters already billed."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T07:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "letter_billed_by"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Letter",
        tablename="letter",
        column_name="billed_by",
        db_column_name="billed_by",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 200,
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
