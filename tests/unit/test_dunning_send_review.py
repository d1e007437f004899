"""Sending one dunning day through in-memory ports (`tests/fakes`): what a careful review of the
send path found — a claim never left `sending` when nothing was handed over, nothing sent once
the sending day is over, a dry run naming a letter by post as such."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID

from automahntion.app.dunning import CycleReport, Outcome, report_of, send_day
from automahntion.app.dunning.ports import Item, LetterDocument
from automahntion.app.dunning.report import BY_POST, DAY_ENDED
from automahntion.app.mail.ports import MailReceipt, MailRefused, OutgoingMail
from automahntion.app.mail.rendering import Rendered
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.domain.day_plan import Channel
from tests.fakes.dunning import (
    NOW,
    R1_SENT,
    FakeDocuments,
    FakeLedger,
    Fakes,
    FakeSender,
    a_day,
    contact,
    invoice,
    policy,
    send,
)


async def test_a_letter_whose_document_fails_unexpectedly_is_held_not_left_sending() -> None:
    """Making the letter's PDF raised (e.g. reading the letterhead's logo failed) after its level
    was claimed: nothing went to the provider, so the claim is held with the reason and due
    again — not left `sending` for review and reported as claimed by another process."""
    anna = contact(1)
    day = a_day(
        [invoice("RE-2", anna, days_overdue=25)],
        [anna],
        rules=policy(m1_by_post=True),
        history=R1_SENT,
    )
    fakes = Fakes()

    class Failing(FakeDocuments):
        async def letter(self, item: Item, rendered: Rendered) -> LetterDocument | Reason:
            raise RuntimeError("the database went away")

    fakes.documents = Failing()
    report = await send(fakes, day)
    assert [(line.invoice_number, line.kind) for line in report.lines] == [("RE-2", Outcome.HELD)]
    assert "the database went away" in report.lines[0].outcome
    assert list(fakes.ledger.states().values()) == ["held"]
    assert fakes.post.posted == []


def _report_kinds(report: CycleReport) -> list[tuple[str, Outcome]]:
    return [(line.invoice_number, line.kind) for line in report.lines]


async def test_nothing_is_sent_once_the_planned_day_has_ended() -> None:
    """A Friday's cycle that runs late (a worker restarted at night) still has messages to send
    at midnight: Saturday is no sending day, so what is left is not sent (due again on Monday)."""
    anna, bert = contact(1), contact(2)
    friday_late = datetime(2026, 3, 13, 22, 59, tzinfo=UTC)  # 23:59 in Berlin
    day = a_day(
        [invoice("RE-1", anna), invoice("RE-2", bert)],
        [anna, bert],
        last_sync=friday_late - timedelta(hours=2),
    )
    day = replace(day, moment=friday_late)
    fakes = Fakes()
    fakes.clock.at = friday_late
    plan = day.plan(friday_late, sending=True)
    assert len(plan.messages) == 2

    class Slow(FakeSender):
        async def send(self, mail: OutgoingMail) -> MailReceipt:
            receipt = await super().send(mail)
            fakes.clock.at = friday_late + timedelta(minutes=2)  # Saturday 00:01 in Berlin
            return receipt

    fakes.outbox.sender_ = Slow()
    report = await send_day(fakes.ports(), day, plan)
    assert _report_kinds(report) == [("RE-1", Outcome.SENT), ("RE-2", Outcome.NOT_SENT)]
    assert [mail.subject for mail in fakes.sent] == ["Zahlungserinnerung RE-1"]
    assert report.lines[1].outcome == DAY_ENDED
    assert [r.claim.day for r in fakes.ledger.records.values()] == [friday_late.date()]


async def test_a_dry_run_names_a_letter_by_post_as_by_post() -> None:
    """The dry run (`run --dry-run`) says where each message would go as the cycle's own report
    does: a notice by post goes "by post", not to the customer's e-mail address."""
    anna = contact(1)
    day = a_day(
        [invoice("RE-1", anna), invoice("RE-2", anna, days_overdue=25)],
        [anna],
        rules=policy(m1_by_post=True),
        history=R1_SENT,
    )
    report = report_of(day, day.plan(NOW, sending=False), dry_run=True)
    assert [(line.invoice_number, line.channel, line.recipient) for line in report.lines] == [
        ("RE-1", Channel.EMAIL, "kunde1@example.com"),
        ("RE-2", Channel.LETTER, BY_POST),
    ]


async def test_a_sent_mail_whose_outcome_cannot_be_recorded_is_reported_for_review() -> None:
    """The server took the e-mail, then recording it as sent failed (the database went away): the
    claim stays `sending` for review and the report says so — not "claimed elsewhere: not sent
    again" nor "held", which would have the owner send it a second time by hand."""
    anna = contact(1)
    day = a_day([invoice("RE-1", anna)], [anna])
    fakes = Fakes()

    class Lost(FakeLedger):
        async def mark_sent(
            self,
            claim_ids: Sequence[UUID],
            *,
            at: datetime,
            recipient_domain: str,
            transport_message_id: str | None,
            content_sha256: str,
        ) -> None:
            raise ConnectionError("the database went away")

    fakes.ledger = Lost()
    report = await send(fakes, day)
    assert _report_kinds(report) == [("RE-1", Outcome.REVIEW)]
    assert len(fakes.sent) == 1
    assert list(fakes.ledger.states().values()) == ["sending"]


async def test_a_refused_mail_whose_failure_cannot_be_recorded_is_held_not_left_sending() -> None:
    """The server refused the e-mail, then recording the failure failed (a commit that lost a
    deadlock): nothing went out, so the claim is held with the reason and due again — not left
    `sending` for the owner to review and reported as claimed by another process."""
    anna = contact(1)
    day = a_day([invoice("RE-1", anna)], [anna])
    fakes = Fakes()
    fakes.outbox.sender_.answers = [MailRefused("550 no such mailbox", permanent=True)]

    class Lost(FakeLedger):
        async def mark_failed(
            self, claim_ids: Sequence[UUID], *, reason: Reason, at: datetime
        ) -> None:
            raise ConnectionError("deadlock detected")

    fakes.ledger = Lost()
    report = await send(fakes, day)
    assert _report_kinds(report) == [("RE-1", Outcome.HELD)]
    assert "deadlock detected" in report.lines[0].outcome
    assert list(fakes.ledger.states().values()) == ["held"]
    assert fakes.sent == []


async def test_a_letter_whose_hold_cannot_be_recorded_at_first_is_held_not_left_sending() -> None:
    """The letter's document is missing today, and recording the hold fails once (a commit that
    lost a deadlock): nothing went to the provider, so the claim still ends up held."""
    anna = contact(1)
    day = a_day(
        [invoice("RE-2", anna, days_overdue=25)],
        [anna],
        rules=policy(m1_by_post=True),
        history=R1_SENT,
    )
    fakes = Fakes()
    fakes.documents.missing = Reason(ReasonCode.NO_DOCUMENT_STORE)

    class Flaky(FakeLedger):
        failed_once: bool = False

        async def mark_held(self, claim_id: UUID, *, reason: Reason, at: datetime) -> None:
            if not self.failed_once:
                self.failed_once = True
                raise ConnectionError("deadlock detected")
            await super().mark_held(claim_id, reason=reason, at=at)

    fakes.ledger = Flaky()
    report = await send(fakes, day)
    assert _report_kinds(report) == [("RE-2", Outcome.HELD)]
    assert list(fakes.ledger.states().values()) == ["held"]
    assert fakes.post.posted == []
