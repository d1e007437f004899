"""The contact-fetch choice of the sync: pages or single fetches, whichever costs less."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from automahntion.app.lexoffice.ports import (
    ContactPage,
    LexofficeContact,
    LexofficeNotFound,
    ListedVoucher,
    PaymentState,
    Profile,
)
from automahntion.app.lexoffice.sync import fetch_contacts
from automahntion.app.lexoffice.vouchers import (
    IN_PAYMENT,
    OPEN,
    PAGE_SIZE,
    status_in_group,
    to_invoice,
)
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.recipients import Contact


class FakeLexoffice:
    """An organization with `total` contacts, counting the requests made."""

    def __init__(self, total: int) -> None:
        self.ids = [f"c-{n:05d}" for n in range(total)]
        self.requests = 0

    async def contacts_page(self, page: int) -> ContactPage:
        self.requests += 1
        chunk = self.ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        return ContactPage(
            [LexofficeContact(Contact(i, i)) for i in chunk],
            total_pages=math.ceil(len(self.ids) / PAGE_SIZE),
            total_elements=len(self.ids),
        )

    async def contact(self, contact_id: str) -> LexofficeContact:
        self.requests += 1
        if contact_id not in self.ids:
            raise LexofficeNotFound(contact_id)
        return LexofficeContact(Contact(contact_id, contact_id))

    async def profile(self) -> Profile:
        raise NotImplementedError

    async def list_vouchers(
        self, *, types: Sequence[str], statuses: Sequence[str], updated_from: date | None = None
    ) -> list[ListedVoucher]:
        raise NotImplementedError

    async def payment_state(self, voucher_id: str) -> PaymentState:
        raise NotImplementedError

    async def subscribe(self, event_type: str, callback_url: str) -> None:
        raise NotImplementedError


async def test_the_benchmark_organization_pages_its_contacts() -> None:
    api = FakeLexoffice(400)
    found, total = await fetch_contacts(api, set(api.ids), None)
    assert len(found) == 400
    assert (api.requests, total) == (2, 400)


async def test_one_missing_contact_is_fetched_alone() -> None:
    api = FakeLexoffice(5000)
    found, total = await fetch_contacts(api, {"c-04999"}, None)
    assert [c.contact.lexoffice_id for c in found] == ["c-04999"]
    assert (api.requests, total) == (1, None)


async def test_with_a_known_large_total_few_contacts_are_fetched_singly() -> None:
    api = FakeLexoffice(5000)
    needed = {"c-04000", "c-04500", "c-04999"}
    found, _ = await fetch_contacts(api, needed, known_total=5000)
    assert {c.contact.lexoffice_id for c in found} == needed
    assert api.requests == 3


async def test_deleted_contacts_are_skipped_not_fatal() -> None:
    api = FakeLexoffice(10)
    found, _ = await fetch_contacts(api, {"c-00001", "c-gone"}, known_total=10)
    assert [c.contact.lexoffice_id for c in found] == ["c-00001"]


async def test_nothing_needed_costs_nothing() -> None:
    api = FakeLexoffice(10)
    assert await fetch_contacts(api, set(), 10) == ([], 10)
    assert api.requests == 0


@given(
    total=st.integers(min_value=1, max_value=3000),
    picks=st.lists(st.integers(min_value=0, max_value=2999), min_size=1, max_size=60),
    known=st.booleans(),
)
async def test_the_cost_stays_within_one_probe_of_the_cheaper_way(
    total: int, picks: list[int], known: bool
) -> None:
    """Budget of the issue: min(pages, needed) plus the one page read to learn the total."""
    api = FakeLexoffice(total)
    needed = {api.ids[p % total] for p in picks}
    found, _ = await fetch_contacts(api, needed, total if known else None)
    assert {c.contact.lexoffice_id for c in found} == needed
    cheapest = min(math.ceil(total / PAGE_SIZE), len(needed))
    assert api.requests <= cheapest + (0 if known else 1)


@pytest.mark.parametrize(
    ("listed", "group", "status"),
    [
        ("open", OPEN, InvoiceStatus.OPEN),
        ("overdue", OPEN, InvoiceStatus.OPEN),
        ("overdue", IN_PAYMENT, InvoiceStatus.SEPADEBIT),
        ("sepadebit", IN_PAYMENT, InvoiceStatus.SEPADEBIT),
        ("transferred", IN_PAYMENT, InvoiceStatus.TRANSFERRED),
    ],
)
def test_overdue_in_the_list_is_resolved_by_the_filter_that_found_it(
    listed: str, group: tuple[str, ...], status: InvoiceStatus
) -> None:
    item = ListedVoucher("v", "invoice", listed, "RE-1", date(2026, 1, 1), None, None, 0, 0)
    assert status_in_group(item, group) is status


@pytest.mark.parametrize(
    ("voucher_type", "listed", "due", "unusable"),
    [
        ("invoice", "open", date(2026, 2, 1), None),
        ("creditnote", "open", date(2026, 2, 1), "unbekannte Belegart „creditnote“"),
        ("invoice", "pending", date(2026, 2, 1), "unbekannter Belegstatus „pending“"),
        ("invoice", "open", None, "kein lesbares Fälligkeitsdatum"),
    ],
)
def test_a_listed_voucher_that_cannot_be_dunned_is_kept_as_unusable(
    voucher_type: str, listed: str, due: date | None, unusable: str | None
) -> None:
    item = ListedVoucher("v", voucher_type, listed, "RE-1", date(2026, 1, 1), due, "c", 500, 500)
    invoice = to_invoice(item, status_in_group(item, OPEN), date(2026, 3, 1))
    assert invoice.unusable == unusable
    assert (invoice.voucher_date, invoice.due_date) == (date(2026, 1, 1), due or date(2026, 1, 1))
    assert (invoice.lexoffice_id, invoice.open_cents) == ("v", 500)


def test_an_open_voucher_without_an_open_amount_is_unusable_not_paid() -> None:
    """lexoffice leaves `openAmount` out only where nothing is owed (drafts): an open invoice
    without one was kept as owing nothing, so it was never dunned, without a word why."""
    item = ListedVoucher(
        "v", "invoice", "overdue", "RE-1", date(2026, 1, 1), date(2026, 2, 1), "c", 500, None
    )
    invoice = to_invoice(item, status_in_group(item, OPEN), date(2026, 3, 1))
    assert invoice.unusable == "kein offener Betrag"
    closed = replace(item, listed_status="draft")
    assert to_invoice(closed, status_in_group(closed, OPEN), date(2026, 3, 1)).unusable is None
