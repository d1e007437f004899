"""`name_key` of a contact: its name case-folded by Python (`str.casefold`), written with the
name. `GET /v1/contacts` pages in its order (then the id) in SQL; the next migration fills it
for the contacts stored before, gives it the byte order on PostgreSQL and indexes it."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T07:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "contact_name_key"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Contact",
        tablename="contact",
        column_name="name_key",
        db_column_name="name_key",
        column_class_name="Text",
        column_class=Text,
        params={
            "default": "",
            "null": False,
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
