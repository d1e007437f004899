"""Claims and outcomes of messages on PostgreSQL: plain statements in the caller's transaction.

Piccolo's query building cost more than the database's work, once per message sent; so here a
claim is the activation lock, whether it may be taken (with the invoice's claim lock, which
makes two claims of one invoice take turns), and an insert that reads the invoice's messages so
far — only when one of them refuses the claim or is taken over by it are they read apart, and
a failed or held record retaken in a savepoint; an outcome is one statement, and so is the last
look of a single message after its lock.
All are sent to asyncpg as they are.

Whether a claim may be taken is read under the tenant's activation lock, shared
(`activation_lock`): a deactivation waits until the claim's transaction ends, and a claim waits
for a deactivation in progress and then reads its outcome — never an activation that is already
being withdrawn. The same read gives the tenant's, the contact's and the invoice's pauses
(Mahnstopp) as committed then (a pause takes the same lock alone, `stopping`); a pause set later
finds the claim taken, and the last look right before the hand-over (`going_out_unless_stopped`,
under the same lock) takes it back. A conflicting insert does nothing instead of failing, so that a
transaction taking several claims (one message for several invoices) goes on after one lost to
another process (a level, or the day, taken by it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any
from uuid import UUID, uuid4

from automahntion.adapters.db.errors import unique_violations
from automahntion.adapters.db.repositories import activation_lock, invoice_locks
from automahntion.adapters.db.repositories.messages import (
    COUNTS_AS_SENT,
    RETAKEABLE_STATES,
    LookedAt,
    PiccoloMessageRepository,
    judged,
    message_of,
    refuse_if_paused,
)
from automahntion.adapters.db.repositories.reads import Row, transaction_connection
from automahntion.adapters.db.repositories.rendered_from import encoded
from automahntion.adapters.db.repositories.rows import pause_of
from automahntion.adapters.db.tables import Contact as ContactRow
from automahntion.adapters.db.tables import Invoice as InvoiceRow
from automahntion.adapters.db.tables import SentMessage as MessageRow
from automahntion.adapters.db.tables import Tenant as TenantRow
from automahntion.app.errors import (
    LevelAlreadyClaimed,
    NotFound,
    PaidMeanwhile,
    PausedMeanwhile,
    TenantNotActivated,
)
from automahntion.app.messages.records import Claim, MessageState, SentMessage
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.levels import Level

_TABLE = MessageRow._meta.tablename
_TENANTS = TenantRow._meta.tablename
_INVOICES = InvoiceRow._meta.tablename
_CONTACTS = ContactRow._meta.tablename
_CLAIM_COLUMNS = (
    "channel",
    "message_id",
    "sent_on",
    "claimed_at",
    "template_version",
    "rendered_from",
    "carried_flat_fee",
)
_RETAKE = (
    f'UPDATE "{_TABLE}" SET state = $4, attempts = attempts + 1, failure_reason = $7, '
    "finished_at = $8, "
    + ", ".join(f'"{c}" = ${n}' for n, c in enumerate(_CLAIM_COLUMNS, 9))
    + ", going_out_at = NULL"
    + " WHERE tenant = $1 AND invoice = $2 AND level = $3 AND state IN ($5, $6) RETURNING *"
)
_INSERT = (
    f'INSERT INTO "{_TABLE}" (tenant, invoice, level, state, attempts, id, failure_reason, '
    "finished_at, "
    + ", ".join(f'"{c}"' for c in _CLAIM_COLUMNS)
    + ") VALUES ("
    + ", ".join(f"${n}" for n in range(1, 9 + len(_CLAIM_COLUMNS)))
    + ") ON CONFLICT DO NOTHING RETURNING *"
)
"""Without a conflict target, so that a message on a day that holds another of the invoice
(`ux_sent_message_invoice_day`, a partial index) is refused as quietly as a level claimed
elsewhere."""
_MAY_CLAIM = (
    "SELECT pg_advisory_xact_lock($3::bigint) AS claiming, "
    "t.activated_at IS NOT NULL AS activated, i.id IS NOT NULL AS owned, "
    "t.pause_reason AS tenant_reason, t.pause_until AS tenant_until, "
    "c.pause_reason AS contact_reason, c.pause_until AS contact_until, "
    "i.pause_reason AS invoice_reason, i.pause_until AS invoice_until "
    f'FROM "{_TENANTS}" t LEFT JOIN "{_INVOICES}" i ON i.tenant = t.id AND i.id = $2 '
    f'LEFT JOIN "{_CONTACTS}" c ON c.tenant = t.id AND c.lexoffice_id = i.contact_lexoffice_id '
    "WHERE t.id = $1"
)
"""Whether the claim may be taken, in one statement; the pauses are judged in Python
(`refuse_if_paused`). It locks no row, and takes the invoice's claim lock (`invoice_locks`)
after its snapshot: the read of the invoice's messages in the next statement (`_FIRST_CLAIM`,
or `_LEVELS_OF`) sees every claim of the invoice committed while it waited."""
_LEVELS_OF = f'SELECT level, sent_on, state FROM "{_TABLE}" WHERE tenant = $1 AND invoice = $2'


def _looked_at(claims: str) -> str:
    """What the last look reads of each of `claims` (rows of messages: their tenant, invoice
    and day)."""
    return (
        "SELECT m.invoice, m.sent_on, t.activated_at IS NOT NULL AS activated, "
        "t.pause_reason AS tenant_reason, t.pause_until AS tenant_until, "
        "c.pause_reason AS contact_reason, c.pause_until AS contact_until, "
        "i.pause_reason AS invoice_reason, i.pause_until AS invoice_until, "
        "i.status, i.open_cents, i.handed_over_at IS NOT NULL AS handed_over "
        f'FROM {claims} m JOIN "{_TENANTS}" t ON t.id = m.tenant '
        f'JOIN "{_INVOICES}" i ON i.tenant = m.tenant AND i.id = m.invoice '
        f'LEFT JOIN "{_CONTACTS}" c ON c.tenant = m.tenant '
        "AND c.lexoffice_id = i.contact_lexoffice_id"
    )


_STOPPED = (
    _looked_at(f'"{_TABLE}"') + " WHERE m.tenant = $1 AND m.id = ANY($2::uuid[]) AND m.state = $3"
)
"""The last look's read in one statement, after the activation lock (shared): what the claim
reads, for the messages still `sending`."""
_GOING_OUT = f'UPDATE "{_TABLE}" SET going_out_at = $3 WHERE tenant = $1 AND id = $2 AND state = $4'
_ONE_GOING_OUT = f"WITH going AS ({_GOING_OUT} RETURNING tenant, invoice, sent_on) " + _looked_at(
    "going"
)
"""A single message's last look in one statement: marked going out if still `sending`, and
read as `_STOPPED` reads it (the same snapshot); a stop found takes it back (`withdraw`) in the
same transaction, which no one sees marked before."""
_COLUMNS = 8 + len(_CLAIM_COLUMNS)
"""The parameters of `_INSERT`; `_FIRST_CLAIM` takes five more."""
_FIRST_CLAIM = (
    f'INSERT INTO "{_TABLE}" (tenant, invoice, level, state, attempts, id, failure_reason, '
    "finished_at, "
    + ", ".join(f'"{c}"' for c in _CLAIM_COLUMNS)
    + ") SELECT "
    + ", ".join(f"${n}" for n in range(1, _COLUMNS + 1))
    + f' WHERE NOT EXISTS (SELECT FROM "{_TABLE}" WHERE tenant = $1 AND invoice = $2 AND ('
    f"(state = ANY(${_COLUMNS + 1}::text[]) AND (sent_on = ${_COLUMNS + 2}::date "
    f"OR level = ANY(${_COLUMNS + 3}::text[]))) "
    f"OR (level = ${_COLUMNS + 4}::text AND state = ANY(${_COLUMNS + 5}::text[])))) "
    "ON CONFLICT DO NOTHING RETURNING *"
)
"""The insert of a claim when none of the invoice's messages refuses it or is taken over by it
(`_follows_what_counts`), decided in the same statement: read after the invoice's claim lock,
as `_LEVELS_OF` would be. Nothing inserted, the claim is decided as before, by that read."""


def _claim_values(claim: Claim) -> tuple[Any, ...]:
    """The values of `_CLAIM_COLUMNS`."""
    return (
        claim.channel.value,
        claim.message_id,
        claim.day,
        claim.claimed_at,
        claim.template_version_id,
        encoded(claim.rendered_from),
        claim.carried_flat_fee,
    )


@cache
def _finish_sql(columns: tuple[str, ...]) -> str:
    assignments = ", ".join(f'"{c}" = ${n}' for n, c in enumerate(columns, 4))
    return (
        f'UPDATE "{_TABLE}" SET {assignments} '
        "WHERE tenant = $1 AND id = $2 AND state = $3 RETURNING *"
    )


class PostgresMessageRepository(PiccoloMessageRepository):
    async def _may_claim(self, invoice_id: UUID, day: date) -> None:
        await activation_lock.claiming(self._tenant)
        found = await transaction_connection(MessageRow).fetchrow(
            _MAY_CLAIM, self._tenant, invoice_id, invoice_locks.claim_key(invoice_id)
        )
        if found is None or not found["owned"]:
            raise NotFound("invoice", invoice_id)
        if not found["activated"]:
            raise TenantNotActivated(self._tenant)
        refuse_if_paused(
            invoice_id,
            day,
            tenant=pause_of(found["tenant_reason"], found["tenant_until"]),
            contact=pause_of(found["contact_reason"], found["contact_until"]),
            invoice=pause_of(found["invoice_reason"], found["invoice_until"]),
        )

    async def stopping(self) -> None:
        """The tenant's activation lock, alone (`activation_lock`): the last looks and claims in
        progress commit first, and later ones wait for this transaction and read what it wrote."""
        await activation_lock.changing_activation(self._tenant)

    async def going_out_unless_stopped(
        self, message_ids: Sequence[UUID], stated: Mapping[UUID, int], *, at: datetime
    ) -> PausedMeanwhile | TenantNotActivated | PaidMeanwhile | None:
        """Read under the activation lock, shared, taken in a statement of its own before the
        read: a pause or a deactivation in progress (`stopping`) commits first and is read; one
        that starts later waits until this transaction ends and then finds the messages it let
        go marked `going_out_at`. A single message is marked and read in one statement
        (`_ONE_GOING_OUT`); several are read first and then marked one by one, in the order
        given (the invoices')."""
        await activation_lock.claiming(self._tenant)
        connection = transaction_connection(MessageRow)
        sending = MessageState.SENDING.value
        if len(message_ids) == 1:
            rows = await connection.fetch(_ONE_GOING_OUT, self._tenant, message_ids[0], at, sending)
            return self._judged(rows, stated)
        rows = await connection.fetch(_STOPPED, self._tenant, list(message_ids), sending)
        stop = self._judged(rows, stated)
        if stop is None:
            for message_id in message_ids:
                await connection.execute(_GOING_OUT, self._tenant, message_id, at, sending)
        return stop

    def _judged(
        self, rows: Sequence[Row], stated: Mapping[UUID, int]
    ) -> PausedMeanwhile | TenantNotActivated | PaidMeanwhile | None:
        if not rows:
            return None
        if not rows[0]["activated"]:
            return TenantNotActivated(self._tenant)
        return judged(
            (
                LookedAt(
                    row["invoice"],
                    row["sent_on"],
                    pause_of(row["tenant_reason"], row["tenant_until"]),
                    pause_of(row["contact_reason"], row["contact_until"]),
                    pause_of(row["invoice_reason"], row["invoice_until"]),
                    InvoiceStatus(row["status"]),
                    row["open_cents"],
                    row["handed_over"],
                )
                for row in rows
            ),
            stated,
        )

    async def claim(self, claim: Claim) -> SentMessage:
        """One statement fewer when the claim follows what the invoice's messages hold and
        takes over none (`_FIRST_CLAIM`), as most claims do."""
        await self._may_claim(claim.invoice_id, claim.day)
        first = await transaction_connection(MessageRow).fetchrow(
            _FIRST_CLAIM,
            self._tenant,
            claim.invoice_id,
            claim.level.value,
            MessageState.SENDING.value,
            1,
            uuid4(),
            None,
            None,
            *_claim_values(claim),
            COUNTS_AS_SENT,
            claim.day,
            [level.value for level in Level if level >= claim.level],
            claim.level.value,
            RETAKEABLE_STATES,
        )
        if first is not None:
            return message_of(first)
        retakes = await self._follows_what_counts(claim)
        return await self._write_claim(claim, MessageState.SENDING, None, None, retakes=retakes)

    async def _levels_of(self, invoice_id: UUID) -> Sequence[Row]:
        connection = transaction_connection(MessageRow)
        return list(await connection.fetch(_LEVELS_OF, self._tenant, invoice_id))

    async def _write_claim(
        self,
        claim: Claim,
        state: MessageState,
        reason: str | None,
        finished: datetime | None,
        *,
        retakes: bool = True,
    ) -> SentMessage:
        """A retake of a record read as failed or held runs in a savepoint: an UPDATE has no
        ON CONFLICT, and the retake's day may have been taken by a transaction that committed
        after this one read it (`ux_sent_message_invoice_day`); the refusal then leaves the
        caller's transaction going on, as an insert's does. No such record read, none is
        retaken (one statement less)."""
        connection = transaction_connection(MessageRow)
        key = (self._tenant, claim.invoice_id, claim.level.value, state.value)
        values = _claim_values(claim)
        if retakes:
            with unique_violations(self.claimed_elsewhere(claim)):
                async with connection.transaction():  # a savepoint
                    retaken = await connection.fetchrow(
                        _RETAKE, *key, *RETAKEABLE_STATES, reason, finished, *values
                    )
            if retaken is not None:
                return message_of(retaken)
        inserted = await connection.fetchrow(_INSERT, *key, 1, uuid4(), reason, finished, *values)
        if inserted is None:
            raise LevelAlreadyClaimed(claim.invoice_id, claim.level)
        return message_of(inserted)

    async def _finish(self, message_id: UUID, values: dict[Any, Any]) -> SentMessage:
        sql = _finish_sql(tuple(column._meta.db_column_name for column in values))
        changed = await transaction_connection(MessageRow).fetchrow(
            sql, self._tenant, message_id, MessageState.SENDING.value, *values.values()
        )
        if changed is None:
            raise NotFound("message in state sending", message_id)
        return message_of(changed)
