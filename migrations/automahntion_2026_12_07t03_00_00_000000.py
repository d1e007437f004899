"""Which API key approved a widget's grant (the consent page takes one): revoking that key ends
the grant, its unused code and every token descending from it.

Grants approved before this column existed have none (`approved_by` null): nobody knows which
key approved them, so no key revocation ends them; they end as before (the widget's client
revoked, the token revoked, a replay, the refresh token's 30 days).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import UUID
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T03:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "oauth_grant_approved_by"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    manager.add_column(
        table_class_name="OAuthGrant",
        tablename="oauth_grant",
        column_name="approved_by",
        db_column_name="approved_by",
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
