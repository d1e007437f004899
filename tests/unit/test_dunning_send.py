"""Sending one dunning day through in-memory ports (`tests/fakes`): the payment re-check, a lost
claim, an unknown outcome, a failed send, the bundle split and a stale sync — no database, no
network."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from automahntion.app.dunning import NO_POSTAL, CycleReport, Outcome, send_day
from automahntion.app.dunning.ledger import STOPPED
from automahntion.app.dunning.ports import Item
from automahntion.app.dunning.report import PAID_MEANWHILE, PART_CLAIMED_ELSEWHERE
from automahntion.app.lexoffice.ports import PaymentState
from automahntion.app.mail.ports import (
    Attachment,
    MailOutcomeUnknown,
    MailReceipt,
    MailRefused,
    OutgoingMail,
)
from automahntion.app.mail.rendering import Rendered
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.tenants.records import TenantSettings
from automahntion.domain.activation import NOT_ACTIVATED
from automahntion.domain.day_plan import SYNC_TOO_OLD, Channel
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.levels import Level
from tests.fakes.dunning import (
    NOW,
    R1_SENT,
    FakeDocuments,
    FakePayments,
    Fakes,
    FakeSender,
    a_day,
    contact,
    invoice,
    policy,
    send,
    stored_id,
)


def _kinds(report: CycleReport) -> list[tuple[str, Outcome]]:
    return [(line.invoice_number, line.kind) for line in report.lines]


async def test_an_invoice_paid_since_the_sync_gets_nothing() -> None:
    anna = contact(1)
    day = a_day([invoice("RE-1", anna), invoice("RE-2", anna)], [anna])
    fakes = Fakes()
    fakes.payments.states["lx-RE-1"] = PaymentState(InvoiceStatus.PAID, 0)
    report = await send(fakes, day)
    assert _kinds(report) == [("RE-1", Outcome.NOT_SENT), ("RE-2", Outcome.SENT)]
    assert "lexoffice says paid" in report.lines[0].outcome
    assert [mail.subject for mail in fakes.sent] == ["Zahlungserinnerung RE-2"]
    assert set(fakes.ledger.states().values()) == {"sent"}, "nothing claimed for RE-1"


async def test_a_payment_in_progress_or_a_failed_re_check_sends_nothing_today() -> None:
    anna = contact(1)
    day = a_day([invoice("RE-1", anna)], [anna])
    moving, down = Fakes(), Fakes()
    moving.payments.states["lx-RE-1"] = PaymentState(InvoiceStatus.SEPADEBIT, 100_00)
    down.payments.unavailable = True
    for fakes in (moving, down):
        report = await send(fakes, day)
        assert _kinds(report) == [("RE-1", Outcome.NOT_SENT)]
        assert (fakes.sent, fakes.ledger.records) == ([], {})
    assert "due again next sending day" in (await send(down, day)).lines[0].outcome


async def test_a_lost_claim_sends_nothing() -> None:
    anna = contact(1)
    day = a_day([invoice("RE-1", anna)], [anna])
    fakes = Fakes()
    fakes.ledger.taken_elsewhere.add((stored_id(day, "RE-1"), Level.R1))
    report = await send(fakes, day)
    assert _kinds(report) == [("RE-1", Outcome.CLAIMED_ELSEWHERE)]
    assert fakes.sent == []
    assert fakes.outbox.sender_.tries == 0


async def test_an_unknown_outcome_stays_sending_and_is_never_retried() -> None:
    anna = contact(1)
    day = a_day([invoice("RE-1", anna)], [anna])
    fakes = Fakes()
    fakes.outbox.sender_.answers = [MailOutcomeUnknown("connection reset after DATA")]
    report = await send(fakes, day)
    assert _kinds(report) == [("RE-1", Outcome.REVIEW)]
    assert fakes.outbox.sender_.tries == 1
    assert list(fakes.ledger.states().values()) == ["sending"]
    again = await send(fakes, day)
    assert _kinds(again) == [("RE-1", Outcome.CLAIMED_ELSEWHERE)], "never sent a second time"


async def test_a_refused_send_is_retried_three_times_then_failed_and_due_again() -> None:
    """Rule 3: retried with backoff up to 3 times, i.e. four tries in all."""
    anna = contact(1)
    day = a_day([invoice("RE-1", anna)], [anna])
    fakes = Fakes()
    fakes.outbox.sender_.answers = [MailRefused("421 try later", permanent=False)] * 4
    report = await send(fakes, day)
    assert _kinds(report) == [("RE-1", Outcome.FAILED)]
    assert report.lines[0].outcome == "failed: 421 try later"
    assert fakes.outbox.sender_.tries == 4
    assert fakes.slept == [1.0, 2.0, 4.0]
    assert list(fakes.ledger.states().values()) == ["failed"]
    fakes.clock.at = NOW + timedelta(days=1)
    retried = await send_day(fakes.ports(), day, day.plan(fakes.clock.at, sending=True))
    assert _kinds(retried) == [("RE-1", Outcome.SENT)], "the failed claim is taken over"


async def test_a_permanent_refusal_is_not_retried() -> None:
    anna = contact(1)
    day = a_day([invoice("RE-1", anna)], [anna])
    fakes = Fakes()
    fakes.outbox.sender_.answers = [MailRefused("550 no such mailbox", permanent=True)]
    report = await send(fakes, day)
    assert (_kinds(report), fakes.outbox.sender_.tries) == ([("RE-1", Outcome.FAILED)], 1)


async def test_a_transport_that_cannot_be_opened_holds_the_claims() -> None:
    anna = contact(1)
    day = a_day([invoice("RE-1", anna)], [anna])
    fakes = Fakes()
    fakes.outbox.broken = OSError("connection refused")
    report = await send(fakes, day)
    assert _kinds(report) == [("RE-1", Outcome.HELD)]
    assert "the mail transport could not be opened" in report.lines[0].outcome
    assert list(fakes.ledger.states().values()) == ["held"]


async def test_a_missing_attachment_holds_the_whole_bundle() -> None:
    anna = contact(1)
    settings = TenantSettings(one_message_per_customer=True)
    day = a_day([invoice("RE-1", anna), invoice("RE-2", anna)], [anna], settings=settings)
    fakes = Fakes()
    fakes.documents.missing = Reason.of(ReasonCode.INVOICE_PDF_MISSING, error="404")
    report = await send(fakes, day)
    assert _kinds(report) == [("RE-1", Outcome.HELD), ("RE-2", Outcome.HELD)]
    assert "RE-1: invoice PDF not available" in report.lines[0].outcome
    assert fakes.sent == []


async def test_a_bundle_splits_into_letters_and_one_e_mail() -> None:
    anna, bert = contact(1), contact(2)
    settings = TenantSettings(one_message_per_customer=True)
    day = a_day(
        [
            invoice("RE-1", anna),
            invoice("RE-2", anna, days_overdue=25),
            invoice("RE-3", anna),
            invoice("RE-4", bert),
        ],
        [anna, bert],
        settings=settings,
        rules=policy(m1_by_post=True),
        history=R1_SENT,
    )
    fakes = Fakes()
    report = await send(fakes, day)
    by_number = {line.invoice_number: line for line in report.lines}
    assert {n: (line.level, line.channel, line.kind) for n, line in by_number.items()} == {
        "RE-1": (Level.R1, Channel.EMAIL, Outcome.SENT),
        "RE-2": (Level.M1, Channel.LETTER, Outcome.SENT),
        "RE-3": (Level.R1, Channel.EMAIL, Outcome.SENT),
        "RE-4": (Level.R1, Channel.EMAIL, Outcome.SENT),
    }
    assert by_number["RE-1"].outcome == "sent (one message)"
    assert by_number["RE-2"].recipient == "by post"
    assert [(m.to, m.subject) for m in fakes.sent] == [
        (("kunde1@example.com",), "Zahlungserinnerung RE-1, RE-3"),
        (("kunde2@example.com",), "Zahlungserinnerung RE-4"),
    ]
    assert [letter.item.planned.invoice.voucher_number for letter in fakes.post.posted] == ["RE-2"]


async def test_a_bundle_with_a_level_held_elsewhere_is_not_sent_and_takes_nothing() -> None:
    """The e-mail is rendered naming every invoice in it: sent for the levels it could claim,
    it would remind of RE-2 a second time (another process holds RE-2's R1 and sends it)."""
    anna = contact(1)
    settings = TenantSettings(one_message_per_customer=True)
    day = a_day([invoice("RE-1", anna), invoice("RE-2", anna)], [anna], settings=settings)
    fakes = Fakes()
    fakes.ledger.taken_elsewhere.add((stored_id(day, "RE-2"), Level.R1))
    report = await send(fakes, day)
    assert sorted(_kinds(report)) == [
        ("RE-1", Outcome.NOT_SENT),
        ("RE-2", Outcome.CLAIMED_ELSEWHERE),
    ]
    outcomes = {line.invoice_number: line.outcome for line in report.lines}
    assert outcomes["RE-1"] == PART_CLAIMED_ELSEWHERE
    assert (fakes.ledger.claims, fakes.sent) == (1, [])
    assert fakes.ledger.states() == {}, "nothing taken: RE-1 stays due for the next run"


async def test_deactivated_mid_day_the_next_claim_is_refused_and_the_rest_not_sent() -> None:
    """Rule 4: the owner deactivates the tenant right after its first message went out. The next
    claim is refused (it reads the activation in its own transaction): that message and every
    later one are reported not sent, nothing more is claimed or sent."""
    anna, bert, cora = contact(1), contact(2), contact(3)
    day = a_day(
        [invoice("RE-1", anna), invoice("RE-2", bert), invoice("RE-3", cora)], [anna, bert, cora]
    )
    fakes = Fakes()

    class Deactivating(FakeSender):
        async def send(self, mail: OutgoingMail) -> MailReceipt:
            receipt = await super().send(mail)
            fakes.ledger.still_activated = False
            return receipt

    fakes.outbox.sender_ = Deactivating()
    report = await send(fakes, day)
    assert _kinds(report) == [
        ("RE-1", Outcome.SENT),
        ("RE-2", Outcome.NOT_SENT),
        ("RE-3", Outcome.NOT_SENT),
    ]
    assert [line.outcome for line in report.lines[1:]] == [NOT_ACTIVATED, NOT_ACTIVATED]
    assert [mail.subject for mail in fakes.sent] == ["Zahlungserinnerung RE-1"]
    assert list(fakes.ledger.states().values()) == ["sent"], "nothing left sending"
    assert fakes.ledger.claims == 2, "no claim asked after the refused one"


async def test_a_refused_claim_takes_nothing_of_a_bundle_and_posts_no_letter() -> None:
    """Deactivated after the day was planned: the first message's claims are refused together,
    so nothing of the bundle is taken; the letter after it is not even claimed."""
    anna, bert = contact(1), contact(2)
    day = a_day(
        [invoice("RE-1", anna), invoice("RE-2", bert, days_overdue=25), invoice("RE-3", anna)],
        [anna, bert],
        settings=TenantSettings(one_message_per_customer=True),
        rules=policy(m1_by_post=True),
        history=R1_SENT,
    )
    fakes = Fakes()
    fakes.ledger.still_activated = False
    report = await send(fakes, day)
    assert sorted((line.invoice_number, line.channel, line.kind) for line in report.lines) == [
        ("RE-1", Channel.EMAIL, Outcome.NOT_SENT),
        ("RE-2", Channel.LETTER, Outcome.NOT_SENT),
        ("RE-3", Channel.EMAIL, Outcome.NOT_SENT),
    ]
    assert {line.outcome for line in report.lines} == {NOT_ACTIVATED}
    assert (fakes.sent, fakes.post.posted, fakes.ledger.records) == ([], [], {})
    assert fakes.ledger.claims == 1


async def test_without_bundling_each_invoice_is_a_message_of_its_own() -> None:
    anna = contact(1)
    day = a_day([invoice("RE-1", anna), invoice("RE-2", anna)], [anna])
    fakes = Fakes()
    report = await send(fakes, day)
    assert [line.outcome for line in report.lines] == ["sent", "sent"]
    assert len(fakes.sent) == 2


async def test_letters_without_a_postal_provider_are_not_sent() -> None:
    anna = contact(1)
    day = a_day(
        [invoice("RE-2", anna, days_overdue=25)],
        [anna],
        rules=policy(m1_by_post=True),
        history=R1_SENT,
    )
    fakes = Fakes()
    ports = fakes.ports()
    report = await send_day(replace(ports, post=None), day, day.plan(NOW, sending=True))
    assert _kinds(report) == [("RE-2", Outcome.NOT_SENT)]
    assert report.lines[0].outcome == NO_POSTAL
    assert fakes.ledger.records == {}


async def test_a_stale_sync_holds_the_whole_tenant() -> None:
    anna = contact(1)
    day = a_day([invoice("RE-1", anna)], [anna], last_sync=NOW - timedelta(hours=27))
    fakes = Fakes()
    report = await send(fakes, day)
    assert (report.held, report.lines) == (SYNC_TOO_OLD, [])
    assert (fakes.payments.lists, fakes.payments.asked) == (0, [])
    assert (fakes.sent, fakes.ledger.records) == ([], {})


async def test_a_failure_no_step_expected_holds_its_message_and_the_day_goes_on() -> None:
    anna, bert = contact(1), contact(2)
    day = a_day([invoice("RE-1", anna), invoice("RE-2", bert)], [anna, bert])
    fakes = Fakes()
    paid = PaymentState(InvoiceStatus.PAID, 0)  # left the voucher list: read alone

    class Broken(FakePayments):
        async def payment_state(self, voucher_id: str) -> PaymentState:
            if voucher_id == "lx-RE-1":
                raise RuntimeError("a bug")
            return await super().payment_state(voucher_id)

    fakes.payments = Broken(states={"lx-RE-1": paid})
    report = await send(fakes, day)
    assert _kinds(report) == [("RE-1", Outcome.HELD), ("RE-2", Outcome.SENT)]
    assert report.lines[0].outcome == "needs attention: unexpected failure (a bug)"


async def test_a_stop_before_the_hand_over_releases_the_claims() -> None:
    anna = contact(1)
    day = a_day([invoice("RE-1", anna)], [anna])
    fakes = Fakes()

    class Stopping(FakeDocuments):
        async def attachments(self, item: Item, rendered: Rendered) -> tuple[Attachment, ...] | str:
            raise asyncio.CancelledError

    fakes.documents = Stopping()
    with pytest.raises(asyncio.CancelledError):
        await send(fakes, day)
    [record] = fakes.ledger.records.values()
    assert (record.state, record.reason) == ("failed", STOPPED)
    assert fakes.sent == []


class Counting:
    """Watches the day's progress (`app.progress.Progress`) by counting."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0

    def start(self, total: int) -> None:
        self.total += total

    def advance(self, steps: int = 1) -> None:
        self.done += steps


async def test_each_message_is_a_step_of_the_days_progress_whatever_its_outcome() -> None:
    anna, ben = contact(1), contact(2)
    day = a_day([invoice("RE-1", anna), invoice("RE-2", ben)], [anna, ben])
    fakes = Fakes()
    fakes.outbox.sender_.answers = [MailRefused("550 no such user", permanent=True)]
    watched = Counting()
    report = await send_day(fakes.ports(), day, day.plan(NOW, sending=True), watched)
    assert sorted(line.kind for line in report.lines) == sorted([Outcome.FAILED, Outcome.SENT])
    assert (watched.total, watched.done) == (2, 2)


async def test_a_payment_told_after_the_re_check_stops_the_message_at_its_last_look() -> None:
    """RE-1 paid, RE-2 a part paid since the re-check (lexoffice's callback stored it): neither
    goes out; RE-3 is as the re-check saw it and goes out."""
    anna, ben, cem = contact(1), contact(2), contact(3)
    day = a_day(
        [invoice("RE-1", anna), invoice("RE-2", ben), invoice("RE-3", cem)], [anna, ben, cem]
    )
    fakes = Fakes()
    fakes.ledger.stored_open = {stored_id(day, "RE-1"): 0, stored_id(day, "RE-2"): 60_00}
    report = await send(fakes, day)
    assert _kinds(report) == [
        ("RE-1", Outcome.NOT_SENT),
        ("RE-2", Outcome.NOT_SENT),
        ("RE-3", Outcome.SENT),
    ]
    assert {line.outcome for line in report.lines[:2]} == {PAID_MEANWHILE}
    assert [mail.subject for mail in fakes.sent] == ["Zahlungserinnerung RE-3"]
    assert [r.claim.invoice_id for r in fakes.ledger.records.values()] == [stored_id(day, "RE-3")]
