"""Rule 5: thank-yous past the month's quota wait and go out *first-paid first*. Payments that
one sync sees together (the first sync after a weekend, after an outage) are ordered by when
lexoffice recorded them — the invoice's change marker (`updatedDate`) that moved with the
payment — not by our own invoice ids."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from uuid import UUID

from automahntion.app.lexoffice.sync import store_vouchers
from automahntion.bootstrap.database import Database
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.quota import Plan
from automahntion.domain.thanks import in_sending_order, select_for_sending
from tests.integration.helpers import NOW, contact, invoice, new_tenant


async def _shop(database: Database, *numbers: str) -> tuple[UUID, dict[str, str]]:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.account.save_settings(replace(tenant.settings, thank_you_enabled=True))
        await store.thank_yous.set_loyalty_plan(Plan.STARTER)
        await store.contacts.upsert([contact("c-1", "buchhaltung@cafe.example")])
        await store.invoices.upsert([invoice(n, due_ago=-20) for n in numbers], NOW)
        ids = {s.invoice.voucher_number: str(s.id) for s in await store.invoices.all()}
    return tenant.id, ids


def _paid(number: str, minutes_before_sync: int) -> Invoice:
    return invoice(
        number,
        due_ago=-20,
        status=InvoiceStatus.PAID,
        open_cents=0,
        changed_at=NOW - timedelta(minutes=minutes_before_sync),
    )


async def _sync(database: Database, tenant_id: UUID, *invoices: Invoice) -> None:
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        await store_vouchers(store, await store.account.get(), list(invoices), NOW)


async def test_payments_seen_by_one_sync_are_thanked_first_paid_first(database: Database) -> None:
    tenant_id, ids = await _shop(database, "RE-A", "RE-B", "RE-C")
    # Whatever order our ids happen to sort in, the invoice with the greatest id is paid first
    # and the one with the smallest id last: sorting by id alone would get it backwards.
    by_id = sorted(ids, key=ids.__getitem__)
    first, middle, last = by_id[-1], by_id[1], by_id[0]
    await _sync(database, tenant_id, _paid(last, 5), _paid(first, 300), _paid(middle, 60))
    async with database.unit_of_work() as uow:
        queue = await uow.tenant(tenant_id).thank_yous.due()
    assert [d.invoice_id for d in in_sending_order(queue)] == [ids[first], ids[middle], ids[last]]
    # One slot left in the month: the first paid gets it, the others wait for the next month.
    assert [d.invoice_id for d in select_for_sending(queue, quota=30, sent_this_month=29)] == [
        ids[first]
    ]
    assert all(d.paid_at <= NOW for d in queue)


async def test_a_payment_marker_after_the_syncs_clock_counts_as_paid_at_the_sync(
    database: Database,
) -> None:
    """A sync run with `--as-of` in the past sees markers later than its clock: the payment
    is taken as seen at the sync, never in the future."""
    tenant_id, _ = await _shop(database, "RE-A")
    await _sync(database, tenant_id, _paid("RE-A", -120))
    async with database.unit_of_work() as uow:
        [due] = await uow.tenant(tenant_id).thank_yous.due()
    assert due.paid_at == NOW


async def test_an_invoice_listed_without_a_new_marker_counts_as_paid_at_the_sync(
    database: Database,
) -> None:
    """The marker kept from before the payment is not the payment's: such a payment is taken
    as seen at the sync, and does not jump the queue."""
    tenant_id, _ = await _shop(database, "RE-A")
    opened = replace(invoice("RE-A", due_ago=-20), changed_at=NOW - timedelta(days=30))
    await _sync(database, tenant_id, opened)
    await _sync(database, tenant_id, replace(_paid("RE-A", 0), changed_at=None))
    async with database.unit_of_work() as uow:
        [due] = await uow.tenant(tenant_id).thank_yous.due()
    assert due.paid_at == NOW
