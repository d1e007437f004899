"""Records from lexoffice that PostgreSQL would refuse as they come: cut to their columns before
they are stored (domain rules 2), so that one of them stops no sync."""

from __future__ import annotations

import pytest

from automahntion.app.invoices.records import AdmissionState
from automahntion.app.lexoffice.languages import NOT_DELIVERED, read_ahead
from automahntion.app.lexoffice.ports import LexofficeUnavailable
from automahntion.domain.recipients import BlockReason
from tests.integration.lexoffice_env import Service

LONG_NAME = "Meier-" + "x" * 400


async def test_a_person_with_an_over_long_last_name_stops_no_sync(
    postgres_service: Service,
) -> None:
    """The last name kept for the salutation was stored uncut: longer than its column, it made
    PostgreSQL refuse the contacts of the whole sync, every day."""
    service = postgres_service
    box = service.sandbox
    organization = box.organization()
    org = organization["organizationId"]
    person = {
        "person": {"salutation": "Frau", "firstName": "Erika", "lastName": LONG_NAME},
        "emailAddresses": {"private": ["erika@example.org"]},
        "roles": {"customer": {}},
    }
    erika = box.control("POST", f"/organizations/{org}/contacts", json=person)["id"]
    invoice = box.voucher(
        org, voucherNumber="RE-1", dueDate="2026-11-01", totalAmount=10.0, contactId=erika
    )
    tenant = await service.connected_tenant(organization)
    await service.sync(tenant)
    async with service.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        [stored] = await store.invoices.all()
        [contact] = (await store.contacts.get_many([erika])).values()
    assert (stored.invoice.lexoffice_id, stored.admission) == (invoice, AdmissionState.ADMITTED)
    assert contact.contact.addressee is not None
    assert contact.contact.addressee.last_name == LONG_NAME[:300]


async def test_invoice_details_lexoffice_refuses_block_only_that_invoice(
    postgres_service: Service,
) -> None:
    """lexoffice refuses one invoice's details (406): that invoice is blocked as a record it does
    not deliver, and the languages of the others are read ahead all the same. The refusal ended
    the read-ahead at that invoice (due first, so every day) and failed the tenant's sync."""
    service = postgres_service
    box = service.sandbox
    organization = box.organization()
    org = organization["organizationId"]
    cafe = box.contact(org, "Café", business=["a@cafe.example"])
    refused = box.voucher(
        org, voucherNumber="RE-1", dueDate="2026-10-01", totalAmount=10.0, contactId=cafe
    )
    english = box.voucher(
        org,
        voucherNumber="RE-2",
        dueDate="2026-11-01",
        totalAmount=10.0,
        contactId=cafe,
        language="en",
    )
    tenant = await service.connected_tenant(organization)
    await service.sync(tenant)
    fault = {"status": 406, "count": 5, "method": "GET", "pathPrefix": f"/v1/invoices/{refused}"}
    box.control("POST", "/faults", json=fault)
    units = service.container.database.unit_of_work
    await read_ahead(units, service.container.gateways, tenant.id, service.clock)
    async with units() as uow:
        stored = {i.invoice.lexoffice_id: i for i in await uow.tenant(tenant.id).invoices.all()}
    assert stored[english].invoice.language == "en"
    assert stored[refused].blocked is BlockReason.UNUSABLE_RECORD
    assert stored[refused].invoice.unusable == NOT_DELIVERED


