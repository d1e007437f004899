"""Why lexoffice's record of an invoice or a contact cannot be used (domain rules 2)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T12:03:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unusable_records"

COLUMNS = (("Invoice", "invoice"), ("Contact", "contact"))


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)
    for class_name, table in COLUMNS:
        manager.add_column(
            table_class_name=class_name,
            tablename=table,
            column_name="unusable_detail",
            db_column_name="unusable_detail",
            column_class_name="Text",
            column_class=Text,
            params={
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
