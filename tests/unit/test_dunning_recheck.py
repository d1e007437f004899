"""The payment re-check in batches (`app.dunning.recheck`): the day's invoices read from the
voucher list right before sending, one read alone only for an invoice that left it, the batch
read again once older than a minute — and every outcome as one read per message gave it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from automahntion.app.dunning import CycleDay, CycleReport, Outcome
from automahntion.app.dunning.recheck import BatchedPayments
from automahntion.app.lexoffice.ports import LexofficeUnavailable, PaymentState
from automahntion.app.mail.ports import MailReceipt, OutgoingMail
from automahntion.domain.invoices import Invoice, InvoiceStatus
from tests.fakes.dunning import (
    FakePayments,
    Fakes,
    FakeSender,
    FixedClock,
    a_day,
    contact,
    invoice,
    send,
)

PAID = PaymentState(InvoiceStatus.PAID, 0)


def _outcomes(report: CycleReport) -> dict[str, tuple[Outcome, str]]:
    return {line.invoice_number: (line.kind, line.outcome) for line in report.lines}


def _day(count: int) -> CycleDay:
    people = [contact(n) for n in range(count)]
    return a_day([invoice(f"RE-{n}", people[n]) for n in range(count)], people)


async def test_a_day_of_open_invoices_is_re_checked_in_one_batch() -> None:
    fakes = Fakes()
    report = await send(fakes, _day(40))
    assert {kind for kind, _ in _outcomes(report).values()} == {Outcome.SENT}
    assert len(fakes.sent) == 40
    assert (fakes.payments.lists, fakes.payments.asked) == (1, [])


async def test_paid_between_plan_and_send_is_read_alone_and_not_sent() -> None:
    fakes = Fakes()
    day = _day(3)
    fakes.payments.states["lx-RE-1"] = PAID
    report = await send(fakes, day)
    assert _outcomes(report)["RE-1"] == (Outcome.NOT_SENT, "not sent: lexoffice says paid, open 0")
    assert [mail.subject for mail in fakes.sent] == [
        "Zahlungserinnerung RE-0",
        "Zahlungserinnerung RE-2",
    ]
    assert fakes.payments.asked == ["lx-RE-1"], "only the invoice that left the list"
    claimed = {record.claim.invoice_id for record in fakes.ledger.records.values()}
    assert day.stored["lx-RE-1"].id not in claimed


async def test_voided_or_back_to_draft_is_not_sent() -> None:
    fakes = Fakes()
    fakes.payments.states["lx-RE-0"] = PaymentState(InvoiceStatus.VOIDED, 0)
    fakes.payments.states["lx-RE-1"] = PaymentState(InvoiceStatus.DRAFT, 0)
    report = await send(fakes, _day(2))
    assert [kind for kind, _ in _outcomes(report).values()] == [Outcome.NOT_SENT] * 2
    assert "lexoffice says voided" in _outcomes(report)["RE-0"][1]
    assert (fakes.sent, fakes.ledger.records) == ([], {})
    assert fakes.payments.asked == ["lx-RE-0", "lx-RE-1"]


async def test_a_payment_in_progress_is_not_sent_without_a_read_of_its_own() -> None:
    fakes = Fakes()
    fakes.payments.states["lx-RE-0"] = PaymentState(InvoiceStatus.TRANSFERRED, 100_00)
    fakes.payments.states["lx-RE-1"] = PaymentState(InvoiceStatus.SEPADEBIT, 100_00)
    report = await send(fakes, _day(3))
    assert _outcomes(report) == {
        "RE-0": (Outcome.NOT_SENT, "not sent: lexoffice says transferred, open 10000"),
        "RE-1": (Outcome.NOT_SENT, "not sent: lexoffice says sepadebit, open 10000"),
        "RE-2": (Outcome.SENT, "sent"),
    }
    assert (fakes.payments.lists, fakes.payments.asked) == (1, [])
    assert len(fakes.ledger.records) == 1, "nothing claimed for a payment in progress"


async def test_a_partial_payment_is_dunned_on_the_amount_the_list_shows() -> None:
    fakes = Fakes()
    fakes.payments.states["lx-RE-0"] = PaymentState(InvoiceStatus.OPEN, 40_00)
    await send(fakes, _day(1))
    assert [mail.text for mail in fakes.sent] == ["4000"]


async def test_a_deleted_invoice_is_held_as_an_unusable_record() -> None:
    fakes = Fakes()
    fakes.payments.gone.add("lx-RE-0")
    report = await send(fakes, _day(2))
    kind, outcome = _outcomes(report)["RE-0"]
    assert kind is Outcome.HELD
    assert "lexoffice does not deliver the invoice for the payment re-check" in outcome
    assert [r.state for r in fakes.ledger.records.values()] == ["held", "sent"]
    assert fakes.payments.asked == ["lx-RE-0"]


async def test_a_failed_batch_sends_nothing_today() -> None:
    fakes = Fakes()
    fakes.payments.unavailable = True
    report = await send(fakes, _day(2))
    assert {kind for kind, _ in _outcomes(report).values()} == {Outcome.NOT_SENT}
    assert all("due again next sending day" in text for _, text in _outcomes(report).values())
    assert (fakes.sent, fakes.ledger.records) == ([], {})


async def test_a_failed_batch_is_not_asked_again_for_every_message_within_a_minute() -> None:
    """Each message re-read the whole list after a failed one, every read with all its retries:
    a day of 250 messages asked a failing lexoffice 250 times over, sending nothing."""
    fakes = Fakes()
    fakes.payments.unavailable = True
    await send(fakes, _day(5))
    assert fakes.payments.lists == 1
    assert fakes.payments.asked == []


@dataclass
class SlowSender(FakeSender):
    """Each send takes `takes` of the clock's time; `paid_after` mails, `pays` is paid."""

    clock: FixedClock = field(default_factory=FixedClock)
    takes: timedelta = timedelta(seconds=25)
    paid_after: int = 0
    pays: tuple[Fakes, str] | None = None

    async def send(self, mail: OutgoingMail) -> MailReceipt:
        receipt = await super().send(mail)
        self.clock.at += self.takes
        if self.pays is not None and len(self.taken) == self.paid_after:
            fakes, voucher_id = self.pays
            fakes.payments.states[voucher_id] = PAID
        return receipt


