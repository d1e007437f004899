"""`lexoffice_updated_at` of an invoice: lexoffice's `updatedDate` of it as the voucher list last
gave it. A sync that sees it moved on an invoice still paid turns its thank-you withdrawn as
`not_due` due again (the credit note may have been cancelled and the invoice paid with money
between two syncs). Null for the invoices stored before, until a sync lists them again."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T08:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "invoice_lexoffice_updated_at"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Invoice",
        tablename="invoice",
        column_name="lexoffice_updated_at",
        db_column_name="lexoffice_updated_at",
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
