"""On PostgreSQL, a claim reads whether its tenant is activated and activating or deactivating
writes it; a transaction-scoped advisory lock per tenant keeps the two apart. Claims share it,
a change of the activation takes it alone, so a claim never commits on an activation already
withdrawn, and a deactivation waits for the claims in progress. The last look right before a
message's hand-over shares it too, and every pause (of the tenant, a contact or an invoice)
takes it alone first (`MessageRepository.stopping`): a stop either commits before the look
reads, or waits for the look and then reads the messages it let go (`going_out_at`).

A row lock on the tenant instead (`FOR SHARE`) made every other write of the tenant's row wait
for the claims too, and deadlocked with the sync: its last transaction held the invoices it
stored and then wrote the tenant's sync bookkeeping, while a claim holding the tenant's row
touched its invoice at commit (`test_claim_activation`). Where this lock stands among a
tenant's other locks: `invoice_locks`."""

from __future__ import annotations

from uuid import UUID

from automahntion.adapters.db.repositories.reads import transaction_connection
from automahntion.adapters.db.tables import Tenant as TenantRow

_NAMESPACE = 0x6D61686E
"""The first key of these advisory locks ("mahn"); the second is the tenant's id hashed."""
_SHARED = f"SELECT pg_advisory_xact_lock_shared({_NAMESPACE}, hashtext($1::uuid::text))"
_ALONE = f"SELECT pg_advisory_xact_lock({_NAMESPACE}, hashtext($1::uuid::text))"


async def claiming(tenant_id: UUID) -> None:
    """Taken before the activation is read, in a statement of its own: the read's snapshot is
    then taken after any change of the activation the lock waited for."""
    await transaction_connection(TenantRow).execute(_SHARED, tenant_id)


async def changing_activation(tenant_id: UUID) -> None:
    await transaction_connection(TenantRow).execute(_ALONE, tenant_id)
