"""`carried_flat_fee` of a message: whether it claimed the 40 EUR flat fee of § 288 (5) BGB for
its invoice (rule 7: once per invoice). Read with the history, so that the flat fee is "claimed
before" only when an earlier message carried it — not merely because one was sent in default
while statutory extras were off. Null until filled from the recorded facts
(`2026-12-07T10:40:30`); left null where nothing was recorded (the day's plan then assumes
what it did before: claimed, if that message went once default had begun)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Boolean
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T10:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "sent_message_carried_flat_fee"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    manager.add_column(
        table_class_name="SentMessage",
        tablename="sent_message",
        column_name="carried_flat_fee",
        db_column_name="carried_flat_fee",
        column_class_name="Boolean",
        column_class=Boolean,
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
