from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import UUID
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T12:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "oauth_token_family"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="automahntion", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="OAuthToken",
        tablename="oauth_token",
        column_name="family",
        db_column_name="family",
        column_class_name="UUID",
        column_class=UUID,
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
