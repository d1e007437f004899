"""Sending one dunning day through in-memory ports (`tests/fakes`): what a careful review of the
send path found: a claim is never left `sending` when nothing was handed over."""

from __future__ import annotations

from datetime import timedelta

from automahntion.app.dunning import Outcome, send_day
from automahntion.app.dunning.ports import Item, LetterDocument
from automahntion.app.mail.rendering import Rendered
from automahntion.app.messages.reasons import Reason
from automahntion.domain.escalation import SentLevel
from automahntion.domain.levels import Level
from tests.fakes.dunning import (
    NOW,
    TODAY,
    FakeDocuments,
    Fakes,
    a_day,
    contact,
    invoice,
    policy,
)

R1_SENT = {"RE-2": (SentLevel(Level.R1, TODAY - timedelta(days=20)),)}


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
    report = await send_day(fakes.ports(), day, day.plan(NOW, sending=True))
    assert [(line.invoice_number, line.kind) for line in report.lines] == [("RE-2", Outcome.HELD)]
    assert "the database went away" in report.lines[0].outcome
    assert list(fakes.ledger.states().values()) == ["held"]
    assert fakes.post.posted == []
