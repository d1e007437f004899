"""Only schemas whose fields may hold a datetime convert them to UTC after each build (every
timestamp the API answers is UTC with `Z`); the others, most of those a page of the overview
builds by the hundred, are built without a call into Python."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

import automahntion.api.app  # noqa: F401 - imports every module of the API and its schemas
from automahntion.api.invoice_schemas import CustomerOut, InvoiceOut, LevelSentOut
from automahntion.api.schemas import Schema, _moment_fields, _moments_in_utc


def _schemas(base: type[Schema] = Schema) -> list[type[Schema]]:
    found = []
    for schema in base.__subclasses__():
        found += [schema, *_schemas(schema)]
    return found


def _converts(schema: type[msgspec.Struct]) -> bool:
    return getattr(schema, "__post_init__", None) is _moments_in_utc


def test_every_schema_that_may_hold_a_datetime_converts_it() -> None:
    schemas = _schemas()
    assert len(schemas) > 50
    lacking = [s.__name__ for s in schemas if _moment_fields(s) and not _converts(s)]
    assert lacking == []


def test_a_page_of_the_overview_converts_only_its_levels_sent() -> None:
    assert _converts(LevelSentOut)
    assert not _converts(InvoiceOut)
    assert not _converts(CustomerOut)


def test_a_field_of_any_type_or_named_before_it_is_defined_converts() -> None:
    class Anything(Schema):
        value: Any

    class Later(Schema):
        at: NotYetDefined  # type: ignore[name-defined]  # noqa: F821

    class Plain(Schema):
        at: datetime | None = None
        count: int = 0

    assert _converts(Anything)
    assert _converts(Later)
    assert _converts(Plain)
