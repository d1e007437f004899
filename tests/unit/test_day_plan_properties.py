"""The day's plan (property): whatever the invoices, contacts, history and settings, each due
item goes out in exactly one message, letters one by one, e-mails bundled per customer only
when asked; a held tenant plans nothing; the fee follows the level's setting, not a label."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from automahntion.domain.activation import NOT_ACTIVATED
from automahntion.domain.calendar import SendingCalendar
from automahntion.domain.cycle import InvoiceFile, TenantRules
from automahntion.domain.day_plan import (
    DUNNING_OFF,
    NOT_A_SENDING_DAY,
    SYNC_TOO_OLD,
    Channel,
    DayPlan,
    TenantFacts,
    day_plan,
    pricing,
)
from automahntion.domain.escalation import Send, SentLevel, Wait
from automahntion.domain.freshness import MAX_SYNC_AGE
from automahntion.domain.interest import BaseRateTable, ChargeKind
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.levels import DunningPolicy, Level
from automahntion.domain.recipients import Contact, DebtorKind, EmailAddresses
from tests.unit.test_escalation_properties import ORDER, policies

TODAY = date(2026, 3, 10)  # a Tuesday, no holiday anywhere
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
CONTACTS = tuple(
    Contact(
        f"c{i}",
        f"Kunde {i}",
        EmailAddresses(business=(f"k{i}@example.com",)) if i % 4 else EmailAddresses(),
        DebtorKind.CONSUMER if i % 3 == 0 else DebtorKind.BUSINESS,
    )
    for i in range(6)
)
STATUSES = (
    InvoiceStatus.OPEN,
    InvoiceStatus.OPEN,
    InvoiceStatus.OVERDUE,
    InvoiceStatus.PAID,
    InvoiceStatus.SEPADEBIT,
)


@st.composite
def files(draw: st.DrawFn) -> list[InvoiceFile]:
    count = draw(st.integers(0, 16))
    found = []
    for n in range(count):
        contact = draw(st.one_of(st.none(), st.sampled_from(CONTACTS)))
        due = TODAY - timedelta(days=draw(st.integers(-5, 120)))
        status = draw(st.sampled_from(STATUSES))
        open_cents = draw(st.integers(1, 50_000)) if status is not InvoiceStatus.PAID else 0
        invoice = Invoice(
            f"inv-{n}",
            f"RE-{n}",
            due - timedelta(days=14),
            due,
            max(open_cents, 1),
            open_cents,
            contact.lexoffice_id if contact else None,
            status,
        )
        sent = draw(st.lists(st.sampled_from(ORDER[:4]), max_size=2, unique=True))
        history = tuple(
            SentLevel(level, due + timedelta(days=3 + 7 * i)) for i, level in enumerate(sent)
        )
        history = tuple(s for s in history if s.sent_on < TODAY)
        problem = draw(st.sampled_from((None, None, "no street")))
        found.append(InvoiceFile(invoice, contact, history, letter_problem=problem))
    return found


facts = st.builds(
    TenantFacts,
    activated=st.booleans(),
    dunning_active=st.booleans(),
    last_successful_sync_at=st.sampled_from(
        (None, NOW - timedelta(hours=1), NOW - MAX_SYNC_AGE - timedelta(minutes=1))
    ),
    one_message_per_customer=st.booleans(),
    statutory_extras=st.booleans(),
)


def _rules(policy: DunningPolicy, weekend: bool = False) -> TenantRules:
    return TenantRules(policy, SendingCalendar(None, weekend), limit=1000)


def _plan(
    found: list[InvoiceFile], policy: DunningPolicy, tenant: TenantFacts, *, sending: bool
) -> DayPlan:
    return day_plan(found, _rules(policy), tenant, TODAY, NOW, sending=sending)


@settings(max_examples=50)
@given(files(), policies(), facts, st.booleans())
def test_each_due_item_goes_out_in_exactly_one_message(
    found: list[InvoiceFile], policy: DunningPolicy, tenant: TenantFacts, sending: bool
) -> None:
    plan = _plan(found, policy, tenant, sending=sending)
    sent = Counter(item.invoice.lexoffice_id for m in plan.messages for item in m.items)
    assert sent == Counter(item.invoice.lexoffice_id for item in plan.due)
    assert all(n == 1 for n in sent.values())
    assert [i.invoice.lexoffice_id for i in plan.due] == [
        o.file.invoice.lexoffice_id for o in plan.outlooks if isinstance(o.decision, Send)
    ] or plan.held is not None


@settings(max_examples=50)
@given(files(), policies(), facts)
def test_letters_go_one_by_one_and_e_mails_bundle_only_when_asked(
    found: list[InvoiceFile], policy: DunningPolicy, tenant: TenantFacts
) -> None:
    plan = _plan(found, policy, tenant, sending=False)
    emailed: list[str | None] = []
    for message in plan.messages:
        assert {item.channel for item in message.items} == {message.channel}
        assert all(
            item.channel
            is (Channel.LETTER if policy.setting(item.level).by_post else Channel.EMAIL)
            for item in message.items
        )
        assert message.level.rank == max(item.level.rank for item in message.items)
        if message.channel is Channel.LETTER:
            assert len(message.items) == 1
            assert message.recipient is None
            continue
        assert message.recipient == message.top.outlook.recipient
        contacts = {item.invoice.contact_id for item in message.items}
        assert len(contacts) == 1
        if not tenant.one_message_per_customer or contacts == {None}:
            assert len(message.items) == 1
        else:
            emailed += contacts
    assert len(emailed) == len(set(emailed)), "one e-mail per customer"


@settings(max_examples=50)
@given(files(), policies(), facts, st.booleans())
def test_a_held_tenant_plans_nothing_and_says_why(
    found: list[InvoiceFile], policy: DunningPolicy, tenant: TenantFacts, sending: bool
) -> None:
    plan = _plan(found, policy, tenant, sending=sending)
    fresh = tenant.last_successful_sync_at is not None and (
        NOW - tenant.last_successful_sync_at <= MAX_SYNC_AGE
    )
    expected = (
        NOT_ACTIVATED
        if sending and not tenant.activated
        else DUNNING_OFF
        if not tenant.dunning_active
        else SYNC_TOO_OLD
        if not fresh
        else None
    )
    assert plan.held == expected
    if plan.held:
        assert plan.messages == ()
        assert plan.due == ()
        assert plan.blocked_letters == ()
    assert all(isinstance(w.outlook.decision, Wait) for w in plan.waiting)


@settings(max_examples=50)
@given(files(), policies())
def test_nothing_is_planned_on_a_day_that_is_no_sending_day(
    found: list[InvoiceFile], policy: DunningPolicy
) -> None:
    tenant = TenantFacts(True, True, NOW - timedelta(hours=1))
    sunday = date(2026, 3, 15)
    plan = day_plan(found, _rules(policy), tenant, sunday, NOW, sending=True)
    assert (plan.held, plan.messages) == (NOT_A_SENDING_DAY, ())


@settings(max_examples=50)
@given(files(), policies(), st.booleans(), st.integers(1, 90_000))
def test_the_level_fee_is_the_levels_own_and_marked_by_its_kind(
    found: list[InvoiceFile], policy: DunningPolicy, extras: bool, open_cents: int
) -> None:
    tenant = TenantFacts(True, True, NOW, statutory_extras=extras)
    plan = _plan(found, policy, tenant, sending=True)
    for item in plan.due:
        assert item.pricing.level_fee_cents == policy.setting(item.level).fee_cents
        lines = item.pricing.charges(open_cents, BaseRateTable())
        kinds = Counter(line.kind for line in lines)
        assert all(n == 1 for n in kinds.values())
        fee = [line.cents for line in lines if line.kind is ChargeKind.LEVEL_FEE]
        assert fee in ([], [item.pricing.level_fee_cents])
        if not extras:
            assert set(kinds) <= {ChargeKind.LEVEL_FEE}
        if item.pricing.debtor is DebtorKind.CONSUMER or item.pricing.flat_fee_claimed_before:
            assert ChargeKind.FLAT_FEE not in kinds


def test_the_flat_fee_is_not_claimed_twice() -> None:
    """A business debtor already sent a level after default began: no second 40 EUR."""
    contact = CONTACTS[1]
    due = TODAY - timedelta(days=60)
    invoice = Invoice("i", "RE-1", due, due, 100_00, 100_00, "c1", InvoiceStatus.OPEN)
    history = (
        SentLevel(Level.R1, due + timedelta(days=3)),
        SentLevel(Level.R2, TODAY - timedelta(days=5)),
    )
    file = InvoiceFile(invoice, contact, history)
    fees = pricing(file, Level.M1, DunningPolicy.default(), True, TODAY)
    assert fees.flat_fee_claimed_before
    kinds = {line.kind for line in fees.charges(100_00, BaseRateTable())}
    assert ChargeKind.FLAT_FEE not in kinds
    assert ChargeKind.INTEREST in kinds


def test_a_message_sent_in_default_without_the_flat_fee_leaves_it_to_the_next() -> None:
    """Statutory extras were off when R2 went in default (it carried no flat fee), on now: M1
    carries the 40 EUR; once a message carried them, none after does."""
    contact = CONTACTS[1]
    due = TODAY - timedelta(days=60)
    invoice = Invoice("i", "RE-1", due, due, 100_00, 100_00, "c1", InvoiceStatus.OPEN)
    without = (
        SentLevel(Level.R1, due + timedelta(days=3), False),
        SentLevel(Level.R2, TODAY - timedelta(days=5), False),
    )
    fees = pricing(
        InvoiceFile(invoice, contact, without), Level.M1, DunningPolicy.default(), True, TODAY
    )
    assert not fees.flat_fee_claimed_before
    flat = [
        line for line in fees.charges(100_00, BaseRateTable()) if line.kind is ChargeKind.FLAT_FEE
    ]
    assert [line.cents for line in flat] == [40_00]
    carried = (without[0], SentLevel(Level.R2, TODAY - timedelta(days=5), True))
    again = pricing(
        InvoiceFile(invoice, contact, carried), Level.M1, DunningPolicy.default(), True, TODAY
    )
    assert again.flat_fee_claimed_before
