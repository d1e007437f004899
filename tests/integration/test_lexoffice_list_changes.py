"""The sync while lexoffice's voucher list changes: between two syncs, between the requests of
one sync, and between the pages of one list. Whatever moved, every voucher is read once and
stored as lexoffice last showed it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

import httpx

from automahntion.app.invoices.records import AdmissionState, StoredInvoice
from automahntion.app.tenants.records import SyncState, Tenant
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.recipients import BlockReason
from tests.integration.lexoffice_env import Sandbox, Service


def _invoices(box: Sandbox, org: str, count: int, prefix: str = "RE") -> list[str]:
    contact = box.contact(org, "Café Morgenrot", business=["a@cafe.example"])
    vouchers = [
        {
            "voucherType": "invoice",
            "voucherNumber": f"{prefix}-{n:03d}",
            "voucherDate": "2026-10-01",
            "dueDate": "2026-11-01",
            "totalAmount": 100.0,
            "contactId": contact,
        }
        for n in range(count)
    ]
    created = box.control(
        "POST", f"/organizations/{org}/vouchers:bulk", json={"vouchers": vouchers}
    )
    return list(created["ids"])


async def _stored(service: Service, tenant: Tenant) -> dict[str, StoredInvoice]:
    async with service.container.database.unit_of_work() as uow:
        return {i.invoice.lexoffice_id: i for i in await uow.tenant(tenant.id).invoices.all()}


def _after_list_request(
    service: Service, status: str, page: int, change: Callable[[], None]
) -> None:
    """`change` is made in lexoffice once the voucher list for `status` answered `page`."""
    done = False

    async def hook(response: httpx.Response) -> None:
        nonlocal done
        query = parse_qs(response.request.url.query.decode())
        if (
            not done
            and response.request.url.path == "/v1/voucherlist"
            and query.get("voucherStatus") == [status]
            and query.get("page") == [str(page)]
        ):
            done = True
            change()

    hooks: list[Callable[[httpx.Response], Awaitable[None]]] = [hook]
    service.container.http.event_hooks = {"request": [], "response": hooks}


async def test_an_invoice_paid_since_the_last_sync_is_not_left_overdue_by_a_full_sync(
    postgres_service: Service,
) -> None:
    """A full sync (vouchers switched on) lists only what is open or in payment: what was paid
    after the last sync must still be read as paid, or it stays overdue, takes a quota slot and
    is never seen paid (later syncs ask only for changes since the full one). No webhooks here:
    lexoffice cannot reach this service, the daily sync is all it has."""
    service = postgres_service
    box = service.sandbox
    organization = box.organization()
    org = organization["organizationId"]
    paid, still_open = _invoices(box, org, 2)
    tenant = await service.connected_tenant(organization)
    await service.sync(tenant)
    box.control("POST", f"/organizations/{org}/vouchers/{paid}/payments", json={"amount": 100.0})
    box.control("PUT", "/today", json={"date": "2026-11-28"})
    service.clock.current += timedelta(days=1)
    async with service.container.database.unit_of_work() as uow:
        await uow.tenant(tenant.id).account.save_sync_state(SyncState(needs_full_sync=True))
    report = await service.sync(tenant)
    assert report.full
    stored = await _stored(service, tenant)
    assert (stored[paid].invoice.status, stored[paid].invoice.open_cents) == (
        InvoiceStatus.PAID,
        0,
    )
    assert stored[paid].admission is AdmissionState.NONE
    assert stored[still_open].admission is AdmissionState.ADMITTED


async def test_an_invoice_that_moves_between_two_lists_of_a_sync_is_stored_once(
    postgres_service: Service,
) -> None:
    """A direct debit authorised while the sync reads the lists: the invoice is in the open list
    and then in the list of payments under way. Both answers in one write made PostgreSQL refuse
    the whole sync (and with it the tenant's day); the later answer is the one that holds."""
    service = postgres_service
    box = service.sandbox
    organization = box.organization()
    org = organization["organizationId"]
    moving, other = _invoices(box, org, 2)
    tenant = await service.connected_tenant(organization)
    path = f"/organizations/{org}/vouchers/{moving}/status"
    _after_list_request(
        service, "open", 0, lambda: box.control("POST", path, json={"status": "sepadebit"})
    )
    report = await service.sync(tenant)
    stored = await _stored(service, tenant)
    assert report.full
    assert stored[moving].invoice.status is InvoiceStatus.SEPADEBIT
    assert stored[other].invoice.status is InvoiceStatus.OPEN
    assert stored[other].admission is AdmissionState.ADMITTED


async def test_an_invoice_paid_while_the_list_is_paged_makes_no_other_one_skipped(
    postgres_service: Service,
) -> None:
    """Paid after the first page was read, an invoice leaves the list, and every later one moves
    up a place: the first of the second page had moved onto the first. A first sync that missed
    it never stored it (later syncs ask only for changes), so it was never dunned."""
    service = postgres_service
    box = service.sandbox
    organization = box.organization()
    org = organization["organizationId"]
    ids = _invoices(box, org, 260)
    tenant = await service.connected_tenant(organization)
    path = f"/organizations/{org}/vouchers/{ids[0]}/payments"
    _after_list_request(service, "open", 0, lambda: box.control("POST", path, json={"amount": 100}))
    await service.sync(tenant)
    stored = await _stored(service, tenant)
    assert set(stored) == set(ids[1:]), "every invoice still open, the paid one not"


async def test_a_contact_lexoffice_refuses_to_read_blocks_only_its_invoices(
    postgres_service: Service,
) -> None:
    """lexoffice answers a contact's read with a client error (e.g. 400 `bad_request_error` for
    an id it cannot read): that contact's invoices are blocked with the reason, every other one
    is synced. The refusal failed the tenant's sync, every day while the invoice stayed open."""
    service = postgres_service
    box = service.sandbox
    organization = box.organization()
    org = organization["organizationId"]
    good = box.contact(org, "Gut AG", business=["g@gut.example"])
    good_invoice = box.voucher(
        org, voucherNumber="RE-1", dueDate="2026-11-01", totalAmount=10.0, contactId=good
    )
    tenant = await service.connected_tenant(organization)
    await service.sync(tenant)
    refused = box.contact(org, "Kaputt KG", business=["k@kaputt.example"])
    bad_invoice = box.voucher(
        org, voucherNumber="RE-2", dueDate="2026-11-01", totalAmount=10.0, contactId=refused
    )
    fault = {"status": 400, "count": 5, "pathPrefix": f"/v1/contacts/{refused}"}
    box.control("POST", "/faults", json=fault)
    await service.sync(tenant)
    stored = await _stored(service, tenant)
    assert stored[good_invoice].admission is AdmissionState.ADMITTED
    assert stored[bad_invoice].blocked is BlockReason.UNUSABLE_RECORD
    async with service.container.database.unit_of_work() as uow:
        [contact] = (await uow.tenant(tenant.id).contacts.get_many([refused])).values()
    assert contact.contact.unusable is not None
    assert "400" in contact.contact.unusable


async def test_a_sync_across_midnight_misses_no_change_of_the_day_it_read(
    postgres_service: Service,
) -> None:
    """A sync that starts reading at 23:59 and ends after midnight read lexoffice as of the day
    before: the next sync must ask for changes from that day on, or a payment made after the
    lists were read, before midnight, is never seen (the invoice stays overdue)."""
    service = postgres_service
    box = service.sandbox
    organization = box.organization()
    org = organization["organizationId"]
    paid, _ = _invoices(box, org, 2)
    tenant = await service.connected_tenant(organization)
    service.clock.current = datetime(2026, 11, 27, 22, 59, tzinfo=UTC)  # 23:59 in Berlin

    def paid_just_before_midnight() -> None:
        box.control(
            "POST", f"/organizations/{org}/vouchers/{paid}/payments", json={"amount": 100.0}
        )
        service.clock.current = datetime(2026, 11, 27, 23, 1, tzinfo=UTC)  # 00:01 in Berlin

    _after_list_request(service, "transferred,sepadebit", 0, paid_just_before_midnight)
    await service.sync(tenant)
    box.control("PUT", "/today", json={"date": "2026-11-28"})
    service.clock.current = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
    await service.sync(tenant)
    stored = await _stored(service, tenant)
    assert (stored[paid].invoice.status, stored[paid].invoice.open_cents) == (
        InvoiceStatus.PAID,
        0,
    )
