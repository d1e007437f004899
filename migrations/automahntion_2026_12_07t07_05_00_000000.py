"""When the payment provider created the event that last set a subscription's state, its
mandate's state and a charge's status: the provider delivers events in no particular order, and an
event older than the one that set the state is ignored, also within one billing period.

Rows from before have none (null): the next event sets it, as any event did before.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T07:05:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "payment_event_times"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Subscription",
        tablename="subscription",
        column_name="status_event_at",
        db_column_name="status_event_at",
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

    manager.add_column(
        table_class_name="Subscription",
        tablename="subscription",
        column_name="mandate_event_at",
        db_column_name="mandate_event_at",
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

    manager.add_column(
        table_class_name="BillingRecord",
        tablename="billing_record",
        column_name="provider_event_at",
        db_column_name="provider_event_at",
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
