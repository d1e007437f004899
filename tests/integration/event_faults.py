"""A database that refuses one type of event: the transaction recording it fails as a whole,
so a test sees whether the change and its event are kept or lost together."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

REFUSED = "the test refuses this event"


def _create(postgres: bool, type: str) -> list[str]:
    if postgres:
        return [
            "CREATE OR REPLACE FUNCTION test_refuse_event() RETURNS trigger AS $$ BEGIN "
            f"IF NEW.type = '{type}' THEN RAISE EXCEPTION '{REFUSED}'; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql",
            'CREATE TRIGGER test_refuse_event BEFORE INSERT ON "tenant_event" '
            "FOR EACH ROW EXECUTE FUNCTION test_refuse_event()",
        ]
    return [
        'CREATE TRIGGER test_refuse_event BEFORE INSERT ON "tenant_event" '
        f"WHEN NEW.type = '{type}' BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END"
    ]


def _drop(postgres: bool) -> list[str]:
    if postgres:
        return [
            'DROP TRIGGER IF EXISTS test_refuse_event ON "tenant_event"',
            "DROP FUNCTION IF EXISTS test_refuse_event()",
        ]
    return ["DROP TRIGGER IF EXISTS test_refuse_event"]


@asynccontextmanager
async def events_refused(engine: Engine[Any], type: str) -> AsyncIterator[None]:
    postgres = isinstance(engine, PostgresEngine)
    for statement in _create(postgres, type):
        await engine.run_ddl(statement)
    try:
        yield
    finally:
        for statement in _drop(postgres):
            await engine.run_ddl(statement)