async def test_a_batch_older_than_a_minute_is_read_again_before_the_next_message() -> None:
    fakes = Fakes()
    fakes.outbox.sender_ = SlowSender(clock=fakes.clock, paid_after=1, pays=(fakes, "lx-RE-4"))
    report = await send(fakes, _day(5))
    assert fakes.payments.lists == 2, "read at 0 s, again at 75 s (before the fourth message)"
    assert _outcomes(report)["RE-4"] == (
        Outcome.NOT_SENT,
        "not sent: lexoffice says paid, open 0",
    ), "paid while the first messages went out: seen by the refreshed batch"
    assert len(fakes.sent) == 4


async def test_within_a_minute_the_batch_is_not_read_again() -> None:
    fakes = Fakes()
    fakes.outbox.sender_ = SlowSender(clock=fakes.clock, takes=timedelta(seconds=5))
    await send(fakes, _day(12))
    assert (fakes.payments.lists, len(fakes.sent)) == (1, 12)


ONE_MINUTE = timedelta(minutes=1)
"""Written out, not `recheck.MAX_AGE`: the window is the rule these tests hold the code to."""
A_MICROSECOND = timedelta(microseconds=1)


@dataclass
class SlowList(FakePayments):
    """Each read of the voucher list takes `takes` of the clock's time."""

    clock: FixedClock = field(default_factory=FixedClock)
    takes: timedelta = timedelta(0)

    async def listed_payment_states(self, invoices: Sequence[Invoice]) -> dict[str, PaymentState]:
        self.clock.at += self.takes
        return await super().listed_payment_states(invoices)


def _batched(payments: FakePayments, clock: FixedClock) -> BatchedPayments:
    people = [contact(n) for n in range(2)]
    return BatchedPayments(payments, [invoice(f"RE-{n}", people[n]) for n in range(2)], clock)


async def test_a_state_is_used_for_one_minute_from_before_its_read_and_not_a_moment_longer() -> (
    None
):
    """No message goes out on a payment state older than a minute; the age counts from before
    the read (here it took 10 s), so a slow read gives no more than a minute either."""
    clock = FixedClock()
    payments = SlowList(clock=clock, takes=timedelta(seconds=10))
    batch = _batched(payments, clock)
    started = clock.at
    await batch.payment_state("lx-RE-0")
    payments.states["lx-RE-0"] = PAID
    clock.at = started + ONE_MINUTE
    assert (await batch.payment_state("lx-RE-0")).status is InvoiceStatus.OPEN
    assert payments.lists == 1, "a minute old: still used"
    clock.at = started + ONE_MINUTE + A_MICROSECOND
    assert await batch.payment_state("lx-RE-0") == PAID
    assert payments.lists == 2, "older than a minute: read again"


async def test_a_failed_read_fails_alike_for_one_minute_and_is_tried_again_after() -> None:
    clock = FixedClock()
    payments = FakePayments(unavailable=True)
    batch = _batched(payments, clock)
    failed_at = clock.at
    for _ in range(2):
        with pytest.raises(LexofficeUnavailable):
            await batch.payment_state("lx-RE-1")
    payments.unavailable = False
    clock.at = failed_at + ONE_MINUTE
    with pytest.raises(LexofficeUnavailable):
        await batch.payment_state("lx-RE-1")
    assert payments.lists == 1
    clock.at = failed_at + ONE_MINUTE + A_MICROSECOND
    assert (await batch.payment_state("lx-RE-1")).status is InvoiceStatus.OPEN
    assert payments.lists == 2