async def test_an_amount_beyond_decimal_range_or_negative_blocks_only_its_invoice(
    postgres_service: Service,
) -> None:
    """An amount as a string with an exponent `Decimal` overflows on (`"1e999999999"`) raised
    `decimal.Overflow`, which the amount reader did not catch: the tenant's whole sync failed,
    every day, and nothing of it was stored. A negative open amount on an open invoice was kept
    as it came: never dunned, never blocked, and the owner did not learn of it. Both now block
    only their own invoice, with the reason; an invoice stored before keeps what was read."""
    service = postgres_service
    box = service.sandbox
    organization = box.organization()
    org = organization["organizationId"]
    cafe = box.contact(org, "Café", business=["a@cafe.example"])
    ids = {
        number: box.voucher(
            org, voucherNumber=number, dueDate="2026-11-01", totalAmount=10.0, contactId=cafe
        )
        for number in ("RE-1", "RE-2", "RE-3")
    }
    tenant = await service.connected_tenant(organization)
    await service.sync(tenant)
    malformed = {
        "RE-1": {"openAmount": "1e999999999"},
        "RE-2": {"openAmount": -5},
    }
    for number, fields in malformed.items():
        path = f"/organizations/{org}/records/{ids[number]}/malformed"
        box.control("PUT", path, json={"set": fields, "views": ["voucherlist"]})
    added = box.voucher(
        org, voucherNumber="RE-4", dueDate="2026-11-01", totalAmount=20.0, contactId=cafe
    )
    await service.sync(tenant)
    async with service.container.database.unit_of_work() as uow:
        stored = {i.invoice.lexoffice_id: i for i in await uow.tenant(tenant.id).invoices.all()}
    assert stored[added].admission is AdmissionState.ADMITTED, "the sync stored the others"
    assert stored[ids["RE-3"]].admission is AdmissionState.ADMITTED
    for number, detail in (("RE-1", "Betrag nicht lesbar"), ("RE-2", "negativer offener Betrag")):
        bad = stored[ids[number]]
        assert bad.blocked is BlockReason.UNUSABLE_RECORD
        assert bad.invoice.unusable is not None
        assert detail in bad.invoice.unusable
        assert bad.invoice.open_cents == 1000, "the facts read before are kept"


@pytest.mark.parametrize(
    ("path", "page"),
    [
        ("/v1/voucherlist", "[]"),
        ("/v1/voucherlist", '{"content":null,"totalPages":1}'),
        ("/v1/voucherlist", '{"content":[],"last":false,"totalPages":null}'),
        ("/v1/contacts", '"ok"'),
    ],
)
async def test_a_page_of_the_wrong_shape_fails_the_sync_with_its_reason(
    postgres_service: Service, path: str, page: str
) -> None:
    """A list page that is JSON but no page (a list, `content` null, no number of pages) raised
    `AttributeError`/`TypeError` out of the sync: a 500 for `POST /v1/lexoffice/sync`, a
    traceback for the operator. Now it is lexoffice answering what cannot be used, like a page
    that is no JSON, and what was stored before stays as it was."""
    service = postgres_service
    box = service.sandbox
    organization = box.organization()
    org = organization["organizationId"]
    cafe = box.contact(org, "Café", business=["a@cafe.example"])
    first = box.voucher(
        org, voucherNumber="RE-1", dueDate="2026-11-01", totalAmount=10.0, contactId=cafe
    )
    tenant = await service.connected_tenant(organization)
    await service.sync(tenant)
    kantine = box.contact(org, "Kantine", business=["k@kantine.example"])
    box.voucher(org, voucherNumber="RE-2", dueDate="2026-11-01", totalAmount=5.0, contactId=kantine)
    box.voucher(org, voucherNumber="RE-3", dueDate="2026-11-01", totalAmount=5.0, contactId=cafe)
    box.control("POST", "/faults", json={"status": 200, "body": page, "pathPrefix": path})
    if path == "/v1/contacts":  # the contact list is read when more than one contact is missing
        other = box.contact(org, "Mensa", business=["m@mensa.example"])
        box.voucher(
            org, voucherNumber="RE-4", dueDate="2026-11-01", totalAmount=5.0, contactId=other
        )
    with pytest.raises(LexofficeUnavailable, match=f"no readable page for {path}"):
        await service.sync(tenant)
    async with service.container.database.unit_of_work() as uow:
        [stored] = await uow.tenant(tenant.id).invoices.all()
    assert (stored.invoice.lexoffice_id, stored.admission) == (first, AdmissionState.ADMITTED)
