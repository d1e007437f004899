"""`carried_flat_fee` of the messages stored before it existed, from what each was rendered from
(`rendered_from`, version 1): true when its invoice's fee lines hold the flat fee (`flat_fee`) —
the message's own lines, or in a message for several invoices the line of its invoice's voucher
number — else false. Left null (not known) where no facts were recorded, their version is
another, or a message for several invoices names no line with the invoice's voucher number: the
day's plan then counts the flat fee as claimed if that message went once default had begun, as
it did before, so that it is never charged twice. Read here with the standard library, as the
record was written then, not with today's classes."""

import json

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.querystring import QueryString

ID = "2026-12-07T10:40:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "sent_message_carried_flat_fee_fill"

FLAT_FEE = "flat_fee"
BATCH = 500


def carried(rendered_from: str, voucher_number: str | None) -> bool | None:
    """Whether the recorded message claimed the flat fee for the invoice; None: not known."""
    try:
        recorded = json.loads(rendered_from)
    except ValueError:
        return None
    if not isinstance(recorded, dict) or recorded.get("version") != 1:
        return None
    facts = recorded.get("facts")
    if not isinstance(facts, dict):
        return None
    items = facts.get("items") or []
    if items:
        mine = [
            i for i in items if isinstance(i, dict) and i.get("voucher_number") == voucher_number
        ]
        if len(mine) != 1:
            return None
        fees = mine[0].get("fees")
    else:
        fees = facts.get("fees")
    if not isinstance(fees, list):
        return None
    return any(isinstance(fee, dict) and fee.get("kind") == FLAT_FEE for fee in fees)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="automahntion", description=DESCRIPTION)

    async def fill() -> None:
        engine = engine_finder()
        rows = await engine.run_querystring(
            QueryString(
                'SELECT m."id", m."rendered_from", i."voucher_number" FROM "sent_message" m '
                'JOIN "invoice" i ON i."id" = m."invoice" WHERE m."rendered_from" IS NOT NULL'
            )
        )
        known: dict[bool, list[object]] = {True: [], False: []}
        for row in rows:
            found = carried(row["rendered_from"], row["voucher_number"])
            if found is not None:
                known[found].append(row["id"])
        for value, ids in known.items():
            for start in range(0, len(ids), BATCH):
                batch = ids[start : start + BATCH]
                marks = ", ".join("{}" for _ in batch)
                update = (
                    'UPDATE "sent_message" SET "carried_flat_fee" = {} '
                    f'WHERE "id" IN ({marks})'
                )
                await engine.run_querystring(QueryString(update, value, *batch))

    manager.add_raw(fill)
    return manager
