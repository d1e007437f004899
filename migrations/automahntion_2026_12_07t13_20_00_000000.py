"""The previous signing secret of a webhook endpoint, for the grace period after a rotation
(Standard Webhooks): `previous_secret_encrypted` is sealed as `secret_encrypted` is, and
deliveries are signed with it too until `previous_secret_expires_at`. Null for endpoints never
rotated."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text, Timestamptz
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T13:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "webhook_endpoint_previous_secret"


def _nullable() -> dict[str, object]:
    return {
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


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    manager.add_column(
        table_class_name="WebhookEndpoint",
        tablename="webhook_endpoint",
        column_name="previous_secret_encrypted",
        db_column_name="previous_secret_encrypted",
        column_class_name="Text",
        column_class=Text,
        params=_nullable(),
        schema=None,
    )

    manager.add_column(
        table_class_name="WebhookEndpoint",
        tablename="webhook_endpoint",
        column_name="previous_secret_expires_at",
        db_column_name="previous_secret_expires_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params=_nullable(),
        schema=None,
    )

    return manager
