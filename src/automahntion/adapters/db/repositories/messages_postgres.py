"""Claims and outcomes of messages on PostgreSQL: plain statements in the caller's transaction.

Piccolo's query building cost more than the database's work, once per message sent; so here a
claim is at most two statements and an outcome one, sent to asyncpg as they are.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any
from uuid import UUID, uuid4

from automahntion.adapters.db.errors import unique_violations
from automahntion.adapters.db.repositories.messages import (
    RETAKEABLE_STATES,
    PiccoloMessageRepository,
    message_of,
)
from automahntion.adapters.db.repositories.reads import transaction_connection
from automahntion.adapters.db.repositories.rendered_from import encoded
from automahntion.adapters.db.tables import SentMessage as MessageRow
from automahntion.app.errors import NotFound
from automahntion.app.messages.records import Claim, MessageState, SentMessage

_TABLE = MessageRow._meta.tablename
_CLAIM_COLUMNS = (
    "channel",
    "message_id",
    "sent_on",
    "claimed_at",
    "template_version",
    "rendered_from",
)
_RETAKE = (
    f'UPDATE "{_TABLE}" SET state = $4, attempts = attempts + 1, failure_reason = $7, '
    "finished_at = $8, "
    + ", ".join(f'"{c}" = ${n}' for n, c in enumerate(_CLAIM_COLUMNS, 9))
    + " WHERE tenant = $1 AND invoice = $2 AND level = $3 AND state IN ($5, $6) RETURNING *"
)
_INSERT = (
    f'INSERT INTO "{_TABLE}" (tenant, invoice, level, state, attempts, id, failure_reason, '
    "finished_at, "
    + ", ".join(f'"{c}"' for c in _CLAIM_COLUMNS)
    + ") VALUES ("
    + ", ".join(f"${n}" for n in range(1, 9 + len(_CLAIM_COLUMNS)))
    + ") RETURNING *"
)


@cache
def _finish_sql(columns: tuple[str, ...]) -> str:
    assignments = ", ".join(f'"{c}" = ${n}' for n, c in enumerate(columns, 4))
    return (
        f'UPDATE "{_TABLE}" SET {assignments} '
        "WHERE tenant = $1 AND id = $2 AND state = $3 RETURNING id"
    )


class PostgresMessageRepository(PiccoloMessageRepository):
    async def _write_claim(
        self, claim: Claim, state: MessageState, reason: str | None, finished: datetime | None
    ) -> SentMessage:
        connection = transaction_connection(MessageRow)
        key = (self._tenant, claim.invoice_id, claim.level.value, state.value)
        values = (
            claim.channel.value,
            claim.message_id,
            claim.day,
            claim.claimed_at,
            claim.template_version_id,
            encoded(claim.rendered_from),
        )
        retaken = await connection.fetchrow(
            _RETAKE, *key, *RETAKEABLE_STATES, reason, finished, *values
        )
        if retaken is not None:
            return message_of(retaken)
        with unique_violations(self.claimed_elsewhere(claim)):
            inserted = await connection.fetchrow(
                _INSERT, *key, 1, uuid4(), reason, finished, *values
            )
        return message_of(inserted)

    async def _finish(self, message_id: UUID, values: dict[Any, Any]) -> None:
        sql = _finish_sql(tuple(column._meta.db_column_name for column in values))
        changed = await transaction_connection(MessageRow).fetchval(
            sql, self._tenant, message_id, MessageState.SENDING.value, *values.values()
        )
        if not changed:
            raise NotFound("message in state sending", message_id)
