"""Rule 7 (§§ 286, 288 BGB) over an invoice's whole run of messages, as the day plan prices them:
a level's fee and interest never on a message sent before default began (so never on the one
that creates it), the 40 EUR flat fee at most once per invoice and only to a business."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from automahntion.domain.cycle import InvoiceFile
from automahntion.domain.day_plan import pricing
from automahntion.domain.escalation import SentLevel
from automahntion.domain.interest import BaseRateTable, ChargeKind, default_begins
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.levels import LEVELS, DunningPolicy, LevelSetting
from automahntion.domain.recipients import Contact, DebtorKind

TABLE = BaseRateTable()
FEES = DunningPolicy(
    tuple(
        LevelSetting(level, True, 3 + 7 * rank, fee_cents=500 if level.is_dunning_notice else 0)
        for rank, level in enumerate(LEVELS)
    )
)


@given(
    st.sampled_from(list(DebtorKind)),
    st.dates(date(2023, 1, 1), date(2026, 6, 1)),
    st.lists(st.integers(1, 40), min_size=1, max_size=len(LEVELS)),
    st.integers(1, 1_000_000_00),
    st.integers(0, len(LEVELS) - 1),
)
def test_fees_interest_and_the_flat_fee_follow_the_default_over_every_message(
    debtor: DebtorKind, due: date, gaps: list[int], open_cents: int, start: int
) -> None:
    """`start`: the first message may be any level (a late start with catch-up `highest`)."""
    invoice = Invoice("i", "RE-1", due, due, open_cents, open_cents, "c", InvoiceStatus.OPEN)
    contact = Contact("c", "Kunde", kind=debtor)
    history: tuple[SentLevel, ...] = ()
    flat_fees = 0
    defaulted = False
    day = due
    for level, gap in zip(LEVELS[start:], gaps, strict=False):
        day += timedelta(days=gap)
        fees = pricing(InvoiceFile(invoice, contact, history), level, FEES, True, day)
        lines = fees.charges(open_cents, TABLE)
        kinds = {line.kind for line in lines}
        first = min((s.sent_on for s in history), default=None)
        begins = default_begins(due, first, debtor)
        if begins is None or begins > day:  # this message is sent before default began
            assert kinds == set(), (level, day, begins)
        else:
            defaulted = True
            assert (ChargeKind.LEVEL_FEE in kinds) is level.is_dunning_notice
        if not history and debtor is DebtorKind.CONSUMER:
            assert kinds == set(), "the first message to a consumer creates the default"
        assert all(line.cents > 0 for line in lines)
        flat_fees += sum(1 for line in lines if line.kind is ChargeKind.FLAT_FEE)
        history += (SentLevel(level, day),)
    assert flat_fees == (1 if debtor is DebtorKind.BUSINESS and defaulted else 0)


@given(
    st.dates(date(2023, 1, 1), date(2026, 6, 1)),
    st.lists(st.tuples(st.integers(1, 40), st.booleans()), min_size=1, max_size=len(LEVELS)),
    st.integers(1, 1_000_000_00),
    st.integers(0, len(LEVELS) - 1),
)
def test_the_flat_fee_goes_on_the_first_message_that_may_carry_it_whatever_extras_were_before(
    due: date, steps: list[tuple[int, bool]], open_cents: int, start: int
) -> None:
    """Rule 7 with statutory extras switched on and off between messages: a business invoice's
    flat fee is never charged twice, and the first message sent in default with extras on
    carries it when none before did — one sent in default while extras were off did not claim
    it (it was once counted as claimed: the 40 EUR were lost)."""
    invoice = Invoice("i", "RE-1", due, due, open_cents, open_cents, "c", InvoiceStatus.OPEN)
    contact = Contact("c", "Kunde", kind=DebtorKind.BUSINESS)
    history: tuple[SentLevel, ...] = ()
    carried = 0
    for level, (gap, extras) in zip(LEVELS[start:], steps, strict=False):
        day = (history[-1].sent_on if history else due) + timedelta(days=gap)
        fees = pricing(InvoiceFile(invoice, contact, history), level, FEES, extras, day)
        flat = any(line.kind is ChargeKind.FLAT_FEE for line in fees.charges(open_cents, TABLE))
        first = min((s.sent_on for s in history), default=None)
        begins = default_begins(due, first, DebtorKind.BUSINESS)
        may_carry = extras and begins is not None and begins <= day
        assert flat == (may_carry and carried == 0), (level, day, extras, history)
        carried += flat
        history += (SentLevel(level, day, flat),)
    assert carried <= 1


@given(
    st.sampled_from(list(DebtorKind)),
    st.dates(date(2023, 1, 1), date(2026, 6, 1)),
    st.lists(
        st.tuples(st.integers(1, 40), st.booleans(), st.booleans()),
        min_size=1,
        max_size=len(LEVELS),
    ),
    st.integers(0, len(LEVELS) - 1),
)
def test_a_message_not_known_to_have_carried_the_flat_fee_never_lets_it_be_charged_twice(
    debtor: DebtorKind, due: date, steps: list[tuple[int, bool, bool]], start: int
) -> None:
    """Messages stored before it was recorded whether they carried the flat fee (`None`) count
    as claiming it when sent in default, as they did before: mixed with known ones, extras on
    or off, the fee is charged at most once, and never to a consumer."""
    invoice = Invoice("i", "RE-1", due, due, 119_00, 119_00, "c", InvoiceStatus.OPEN)
    contact = Contact("c", "Kunde", kind=debtor)
    history: tuple[SentLevel, ...] = ()
    carried = 0
    for level, (gap, extras, recorded) in zip(LEVELS[start:], steps, strict=False):
        day = (history[-1].sent_on if history else due) + timedelta(days=gap)
        fees = pricing(InvoiceFile(invoice, contact, history), level, FEES, extras, day)
        flat = any(line.kind is ChargeKind.FLAT_FEE for line in fees.charges(119_00, TABLE))
        carried += flat
        history += (SentLevel(level, day, flat if recorded else None),)
    assert carried <= (1 if debtor is DebtorKind.BUSINESS else 0)
