"""The sync against the lexoffice sandbox over HTTP: what it stores and what it costs."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from automahntion.app.invoices.records import AdmissionState
from automahntion.app.lexoffice import connect
from automahntion.app.tenants.records import SyncState
from automahntion.domain.invoices import InvoiceKind, InvoiceStatus
from automahntion.domain.recipients import BlockReason
from automahntion.domain.salutation import salutation
from tests.integration.lexoffice_env import Sandbox, Service


def _seed(sandbox: Sandbox, org: str, count: int, contacts: int) -> list[str]:
    contact_ids = [
        c["id"]
        for c in [
            {"id": cid}
            for cid in sandbox.control(
                "POST",
                f"/organizations/{org}/contacts:bulk",
                json={
                    "contacts": [
                        {
                            "company": {"name": f"Kunde {n:03d}"},
                            "emailAddresses": {"business": [f"kunde{n}@example.org"]},
                        }
                        for n in range(contacts)
                    ]
                },
            )["ids"]
        ]
    ]
    vouchers = [
        {
            "voucherType": "invoice",
            "voucherNumber": f"RE-{n:05d}",
            "voucherDate": "2026-09-01",
            "dueDate": f"2026-10-{1 + n % 28:02d}",
            "totalAmount": 100 + n,
            "contactId": contact_ids[n % contacts],
        }
        for n in range(count)
    ]
    return list(
        sandbox.control("POST", f"/organizations/{org}/vouchers:bulk", json={"vouchers": vouchers})[
            "ids"
        ]
    )


async def test_a_first_sync_stores_invoices_contacts_and_admission(service: Service) -> None:
    box = service.sandbox
    org = box.organization()
    cafe = box.contact(org["organizationId"], "Café Morgenrot", business=["a@cafe.example"])
    silent = box.contact(org["organizationId"], "Kantine Nord")
    box.voucher(
        org["organizationId"],
        voucherNumber="RE-1",
        dueDate="2026-11-01",
        totalAmount=119.0,
        contactId=cafe,
    )
    box.voucher(
        org["organizationId"],
        voucherNumber="RE-2",
        dueDate="2026-11-10",
        totalAmount=50.0,
        contactId=silent,
    )
    box.voucher(
        org["organizationId"],
        voucherNumber="RE-3",
        dueDate="2026-11-12",
        totalAmount=20.0,
        contactId=None,
    )
    box.voucher(
        org["organizationId"],
        voucherNumber="RE-4",
        dueDate="2026-12-20",
        totalAmount=99.0,
        contactId=cafe,
    )
    box.voucher(
        org["organizationId"],
        voucherNumber="RE-5",
        dueDate="2026-11-02",
        totalAmount=30.0,
        contactId=cafe,
        status="sepadebit",
    )
    box.voucher(
        org["organizationId"],
        voucherNumber="RE-6",
        dueDate="2026-11-02",
        totalAmount=30.0,
        contactId=cafe,
        status="paid",
    )
    tenant = await service.connected_tenant(org)
    report = await service.sync(tenant)
    async with service.container.database.unit_of_work() as uow:
        stored = {i.invoice.voucher_number: i for i in await uow.tenant(tenant.id).invoices.all()}
    assert report.full
    assert set(stored) == {"RE-1", "RE-2", "RE-3", "RE-4", "RE-5"}
    assert (stored["RE-1"].invoice.total_cents, stored["RE-1"].invoice.status) == (
        11900,
        InvoiceStatus.OPEN,
    )
    assert stored["RE-1"].admission is AdmissionState.ADMITTED
    assert stored["RE-2"].blocked is BlockReason.MISSING_EMAIL
    assert stored["RE-3"].blocked is BlockReason.NO_CONTACT
    assert stored["RE-4"].admission is AdmissionState.NONE
    assert stored["RE-5"].invoice.status is InvoiceStatus.SEPADEBIT
    assert stored["RE-5"].admission is AdmissionState.NONE
    assert (report.admission.admitted, report.admission.blocked) == (1, 2)


async def test_the_sync_start_date_excludes_older_vouchers(service: Service) -> None:
    box = service.sandbox
    org = box.organization()
    cafe = box.contact(org["organizationId"], "Café", business=["a@cafe.example"])
    box.voucher(
        org["organizationId"],
        voucherNumber="RE-OLD",
        voucherDate="2025-12-01",
        dueDate="2025-12-15",
        totalAmount=10.0,
        contactId=cafe,
    )
    box.voucher(
        org["organizationId"],
        voucherNumber="RE-NEW",
        voucherDate="2026-10-01",
        dueDate="2026-10-15",
        totalAmount=10.0,
        contactId=cafe,
    )
    tenant = await service.connected_tenant(org)
    async with service.container.database.unit_of_work() as uow:
        account = uow.tenant(tenant.id).account
        await account.save_settings(
            replace(
                (await account.get()).settings, sync_start=__import__("datetime").date(2026, 1, 1)
            )
        )
    await service.sync(tenant)
    async with service.container.database.unit_of_work() as uow:
        stored = {i.invoice.voucher_number: i for i in await uow.tenant(tenant.id).invoices.all()}
    assert stored["RE-OLD"].admission is AdmissionState.NONE
    assert stored["RE-NEW"].admission is AdmissionState.ADMITTED


async def test_revenue_vouchers_only_when_switched_on(service: Service) -> None:
    box = service.sandbox
    org = box.organization()
    cafe = box.contact(org["organizationId"], "Café", business=["a@cafe.example"])
    box.voucher(
        org["organizationId"],
        voucherType="salesinvoice",
        voucherNumber="EB-1",
        dueDate="2026-11-01",
        totalAmount=40.0,
        contactId=cafe,
    )
    box.voucher(
        org["organizationId"],
        voucherNumber="RE-1",
        dueDate="2026-11-01",
        totalAmount=40.0,
        contactId=cafe,
    )
    tenant = await service.connected_tenant(org)
    await service.sync(tenant)
    async with service.container.database.unit_of_work() as uow:
        before = [i.invoice.voucher_number for i in await uow.tenant(tenant.id).invoices.all()]
        account = uow.tenant(tenant.id).account
        await account.save_settings(replace((await account.get()).settings, vouchers_enabled=True))
        await account.save_sync_state(SyncState(needs_full_sync=True))
    await service.sync(tenant)
    async with service.container.database.unit_of_work() as uow:
        after = {i.invoice.voucher_number: i for i in await uow.tenant(tenant.id).invoices.all()}
    assert before == ["RE-1"]
    assert set(after) == {"RE-1", "EB-1"}
    assert after["EB-1"].invoice.kind is InvoiceKind.VOUCHER


async def test_request_budget_of_a_first_and_an_unchanged_sync(service: Service) -> None:
    box = service.sandbox
    org = box.organization()
    box.control("PUT", "/today", json={"date": "2026-11-26"})
    _seed(box, org["organizationId"], count=600, contacts=300)
    box.control("PUT", "/today", json={"date": "2026-11-27"})
    tenant = await service.connected_tenant(org)
    box.clear_requests()
    first = await service.sync(tenant)
    first_calls = box.requests(org["organizationId"], "/v1")
    box.clear_requests()
    again = await service.sync(tenant)
    again_calls = box.requests(org["organizationId"], "/v1")
    invoice_pages = math.ceil(600 / 250)
    assert first.vouchers_seen == 600
    assert first.contacts_fetched == 300
    assert len(first_calls) <= 1 + 2 * invoice_pages + min(math.ceil(300 / 250), 300)
    assert len(first_calls) == invoice_pages + 1 + 2
    assert not again.full
    assert len(again_calls) <= 3
    assert all(call["status"] == 200 for call in first_calls + again_calls)


async def test_a_changed_invoice_is_picked_up_by_the_next_sync(service: Service) -> None:
    box = service.sandbox
    org = box.organization()
    cafe = box.contact(org["organizationId"], "Café", business=["a@cafe.example"])
    paid = box.voucher(
        org["organizationId"],
        voucherNumber="RE-1",
        dueDate="2026-11-01",
        totalAmount=100.0,
        contactId=cafe,
    )
    part = box.voucher(
        org["organizationId"],
        voucherNumber="RE-2",
        dueDate="2026-11-01",
        totalAmount=100.0,
        contactId=cafe,
    )
    tenant = await service.connected_tenant(org)
    await service.sync(tenant)
    box.control(
        "POST",
        f"/organizations/{org['organizationId']}/vouchers/{paid}/payments",
        json={"amount": 100.0},
    )
    box.control(
        "POST",
        f"/organizations/{org['organizationId']}/vouchers/{part}/payments",
        json={"amount": 40.0},
    )
    await service.sync(tenant)
    async with service.container.database.unit_of_work() as uow:
        stored = {i.invoice.voucher_number: i for i in await uow.tenant(tenant.id).invoices.all()}
    assert (stored["RE-1"].invoice.status, stored["RE-1"].invoice.open_cents) == (
        InvoiceStatus.PAID,
        0,
    )
    assert stored["RE-1"].admission is AdmissionState.NONE
    assert (stored["RE-2"].invoice.status, stored["RE-2"].invoice.open_cents) == (
        InvoiceStatus.OPEN,
        6000,
    )


@pytest.mark.parametrize("fault", [429, 503])
async def test_429_and_5xx_are_retried_and_the_sync_completes(service: Service, fault: int) -> None:
    box = service.sandbox
    org = box.organization()
    cafe = box.contact(org["organizationId"], "Café", business=["a@cafe.example"])
    box.voucher(
        org["organizationId"],
        voucherNumber="RE-1",
        dueDate="2026-11-01",
        totalAmount=10.0,
        contactId=cafe,
    )
    tenant = await service.connected_tenant(org)
    box.clear_requests()
    box.control("POST", "/faults", json={"count": 2, "status": fault})
    report = await service.sync(tenant)
    statuses = [call["status"] for call in box.requests(org["organizationId"], "/v1")]
    assert report.vouchers_seen == 1
    assert statuses.count(fault) == 2
    assert statuses[-1] == 200


async def test_an_unusable_record_is_blocked_with_its_reason_in_the_overview(
    service: Service,
) -> None:
    """A voucher without a due date blocks only itself, visibly, and takes no slot."""
    box = service.sandbox
    org = box.organization()
    org_id = org["organizationId"]
    cafe = box.contact(org_id, "Café\x00 Morgenrot\n", business=["a@cafe.example"])
    box.voucher(org_id, voucherNumber="RE-1", dueDate=None, totalAmount=10.0, contactId=cafe)
    box.voucher(
        org_id, voucherNumber="RE-2", dueDate="2026-11-01", totalAmount=20.0, contactId=cafe
    )
    key = "amk_" + "records" * 6
    tenant = await service.tenant(key)
    await connect.connect_api_key(
        service.container.database.unit_of_work,
        service.container.gateways,
        tenant.id,
        org["apiKey"],
        now=service.clock.now(),
        webhook_url=service.container.webhook_url,
    )
    report = await service.sync(tenant)
    assert (report.admission.admitted, report.admission.blocked) == (1, 1)
    with service.api(key) as api:
        blocked = api.get("/v1/invoices", params={"blocked": "true"})
    assert blocked.status_code == 200, blocked.text
    [item] = blocked.json()["items"]
    assert (item["number"], item["blocked"]) == ("RE-1", "unusable_record")
    assert item["blockedDetail"] == "kein lesbares Fälligkeitsdatum"
    assert item["customer"]["name"] == "Café Morgenrot"
    assert item["admission"] == "none"


async def test_a_person_is_addressed_by_title_and_name_and_a_company_is_not(
    service: Service,
) -> None:
    box = service.sandbox
    org = box.organization()
    path = f"/organizations/{org['organizationId']}/contacts"
    people = {
        "weber": {"person": {"salutation": "Frau", "firstName": "Anna", "lastName": "Weber"}},
        "nameless": {"person": {"lastName": "Krause"}},
        "firm": {
            "company": {
                "name": "Hotel Lindenhof",
                "contactPersons": [{"salutation": "Herr", "lastName": "Brandt"}],
            }
        },
    }
    ids = {
        key: box.control(
            "POST", path, json={**body, "emailAddresses": {"business": [f"{key}@x.example"]}}
        )["id"]
        for key, body in people.items()
    }
    for number, contact_id in enumerate(ids.values(), start=1):
        box.voucher(
            org["organizationId"],
            voucherNumber=f"RE-{number}",
            dueDate="2026-11-01",
            totalAmount=10.0,
            contactId=contact_id,
        )
    tenant = await service.connected_tenant(org)
    await service.sync(tenant)
    async with service.container.database.unit_of_work() as uow:
        stored = await uow.tenant(tenant.id).contacts.get_many(list(ids.values()))
    greeting = {key: salutation(stored[ids[key]].contact.addressee, "de") for key in ids}
    assert greeting == {
        "weber": "Sehr geehrte Frau Weber",
        "nameless": "Sehr geehrte Damen und Herren",
        "firm": "Sehr geehrte Damen und Herren",
    }


async def test_an_invoice_paid_before_a_full_sync_is_seen_paid(service: Service) -> None:
    """Switching revenue vouchers on makes the next sync list everything open again. An invoice
    paid since the sync before, whose payment event was lost, must still leave the overdue set
    (rule 4) and be thanked (rule 5), not stay open in our records because no later sync lists
    it as closed."""
    box = service.sandbox
    org = box.organization()

    def on(day: int) -> None:
        moment = datetime(2026, 11, day, 8, 0, tzinfo=UTC)
        box.control("PUT", "/clock", json={"now": moment.isoformat()})
        service.clock.current = moment

    on(24)
    cafe = box.contact(org["organizationId"], "Café", business=["a@cafe.example"])
    paid = box.voucher(
        org["organizationId"],
        voucherNumber="RE-1",
        dueDate="2026-11-01",
        totalAmount=100.0,
        contactId=cafe,
    )
    tenant = await service.tenant()
    await connect.connect_api_key(  # events go nowhere: only the sync can see the payment
        service.container.database.unit_of_work,
        service.container.gateways,
        tenant.id,
        org["apiKey"],
        now=service.clock.now(),
        webhook_url="http://127.0.0.1:9/v1/webhooks/lexoffice",
    )
    try:
        await service.sync(tenant)
        on(25)
        box.control(
            "POST",
            f"/organizations/{org['organizationId']}/vouchers/{paid}/payments",
            json={"amount": 100.0},
        )
        on(26)
        async with service.container.database.unit_of_work() as uow:
            account = uow.tenant(tenant.id).account
            settings = replace((await account.get()).settings, vouchers_enabled=True)
            await account.save_settings(settings)
            await account.save_sync_state(SyncState(needs_full_sync=True))
        assert (await service.sync(tenant)).full
        on(27)
        assert not (await service.sync(tenant)).full
        async with service.container.database.unit_of_work() as uow:
            stored = await uow.tenant(tenant.id).invoices.by_lexoffice_id(paid)
    finally:
        box.control("PUT", "/clock", json={"now": None})
    assert (stored.invoice.status, stored.invoice.open_cents) == (InvoiceStatus.PAID, 0)
    assert stored.admission is AdmissionState.NONE
