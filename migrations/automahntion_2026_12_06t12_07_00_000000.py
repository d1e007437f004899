from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T12:07:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "idempotency_per_credential"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="automahntion", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="IdempotencyKey",
        tablename="idempotency_key",
        column_name="credential",
        db_column_name="credential",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 64,
            "default": "",
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

    manager.rename_column(
        table_class_name="IdempotencyKey",
        tablename="idempotency_key",
        old_column_name="response_body",
        new_column_name="response_body_sealed",
        old_db_column_name="response_body",
        new_db_column_name="response_body_sealed",
        schema=None,
    )

    manager.rename_column(
        table_class_name="IdempotencyKey",
        tablename="idempotency_key",
        old_column_name="request_sha256",
        new_column_name="request_fingerprint",
        old_db_column_name="request_sha256",
        new_db_column_name="request_fingerprint",
        schema=None,
    )

    return manager
