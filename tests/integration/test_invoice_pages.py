"""`GET /v1/invoices` pages come from SQL now: on both engines they hold the rows, in the order
and with the `more` the overview computed in Python before (the reference below is that code),
for every filter, page size and cursor, a cursor that names no invoice included."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from itertools import product
from uuid import UUID

from automahntion.app.invoices.criteria import NO_LEVEL, InvoiceCriteria, position
from automahntion.app.invoices.records import (
    AdmissionState,
    AdmissionUpdate,
    StoredContact,
    StoredInvoice,
)
from automahntion.app.messages.records import Claim
from automahntion.app.storage import TenantStore
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.escalation import SentLevel
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.levels import Level
from automahntion.domain.recipients import BlockReason, Contact, EmailAddresses
from tests.fakes.dunning import refused
from tests.integration.helpers import NOW, TODAY, contact, invoice, new_tenant


def _highest(history: Sequence[SentLevel]) -> Level | None:
    return max((s.level for s in history), key=lambda level: level.rank, default=None)


def _matches(
    criteria: InvoiceCriteria,
    stored: StoredInvoice,
    contact: StoredContact | None,
    history: dict[UUID, list[SentLevel]],
) -> bool:
    """The filter `list_invoices` applied in Python before."""
    if criteria.status is not None and stored.invoice.status is not criteria.status:
        return False
    if criteria.blocked is not None and (stored.blocked is not None) != criteria.blocked:
        return False
    if criteria.waiting is not None and (
        (stored.admission is AdmissionState.WAITING) != criteria.waiting
    ):
        return False
    if criteria.level is not None:
        top = _highest(history.get(stored.id, ()))
        if (top.value if top else NO_LEVEL) != criteria.level:
            return False
    if criteria.text:
        needle = criteria.text.casefold()
        name = contact.contact.name if contact else ""
        if needle not in stored.invoice.voucher_number.casefold() + "\n" + name.casefold():
            return False
    return True


async def _reference(
    store: TenantStore, criteria: InvoiceCriteria, limit: int, after: str | None
) -> tuple[list[UUID], bool]:
    invoices = await store.invoices.all()
    contacts = await store.contacts.get_many(
        sorted({i.invoice.contact_id for i in invoices if i.invoice.contact_id})
    )
    history = await store.messages.history()
    matching = sorted(
        (
            s
            for s in invoices
            if (after is None or position(s) > after)
            and _matches(criteria, s, contacts.get(s.invoice.contact_id or ""), history)
        ),
        key=position,
    )
    return [s.id for s in matching[:limit]], len(matching) > limit


async def _from_sql(
    store: TenantStore, criteria: InvoiceCriteria, limit: int, after: str | None
) -> tuple[list[UUID], bool]:
    chosen, more = await store.invoices.page(criteria, limit=limit, after=after)
    return [s.id for s in chosen], more


async def _tenant_with_a_mixed_list(database: Database) -> UUID:
    """Invoices on shared due dates, of each status, waiting and blocked ones, customers with
    and without a name we know, and levels sent, claimed, failed and held."""
    tenant = await new_tenant(database)
    statuses = [InvoiceStatus.OPEN, InvoiceStatus.OVERDUE, InvoiceStatus.SEPADEBIT]
    customers = ["c-1", "c-2", "c-3", None, "c-unknown"]
    invoices = [
        invoice(
            f"RE-{n:03}",
            due_ago=(n % 4) * 7,
            status=statuses[n % 3],
            contact_id=customers[n % 5],
        )
        for n in range(1, 19)
    ]
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert(
            [
                contact("c-1"),
                Contact("c-2", "MÜLLER Straße GmbH", EmailAddresses(business=("m@x.example",))),
                Contact("c-3", "re-00 Ärzte", EmailAddresses(business=("a@x.example",))),
            ]
        )
        await store.invoices.upsert(invoices, NOW)
        await store.invoices.apply_admission(
            [
                AdmissionUpdate(
                    f"lx-RE-{n:03}",
                    AdmissionState.WAITING if n % 4 == 0 else AdmissionState.ADMITTED,
                    BlockReason.MISSING_EMAIL if n % 5 == 2 else None,
                )
                for n in range(1, 19)
            ],
            NOW,
        )
        ids = {s.invoice.voucher_number: s.id for s in await store.invoices.all()}
        for number, level, outcome, days_ago in [  # one message per invoice per day
            ("RE-001", Level.R1, "sent", 1),
            ("RE-001", Level.R2, "sending", 0),
            ("RE-002", Level.R1, "sent", 0),
            ("RE-003", Level.M1, "failed", 0),
            ("RE-004", Level.R1, "held", 0),
            ("RE-005", Level.R3, "sent", 1),
            ("RE-005", Level.M1, "sending", 0),
        ]:
            day = TODAY - timedelta(days=days_ago)
            claim = Claim(ids[number], level, Channel.EMAIL, f"<{uuid.uuid4()}@x>", day, NOW)
            if outcome == "held":
                await store.messages.hold(claim, reason=refused("paused"))
                continue
            message = await store.messages.claim(claim)
            if outcome == "sent":
                await store.messages.mark_sent(
                    message.id,
                    at=NOW,
                    recipient_domain="x.example",
                    transport_message_id=None,
                    content_sha256=None,
                )
            elif outcome == "failed":
                await store.messages.mark_failed(message.id, reason=refused("bounce"), at=NOW)
    return tenant.id


CRITERIA = [
    InvoiceCriteria(),
    *(InvoiceCriteria(status=s) for s in (InvoiceStatus.OPEN, InvoiceStatus.SEPADEBIT)),
    InvoiceCriteria(status=InvoiceStatus.PAID),
    *(InvoiceCriteria(level=level) for level in (Level.R1, Level.R2, Level.M1, NO_LEVEL)),
    InvoiceCriteria(blocked=True),
    InvoiceCriteria(blocked=False),
    InvoiceCriteria(waiting=True),
    InvoiceCriteria(waiting=False),
    *(
        InvoiceCriteria(text=text)
        for text in ("re-01", "RE-0", "müller", "STRASSE", "straße", "café", "\n", "e\nc", "zz")
    ),
    InvoiceCriteria(status=InvoiceStatus.OPEN, waiting=False, text="re"),
    InvoiceCriteria(level=NO_LEVEL, blocked=False, text="0"),
]


async def test_pages_from_sql_are_the_pages_python_made(database: Database) -> None:
    tenant_id = await _tenant_with_a_mixed_list(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        for criteria, limit in product(CRITERIA, (1, 4, 50)):
            after = None
            while True:
                expected = await _reference(store, criteria, limit, after)
                assert await _from_sql(store, criteria, limit, after) == expected, (
                    criteria,
                    limit,
                    after,
                )
                ids, more = expected
                if not more:
                    break
                last = await store.invoices.get(ids[-1])
                after = position(last)


async def test_any_cursor_names_the_same_place_as_before(database: Database) -> None:
    tenant_id = await _tenant_with_a_mixed_list(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        some = (await store.invoices.all())[5]
        cursors = [
            "",
            "\x00",
            "2026",
            "2026-11-13",
            "2026-11-13|",
            "2026-11-13|f",
            "2026-11-13\x00zz",
            position(some),
            position(some)[:-1],
            position(some) + "0",
            f"{TODAY.isoformat()}|{uuid.uuid4()}",
            f"{TODAY.isoformat()}|{str(uuid.uuid4()).upper()}",
            "2026-11-6|0",
            "~",
            "ä",
        ]
        for after, criteria in product(cursors, (InvoiceCriteria(), CRITERIA[-1])):
            for limit in (1, 3, 50):
                expected = await _reference(store, criteria, limit, after)
                assert await _from_sql(store, criteria, limit, after) == expected, (after, limit)


async def test_a_needle_with_nul_matches_nothing(database: Database) -> None:
    tenant_id = await _tenant_with_a_mixed_list(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        criteria = replace(InvoiceCriteria(), text="RE\x00")
        assert await _from_sql(store, criteria, 50, None) == ([], False)
