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
