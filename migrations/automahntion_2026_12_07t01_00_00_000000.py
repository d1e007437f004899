"""Who registered a webhook endpoint, and whether it may receive `feedback.received`.

`registered_by` is the credential that registered (or last re-enabled) the endpoint, as the
tenant revokes it: `key:<API key id>` or `oauth:<token family>` (the authorization a widget's
tokens descend from). Revoking it disables the endpoint. `feedback` is whether that caller
held `feedback:read`; without it the endpoint never gets `feedback.received`.

Endpoints from before keep their behaviour: credential unknown (`registered_by` null, so no
revocation disables them) and feedback allowed (`feedback` true), as they were registered
when any `webhooks:write` caller received every event.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Boolean, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T01:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "webhook_endpoint_registered_by"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="automahntion", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="WebhookEndpoint",
        tablename="webhook_endpoint",
        column_name="registered_by",
        db_column_name="registered_by",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 100,
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

    manager.add_column(
        table_class_name="WebhookEndpoint",
        tablename="webhook_endpoint",
        column_name="feedback",
        db_column_name="feedback",
        column_class_name="Boolean",
        column_class=Boolean,
        params={
            "default": True,
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
