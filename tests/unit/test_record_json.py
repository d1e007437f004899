"""Each record the one-statement readers have PostgreSQL write (`record_json`) reads every column
of its table but those it leaves out on purpose, and gives every field of its record: a column
added to a table, or a field to a record, fails here until the shape reads it (a level's
`payment_days` once went missing from one reader's hand-written list: a 500 on PostgreSQL)."""

from __future__ import annotations

import dataclasses

import pytest
from piccolo.columns import Column

from automahntion.adapters.db.record_json import SHAPES, Field, Shape
from automahntion.adapters.db.repositories.contacts import _STORED_NAMES
from automahntion.adapters.db.repositories.invoices import STORED_COLUMNS
from automahntion.adapters.db.tables import Invoice as InvoiceRow


def _names(columns: tuple[Column, ...]) -> set[str]:
    return {c._meta.db_column_name for c in columns}


def _records(shape: Shape) -> list[Shape]:
    inner = [f.shape for f in shape.fields if f.shape is not None]
    return [shape, *(s for i in inner for s in _records(i))]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.record.__name__)
def test_a_shape_reads_every_column_of_its_table_but_those_it_leaves_out(shape: Shape) -> None:
    assert shape.table is not None
    table = _names(tuple(shape.table._meta.columns))
    read, unread = set(shape.columns), set(shape.unread)
    assert not read & unread
    assert read | unread == table, f"not read: {table - read - unread}, no column: {read - table}"


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.record.__name__)
def test_a_shape_gives_every_field_of_its_record_in_its_order(shape: Shape) -> None:
    for record in _records(shape):
        fields = [f.name for f in dataclasses.fields(record.record)]
        assert [f.name for f in record.fields] == fields, record.record.__name__


def test_a_column_added_to_a_table_but_not_read_fails() -> None:
    invoice = next(s for s in SHAPES if s.table is InvoiceRow)
    narrower = dataclasses.replace(invoice, unread=invoice.unread[:-1])
    with pytest.raises(AssertionError):
        test_a_shape_reads_every_column_of_its_table_but_those_it_leaves_out(narrower)
    lacking = dataclasses.replace(invoice, fields=invoice.fields[:-1])
    with pytest.raises(AssertionError):
        test_a_shape_gives_every_field_of_its_record_in_its_order(lacking)


def test_the_repositories_read_the_columns_the_shapes_read() -> None:
    by_record = {s.record.__name__: set(s.columns) for s in SHAPES}
    assert _names(STORED_COLUMNS) == by_record["StoredInvoice"]
    assert set(_STORED_NAMES) == by_record["StoredContact"]


def test_a_field_names_the_sql_of_its_columns() -> None:
    for shape in SHAPES:
        for record in _records(shape):
            for field in record.fields:
                assert isinstance(field, Field)
                if field.shape is None:
                    assert all(f"{{t}}.{c}" in field.sql for c in field.columns), field
