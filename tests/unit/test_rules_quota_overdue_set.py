"""Rule 4 over a tenant's whole day (property), as `plan_day` decides it from rule 2's facts —
not only `admit` on a ready-made set: the *overdue set* is exactly the synced invoices that are
overdue (rule 2), not before the sync start, not blocked (no contact, no address, unusable
record) and not handed over; a pause keeps the slot; `admitted <= limit`, and `== limit` while
anyone waits; an invoice admitted before keeps its slot against older newcomers; newcomers are
served in admission order; only admitted invoices are ever sent anything.

The oracle below is written from the rules' words; it shares no code with the domain."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from automahntion.domain.calendar import SendingCalendar
from automahntion.domain.cycle import InvoiceFile, Standing, TenantRules, plan_day
from automahntion.domain.escalation import Send
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.levels import DunningPolicy
from automahntion.domain.pauses import Pause
from automahntion.domain.recipients import Contact, EmailAddresses

TODAY = date(2026, 3, 10)  # a Tuesday, no holiday anywhere
CONTACTS = (
    Contact("c-mail", "Mit Adresse", EmailAddresses(business=("a@example.com",))),
    Contact("c-office", "Nur Büro", EmailAddresses(office=("b@example.com",))),
    Contact("c-none", "Ohne Adresse"),
    Contact("c-bad", "Unlesbar", EmailAddresses(business=("c@example.com",)), unusable="kaputt"),
)
PAUSE = Pause("Kunde hat angerufen")
STATUSES = (
    *[InvoiceStatus.OPEN] * 10,
    *[InvoiceStatus.OVERDUE] * 10,
    *InvoiceStatus,
)


@st.composite
def tenant_day(draw: st.DrawFn) -> tuple[list[InvoiceFile], TenantRules]:
    files = []
    for n in range(draw(st.integers(0, 14))):
        due = TODAY - timedelta(days=draw(st.integers(-3, 60)))
        status = draw(st.sampled_from(STATUSES))
        invoice = Invoice(
            f"id-{draw(st.integers(0, 99)):02d}-{n}",
            draw(st.sampled_from(["RE-10", "RE-9", "re-1", "RE-1", "2026-1"])),
            due - timedelta(days=draw(st.integers(0, 30))),
            due,
            10_000,
            draw(st.sampled_from([10_000, 10_000, 10_000, 5_000, 1, 0])),
            None,
            status,
            unusable=draw(st.sampled_from([None] * 7 + ["kein Fälligkeitsdatum"])),
        )
        contact = draw(st.sampled_from((*CONTACTS[:2] * 4, *CONTACTS, None)))
        if contact is not None:
            invoice = replace(invoice, contact_id=contact.lexoffice_id)
        files.append(
            InvoiceFile(
                invoice,
                contact,
                admitted_before=draw(st.booleans()),
                handed_over=draw(st.sampled_from([False] * 3 + [True])),
                contact_pause=draw(st.sampled_from([None] * 4 + [PAUSE])),
                invoice_pause=draw(st.sampled_from([None] * 4 + [PAUSE])),
            )
        )
    rules = TenantRules(
        DunningPolicy.default(),
        SendingCalendar(),
        limit=draw(st.integers(0, 3)),
        sync_start=draw(st.sampled_from([None, None, TODAY - timedelta(days=40)])),
        tenant_pause=PAUSE if draw(st.booleans()) else None,
    )
    return files, rules


def in_overdue_set(file: InvoiceFile, rules: TenantRules) -> bool:
    i = file.invoice
    overdue = (
        i.status is InvoiceStatus.OVERDUE
        or (i.status is InvoiceStatus.OPEN and (TODAY - i.due_date).days >= 1)
    ) and i.open_cents > 0
    if i.status is InvoiceStatus.OVERDUE and (TODAY - i.due_date).days < 1:
        overdue = False  # lexoffice's flag on the due date itself: computed from the due date
    excluded = rules.sync_start is not None and i.voucher_date < rules.sync_start
    contact = file.contact
    has_address = contact is not None and bool(
        contact.emails.business or contact.emails.office or contact.emails.private
    )
    blocked = contact is None or contact.unusable is not None or i.unusable is not None
    blocked = blocked or not has_address
    return overdue and not excluded and not blocked and not file.handed_over


def order(file: InvoiceFile) -> tuple[date, date, str, str]:
    i = file.invoice
    return (i.due_date, i.voucher_date, i.voucher_number, i.lexoffice_id)


@settings(max_examples=100)
@given(tenant_day())
def test_the_quota_holds_over_the_overdue_set_the_rules_define(
    day: tuple[list[InvoiceFile], TenantRules],
) -> None:
    files, rules = day
    outlooks = plan_day(files, rules, TODAY)
    standing = {o.file.invoice.lexoffice_id: o.standing for o in outlooks}
    in_set = [f for f in files if in_overdue_set(f, rules)]
    admitted = [f for f in in_set if standing[f.invoice.lexoffice_id] is Standing.ADMITTED]
    waiting = [f for f in in_set if standing[f.invoice.lexoffice_id] is Standing.WAITING]

    counted = {Standing.ADMITTED, Standing.WAITING}
    assert {i for i, s in standing.items() if s in counted} == {
        f.invoice.lexoffice_id for f in in_set
    }
    assert len(admitted) <= rules.limit
    if waiting:
        assert len(admitted) == rules.limit
    # No churn: those admitted before keep their slots (the first `limit` of them in order).
    before = sorted((f for f in in_set if f.admitted_before), key=order)
    assert {f.invoice.lexoffice_id for f in before[: rules.limit]} <= {
        f.invoice.lexoffice_id for f in admitted
    }
    # Newcomers are served in admission order: none admitted behind one still waiting.
    newcomers = [f for f in admitted if not f.admitted_before]
    if newcomers and waiting:
        assert max(map(order, newcomers)) < min(map(order, waiting))
    # Only admitted invoices are sent anything.
    for o in outlooks:
        if isinstance(o.decision, Send):
            assert o.standing is Standing.ADMITTED

    # A pause (tenant, contact or invoice) holds messages but keeps every slot.
    unpaused = [replace(f, contact_pause=None, invoice_pause=None) for f in files]
    again = plan_day(unpaused, replace(rules, tenant_pause=None), TODAY)
    assert [o.standing for o in again] == [o.standing for o in outlooks]
