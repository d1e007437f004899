"""On PostgreSQL, every transaction that changes several invoices of a tenant locks them in the
order of their ids, so that any two such transactions lock the invoices they share in the same
order and one waits for the other instead of both waiting for each other (a deadlock, which
PostgreSQL ends by aborting one: a claim, a sync or a settings change failed).

An invoice is locked where it is written (the sync's upsert, the admission) and where one of
its messages, letters or documents is written (the trigger stamping its `updated_at`). All of
them take `FOR NO KEY UPDATE` (none changes a key: `id`, `tenant`, `lexoffice_id`), so the lock
taken here first is the one they need; rows inserted for an invoice take `FOR KEY SHARE` through
their foreign key, which it does not block. A message for several invoices writes them one by
one in that order (`MessageRepository`), each message row before its invoice, as a single
message does; locking its invoices first instead would put them before the message rows, and a
claim or a review of one of those messages at the same time (its row, then its invoice) would
wait for it in a circle.

A claim of an invoice's level first takes the invoice's claim lock (`claim_key`), an advisory
lock held alone until the commit, and only then reads the invoice's messages so far: two claims
of one invoice take turns, and the later one reads what the earlier took (domain rule 3: levels
strictly increase, one message a day). Only claims take it: each claim of a message for several
invoices takes it for its invoice right before that invoice's message row, so in the order of
their ids too. A sync, an admission, a pause or a review never waits for it, and a claim waiting
for it holds, besides the activation lock, the claim locks and rows of invoices of lower ids
only. The invoice's row (`FOR NO KEY UPDATE`) taken before the read instead would put it before
the message row a claim retakes, and a review of that message (its row, then its invoice) would
wait for the claim in a circle.

The other rows and locks of a tenant come before its invoices, in this order: the activation
lock (`activation_lock`: claims, an activation change), the tenant's row (the sync's
bookkeeping, a settings or plan change, an activation change), its contacts, the advisory lock
of `all_of`. The lock of the tenant's event cursors (`events`) comes after all of them and its
invoices, right before the commit; the list version is taken last, at the commit. A single
invoice needs no order: its write locks it. SQLite runs one writer at a time.
"""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from automahntion.adapters.db.repositories.reads import transaction_connection
from automahntion.adapters.db.tables import Invoice as InvoiceRow

_NAMESPACE = 0x696E7673
"""The first key of the advisory lock of a tenant's invoice creation ("invs"); the second is
the tenant's id hashed."""
_CREATING = f"SELECT pg_advisory_xact_lock({_NAMESPACE}, hashtext($1::uuid::text))"
_INVOICES = InvoiceRow._meta.tablename
_KEY_BITS = (1 << 64) - 1
_LOCK = f'SELECT 1 FROM "{_INVOICES}" WHERE tenant = $1 AND {{}} ORDER BY id FOR NO KEY UPDATE'
"""ORDER BY is applied before the rows are locked: they are locked in that order."""
_BY_LEXOFFICE_ID = _LOCK.format("lexoffice_id = ANY($2::text[])")
_ALL = _LOCK.format("TRUE")


def claim_key(invoice_id: UUID) -> int:
    """The key of the invoice's claim lock, in the one-key (bigint) space of advisory locks that
    no other lock uses: the id's two halves folded, as a signed 64-bit number. Two invoices
    sharing a key would make their claims wait for each other needlessly, and two messages for
    several invoices could then wait for each other in a circle: 64 bits make that unlikely."""
    folded = (invoice_id.int ^ (invoice_id.int >> 64)) & _KEY_BITS
    return folded - (1 << 64) if folded >> 63 else folded


async def _locked(sql: str, *args: object) -> None:
    await transaction_connection(InvoiceRow).execute(sql, *args)


async def by_lexoffice_id(tenant_id: UUID, lexoffice_ids: Collection[str]) -> None:
    if len(set(lexoffice_ids)) > 1:
        await _locked(_BY_LEXOFFICE_ID, tenant_id, list(lexoffice_ids))


async def all_of(tenant_id: UUID) -> None:
    """Every invoice of the tenant: for a transaction that stores invoices and then recomputes
    the admission, which may change any of them (known only after the invoices are stored, too
    late to lock them in order). Only such transactions create invoices; they take turns, by an
    advisory lock taken in a statement of its own, so that the rows locked here (those of the
    statement's snapshot) include the invoices the one before created."""
    await transaction_connection(InvoiceRow).execute(_CREATING, tenant_id)
    await _locked(_ALL, tenant_id)
