from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T16:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "payment_days_and_addressee"

_NULLABLE = {
    "default": None,
    "null": True,
    "primary_key": False,
    "unique": False,
    "index": False,
    "index_method": IndexMethod.btree,
    "choices": None,
    "db_column_name": None,
    "secret": False,
}

async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="automahntion", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="LevelSetting",
        tablename="level_setting",
        column_name="payment_days",
        db_column_name="payment_days",
        column_class_name="Integer",
        column_class=Integer,
        params={**_NULLABLE, "default": 7, "null": False},
        schema=None,
    )

    manager.add_column(
        table_class_name="Contact",
        tablename="contact",
        column_name="title",
        db_column_name="title",
        column_class_name="Varchar",
        column_class=Varchar,
        params={**_NULLABLE, "length": 2},
        schema=None,
    )

    manager.add_column(
        table_class_name="Contact",
        tablename="contact",
        column_name="last_name",
        db_column_name="last_name",
        column_class_name="Varchar",
        column_class=Varchar,
        params={**_NULLABLE, "length": 300},
        schema=None,
    )

    return manager
