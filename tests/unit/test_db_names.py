"""Pure parts of the database adapter: URLs and the naming of violated unique indexes."""

from __future__ import annotations

import sqlite3

import pytest

from automahntion.adapters.db.constraints import UNIQUE_INDEXES, violated_index
from automahntion.adapters.db.engine import UnsupportedDatabaseUrl, engine_from_url, sqlite_path
from automahntion.adapters.db.tables import TABLES


def test_sqlite_urls_in_both_spellings() -> None:
    assert sqlite_path("sqlite:///./automahntion.sqlite3") == "./automahntion.sqlite3"
    assert sqlite_path("sqlite:////var/lib/a.sqlite3") == "/var/lib/a.sqlite3"


@pytest.mark.parametrize("url", ["sqlite:///", "sqlite://x", "mysql://h/db", "automahntion.db"])
def test_unsupported_urls_are_refused(url: str) -> None:
    with pytest.raises(UnsupportedDatabaseUrl):
        engine_from_url(url)


def test_a_sqlite_url_gives_a_sqlite_engine_on_that_file() -> None:
    engine = engine_from_url("sqlite:///x.sqlite3")
    assert (engine.engine_type, engine.path) == ("sqlite", "x.sqlite3")


class _PgError(Exception):
    def __init__(self, constraint_name: str) -> None:
        self.constraint_name = constraint_name


def test_postgres_names_the_index_itself() -> None:
    assert violated_index(_PgError("ux_feedback_invoice")) == "ux_feedback_invoice"
    assert violated_index(_PgError("some_other_index")) is None


def test_sqlite_names_the_columns_and_they_are_looked_up() -> None:
    error = sqlite3.IntegrityError(
        "UNIQUE constraint failed: sent_message.tenant, sent_message.invoice, sent_message.level"
    )
    assert violated_index(error) == "ux_sent_message_invoice_level"
    same_day = sqlite3.IntegrityError(
        "UNIQUE constraint failed: sent_message.tenant, sent_message.invoice, sent_message.sent_on"
    )
    assert violated_index(same_day) == "ux_sent_message_invoice_day"
    assert violated_index(sqlite3.IntegrityError("FOREIGN KEY constraint failed")) is None


def test_every_unique_index_names_a_real_table_and_its_columns() -> None:
    columns = {
        table._meta.tablename: {c._meta.db_column_name for c in table._meta.columns}
        for table in TABLES
    }
    for index in UNIQUE_INDEXES:
        assert set(index.columns) <= columns[index.table], index.name
    assert len({i.name for i in UNIQUE_INDEXES}) == len(UNIQUE_INDEXES)
    assert len({(i.table, i.columns) for i in UNIQUE_INDEXES}) == len(UNIQUE_INDEXES)


def test_the_storage_guarantees_the_rules_rely_on_are_there() -> None:
    by_name = {i.name: (i.table, i.columns) for i in UNIQUE_INDEXES}
    assert by_name["ux_sent_message_invoice_level"] == (
        "sent_message",
        ("tenant", "invoice", "level"),
    )
    assert by_name["ux_sent_message_invoice_day"] == (
        "sent_message",
        ("tenant", "invoice", "sent_on"),
    )
    assert by_name["ux_feedback_invoice"] == ("feedback", ("invoice",))
    assert by_name["ux_invoice_lexoffice_id"] == ("invoice", ("tenant", "lexoffice_id"))
    assert by_name["ux_idempotency_credential_key"] == (
        "idempotency_key",
        ("tenant", "credential", "key"),
    )
