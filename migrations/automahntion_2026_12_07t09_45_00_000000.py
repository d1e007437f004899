"""`going_out_at` of a message: set while it is `sending` by the last look right before its
hand-over to the transport or postal provider, in the transaction that found no pause and the
tenant still activated (under the lock every pause and deactivation takes). A pause committed
later answers that this message is already going out. Null for the messages stored before."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T09:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "sent_message_going_out_at"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    manager.add_column(
        table_class_name="SentMessage",
        tablename="sent_message",
        column_name="going_out_at",
        db_column_name="going_out_at",
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
