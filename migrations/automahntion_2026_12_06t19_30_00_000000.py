from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T19:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "invoice_contact_updated_at"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="automahntion", description=DESCRIPTION
    )

    for class_name, table in (("Invoice", "invoice"), ("Contact", "contact")):
        manager.add_column(
            table_class_name=class_name,
            tablename=table,
            column_name="updated_at",
            db_column_name="updated_at",
            column_class_name="Timestamptz",
            column_class=Timestamptz,
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
