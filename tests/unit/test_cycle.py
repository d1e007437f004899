"""One tenant's day: admission, recipients, standings and decisions together."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from automahntion.domain.calendar import SendingCalendar
from automahntion.domain.cycle import InvoiceFile, Standing, TenantRules, plan_day
from automahntion.domain.escalation import Hold, Send, SentLevel, Wait
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.levels import DunningPolicy, Level
from automahntion.domain.pauses import Pause
from automahntion.domain.recipients import BlockReason, Contact, EmailAddresses, RecipientPolicy

TODAY = date(2026, 11, 27)  # a Friday
CONTACT = Contact("c1", "Café", EmailAddresses(business=("a@cafe.example",)))
OFFICE_ONLY = Contact("c2", "Hotel", EmailAddresses(office=("info@hotel.example",)))


def _file(
    number: str, due_ago: int, contact: Contact | None = CONTACT, **kw: object
) -> InvoiceFile:
    due = TODAY - timedelta(days=due_ago)
    invoice = Invoice(
        lexoffice_id=f"id-{number}",
        voucher_number=number,
        voucher_date=due - timedelta(days=14),
        due_date=due,
        total_cents=10_000,
        open_cents=10_000,
        contact_id=contact.lexoffice_id if contact else None,
        status=InvoiceStatus.OPEN,
    )
    return InvoiceFile(invoice, contact, **kw)


def _rules(limit: int = 10, **kw: object) -> TenantRules:
    return TenantRules(DunningPolicy.default(), SendingCalendar(), limit, **kw)


def test_the_oldest_overdue_invoices_take_the_slots_and_the_rest_wait() -> None:
    files = [_file("RE-3", 5), _file("RE-1", 9), _file("RE-2", 7)]
    outlooks = plan_day(files, _rules(limit=2), TODAY)
    assert [o.standing for o in outlooks] == [
        Standing.WAITING,
        Standing.ADMITTED,
        Standing.ADMITTED,
    ]
    assert outlooks[0].decision == Wait(Hold.NOT_ADMITTED)
    assert outlooks[1].decision == Send(Level.R1)


def test_an_invoice_admitted_before_keeps_its_slot_against_an_older_newcomer() -> None:
    files = [_file("RE-new-old", 20), _file("RE-kept", 5, admitted_before=True)]
    outlooks = plan_day(files, _rules(limit=1), TODAY)
    assert [o.standing for o in outlooks] == [Standing.WAITING, Standing.ADMITTED]


def test_blocked_invoices_are_shown_with_their_reason_and_take_no_slot() -> None:
    nobody = Contact("c9", "Kantine")
    files = [_file("RE-1", 9, nobody), _file("RE-2", 8, None), _file("RE-3", 3)]
    outlooks = plan_day(files, _rules(limit=1), TODAY)
    assert [(o.standing, o.blocked) for o in outlooks[:2]] == [
        (Standing.BLOCKED, "missing_email"),
        (Standing.BLOCKED, "no_contact"),
    ]
    assert outlooks[2].standing is Standing.ADMITTED
    assert outlooks[2].decision == Send(Level.R1)


def test_business_only_blocks_an_office_address_that_the_default_rule_uses() -> None:
    files = [_file("RE-1", 5, OFFICE_ONLY)]
    relaxed = plan_day(files, _rules(), TODAY)[0]
    strict = plan_day(files, _rules(recipient_policy=RecipientPolicy.BUSINESS_ONLY), TODAY)[0]
    assert relaxed.recipient == "info@hotel.example"
    assert (strict.recipient, strict.blocked) == (None, "missing_email")


def test_invoices_before_the_sync_start_date_are_ignored_and_say_why() -> None:
    files = [_file("RE-old", 60), _file("RE-new", 5)]
    rules = _rules(limit=1, sync_start=TODAY - timedelta(days=40))
    outlooks = plan_day(files, rules, TODAY)
    assert outlooks[0].standing is Standing.BEFORE_SYNC_START
    assert outlooks[0].decision == Wait(Hold.NOT_ADMITTED)
    assert outlooks[1].standing is Standing.ADMITTED


def test_a_tenant_pause_holds_everything_but_keeps_the_slots() -> None:
    rules = _rules(limit=1, tenant_pause=Pause("Betriebsurlaub", TODAY + timedelta(days=3)))
    outlook = plan_day([_file("RE-1", 9)], rules, TODAY)[0]
    assert outlook.standing is Standing.ADMITTED
    assert outlook.decision == Wait(Hold.PAUSED)


def test_a_contact_pause_holds_only_that_contacts_invoices() -> None:
    paused = _file("RE-1", 9, contact_pause=Pause("Reklamation offen"))
    outlooks = plan_day([paused, _file("RE-2", 9)], _rules(), TODAY)
    assert [o.decision for o in outlooks] == [Wait(Hold.PAUSED), Send(Level.R1)]


def test_handed_over_frees_the_slot_for_the_next_waiting_invoice() -> None:
    history = (SentLevel(Level.M3, TODAY - timedelta(days=20)),)
    files = [
        _file("RE-1", 70, history=history, admitted_before=True, handed_over=True),
        _file("RE-2", 5),
    ]
    outlooks = plan_day(files, _rules(limit=1), TODAY)
    assert [o.standing for o in outlooks] == [Standing.HANDED_OVER, Standing.ADMITTED]
    assert outlooks[0].decision == Wait(Hold.HANDED_OVER)


def test_after_m3_the_invoice_keeps_its_slot_until_it_leaves_the_overdue_set() -> None:
    history = (SentLevel(Level.M3, TODAY - timedelta(days=20)),)
    files = [_file("RE-1", 70, history=history, admitted_before=True), _file("RE-2", 5)]
    outlooks = plan_day(files, _rules(limit=1), TODAY)
    assert [o.standing for o in outlooks] == [Standing.ADMITTED, Standing.WAITING]
    assert outlooks[0].decision == Wait(Hold.FINISHED)


def test_nothing_is_sent_on_christmas_eve_but_the_standing_is_still_shown() -> None:
    eve = date(2026, 12, 24)
    outlook = plan_day([_file("RE-1", 9)], _rules(), eve)[0]
    assert outlook.standing is Standing.ADMITTED
    assert outlook.decision == Wait(Hold.NOT_A_SENDING_DAY)


def test_an_unusable_record_blocks_its_own_invoice_and_takes_no_slot() -> None:
    """The invoice's own record, or its contact's: the others of the day go on (rule 2)."""
    usable = _file("RE-1", 9)
    broken = _file("RE-2", 10)
    broken = InvoiceFile(replace(broken.invoice, unusable="kein Fälligkeitsdatum"), CONTACT)
    bad_contact = Contact("c3", "", unusable="lexoffice liefert den Kontakt c3 nicht")
    unreadable = _file("RE-3", 11, contact=bad_contact)
    outlooks = plan_day([usable, broken, unreadable], _rules(limit=1), TODAY)
    assert [o.blocked for o in outlooks] == [
        None,
        BlockReason.UNUSABLE_RECORD,
        BlockReason.UNUSABLE_RECORD,
    ]
    assert [o.standing for o in outlooks] == [Standing.ADMITTED, Standing.BLOCKED, Standing.BLOCKED]
    assert outlooks[0].decision == Send(Level.R1)
    assert [o.decision for o in outlooks[1:]] == [Wait(Hold.BLOCKED)] * 2
