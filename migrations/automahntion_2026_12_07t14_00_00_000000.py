"""`block_told_at` of an invoice: when `invoice.needs_attention` told of the block it holds (null:
not yet). A block is told once the owner must hear of it, which for an invoice blocked before it
fell due is when it falls due; before, only a change of the stored block told, so such an
invoice was never told of. Filled for the blocks stored now (`2026-12-07T14:00:30`)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T14:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "invoice_block_told_at"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Invoice",
        tablename="invoice",
        column_name="block_told_at",
        db_column_name="block_told_at",
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
