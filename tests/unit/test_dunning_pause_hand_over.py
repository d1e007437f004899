"""A Mahnstopp set after a message was claimed and before it is handed over (rule 3: "pausing
is immediate"): while its attachments or its letter's document are made, or its transport is
opened, or while it waits to be tried again after a refusal. The last look right before the
hand-over reads the pauses as stored now (`tests/fakes`): the message's claims are taken back
as if never taken (neither sent, failed nor held), nothing goes out, and the report says so as
the claim's refusal does; the tenant's pause stops the rest of the day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from automahntion.app.dunning import CycleReport, Outcome
from automahntion.app.dunning.ports import Item, LetterDocument
from automahntion.app.dunning.report import PART_PAUSED, PAUSED_MEANWHILE
from automahntion.app.mail.ports import Attachment, MailReceipt, MailRefused, OutgoingMail
from automahntion.app.mail.rendering import Rendered
from automahntion.app.messages.reasons import Reason
from automahntion.app.tenants.records import TenantSettings
from automahntion.domain.activation import NOT_ACTIVATED
from automahntion.domain.pauses import Pause
from tests.fakes.dunning import (
    R1_SENT,
    FakeDocuments,
    FakeOutbox,
    Fakes,
    FakeSender,
    a_day,
    contact,
    invoice,
    policy,
    send,
    stored_id,
)

STOP = Pause("Kunde hat angerufen")
BUNDLED = TenantSettings(one_message_per_customer=True)


def _lines(report: CycleReport) -> list[tuple[str, Outcome, str]]:
    return sorted((line.invoice_number, line.kind, line.outcome) for line in report.lines)


def _subjects(fakes: Fakes) -> list[str]:
    return [mail.subject for mail in fakes.sent]


@dataclass
class _PausingWhileMade(FakeDocuments):
    """The owner sets a pause while the attachments (or the letter) of `number` are made:
    after its claim, before its hand-over."""

    number: str | None = None
    """None: whichever is made first."""
    pausing: Callable[[], None] = lambda: None
    done: list[str] = field(default_factory=list)

    def _made(self, item: Item) -> None:
        number = item.planned.invoice.voucher_number
        if self.number in (None, number) and not self.done:
            self.done.append(number)
            self.pausing()

    async def attachments(self, item: Item, rendered: Rendered) -> tuple[Attachment, ...] | Reason:
        self._made(item)
        return await super().attachments(item, rendered)

    async def letter(self, item: Item, rendered: Rendered) -> LetterDocument | Reason:
        self._made(item)
        return await super().letter(item, rendered)


@dataclass
class _PausingOutbox(FakeOutbox):
    """The owner sets a pause while the transport is opened."""

    pausing: Callable[[], None] = lambda: None

    async def sender(self) -> FakeSender:
        self.pausing()
        return await super().sender()


class _PausingOnRefusal(FakeSender):
    """The server refuses for now; the owner sets a pause before the message is tried again."""

    def __init__(self, pausing: Callable[[], None]) -> None:
        super().__init__(answers=[MailRefused("421 try later", permanent=False)])
        self._pausing = pausing

    async def send(self, mail: OutgoingMail) -> MailReceipt:
        if self.tries == 0:
            self._pausing()
        return await super().send(mail)


async def test_an_invoice_paused_while_its_attachments_are_made_is_taken_back() -> None:
    """Not sent, not failed, not held: as if never claimed today; the day goes on."""
    anna, bert = contact(1), contact(2)
    day = a_day([invoice("RE-1", anna), invoice("RE-2", bert)], [anna, bert])
    fakes = Fakes()
    re1 = stored_id(day, "RE-1")
    fakes.documents = _PausingWhileMade(
        number="RE-1", pausing=lambda: fakes.ledger.invoice_pauses.__setitem__(re1, STOP)
    )
    report = await send(fakes, day)
    assert _lines(report) == [
        ("RE-1", Outcome.NOT_SENT, PAUSED_MEANWHILE),
        ("RE-2", Outcome.SENT, "sent"),
    ]
    assert _subjects(fakes) == ["Zahlungserinnerung RE-2"]
    assert re1 not in {invoice_id for invoice_id, _ in fakes.ledger.states()}, "taken back"


async def test_a_bundle_with_an_invoice_paused_while_the_transport_opens_takes_none() -> None:
    anna = contact(1)
    day = a_day([invoice("RE-1", anna), invoice("RE-2", anna)], [anna], settings=BUNDLED)
    fakes = Fakes()
    re2 = stored_id(day, "RE-2")
    fakes.outbox = _PausingOutbox(
        pausing=lambda: fakes.ledger.invoice_pauses.__setitem__(re2, STOP)
    )
    report = await send(fakes, day)
    assert _lines(report) == [
        ("RE-1", Outcome.NOT_SENT, PART_PAUSED),
        ("RE-2", Outcome.NOT_SENT, PAUSED_MEANWHILE),
    ]
    assert (fakes.sent, fakes.ledger.records) == ([], {})


async def test_a_contact_paused_while_the_transport_opens_gets_nothing() -> None:
    anna, bert = contact(1), contact(2)
    day = a_day([invoice("RE-1", anna), invoice("RE-2", bert)], [anna, bert])
    fakes = Fakes()
    fakes.outbox = _PausingOutbox(
        pausing=lambda: fakes.ledger.pause_contact(day, anna.lexoffice_id, STOP)
    )
    report = await send(fakes, day)
    assert _lines(report) == [
        ("RE-1", Outcome.NOT_SENT, PAUSED_MEANWHILE),
        ("RE-2", Outcome.SENT, "sent"),
    ]
    assert _subjects(fakes) == ["Zahlungserinnerung RE-2"]


async def test_a_tenant_paused_before_the_hand_over_stops_the_rest_of_the_day() -> None:
    """The message is taken back, not held by the stop it raises; no later claim is asked."""
    anna, bert, cora = contact(1), contact(2), contact(3)
    day = a_day(
        [invoice("RE-1", anna), invoice("RE-2", bert), invoice("RE-3", cora)], [anna, bert, cora]
    )
    fakes = Fakes()
    fakes.documents = _PausingWhileMade(
        number="RE-1", pausing=lambda: setattr(fakes.ledger, "tenant_pause", STOP)
    )
    report = await send(fakes, day)
    assert _lines(report) == [
        ("RE-1", Outcome.NOT_SENT, PAUSED_MEANWHILE),
        ("RE-2", Outcome.NOT_SENT, PAUSED_MEANWHILE),
        ("RE-3", Outcome.NOT_SENT, PAUSED_MEANWHILE),
    ]
    assert (fakes.sent, fakes.ledger.records, fakes.ledger.claims) == ([], {}, 1)


async def test_a_pause_set_while_a_refused_message_waits_is_read_before_the_next_try() -> None:
    anna = contact(1)
    day = a_day([invoice("RE-1", anna)], [anna])
    fakes = Fakes()
    re1 = stored_id(day, "RE-1")
    fakes.outbox.sender_ = _PausingOnRefusal(
        lambda: fakes.ledger.invoice_pauses.__setitem__(re1, STOP)
    )
    report = await send(fakes, day)
    assert _lines(report) == [("RE-1", Outcome.NOT_SENT, PAUSED_MEANWHILE)]
    assert (fakes.outbox.sender_.tries, fakes.ledger.last_looks) == (1, 2)
    assert fakes.ledger.records == {}, "the refused try is not a failure to report"


async def test_an_unpaused_message_is_looked_at_once_before_it_is_handed_over() -> None:
    anna = contact(1)
    fakes = Fakes()
    report = await send(fakes, a_day([invoice("RE-1", anna)], [anna]))
    assert _lines(report) == [("RE-1", Outcome.SENT, "sent")]
    assert (fakes.ledger.last_looks, list(fakes.ledger.states().values())) == (1, ["sent"])


async def test_a_letter_paused_while_its_document_is_made_is_not_posted() -> None:
    anna, bert = contact(1), contact(2)
    day = a_day(
        [invoice("RE-1", anna), invoice("RE-2", bert, days_overdue=25)],
        [anna, bert],
        rules=policy(m1_by_post=True),
        history=R1_SENT,
    )
    fakes = Fakes()
    re2 = stored_id(day, "RE-2")
    fakes.documents = _PausingWhileMade(
        number="RE-2", pausing=lambda: fakes.ledger.invoice_pauses.__setitem__(re2, STOP)
    )
    report = await send(fakes, day)
    assert _lines(report) == [
        ("RE-1", Outcome.SENT, "sent"),
        ("RE-2", Outcome.NOT_SENT, PAUSED_MEANWHILE),
    ]
    assert fakes.post.posted == []
    assert re2 not in {invoice_id for invoice_id, _ in fakes.ledger.states()}, "taken back"


async def test_a_tenant_paused_while_a_letter_is_made_posts_nothing_more() -> None:
    bert, cora = contact(2), contact(3)
    day = a_day(
        [invoice("RE-2", bert, days_overdue=25), invoice("RE-3", cora, days_overdue=26)],
        [bert, cora],
        rules=policy(m1_by_post=True),
        history={**R1_SENT, "RE-3": R1_SENT["RE-2"]},
    )
    fakes = Fakes()
    fakes.documents = _PausingWhileMade(pausing=lambda: setattr(fakes.ledger, "tenant_pause", STOP))
    report = await send(fakes, day)
    assert _lines(report) == [
        ("RE-2", Outcome.NOT_SENT, PAUSED_MEANWHILE),
        ("RE-3", Outcome.NOT_SENT, PAUSED_MEANWHILE),
    ]
    assert (fakes.post.posted, fakes.ledger.records, fakes.ledger.claims) == ([], {}, 1)


async def test_a_tenant_deactivated_while_the_transport_opens_sends_nothing_more() -> None:
    """The owner switches sending off after the claim: the message is taken back, and the rest
    of the day is not sent, as when the claim itself finds the tenant deactivated."""
    anna, bert = contact(1), contact(2)
    day = a_day([invoice("RE-1", anna), invoice("RE-2", bert)], [anna, bert])
    fakes = Fakes()
    fakes.outbox = _PausingOutbox(pausing=lambda: setattr(fakes.ledger, "still_activated", False))
    report = await send(fakes, day)
    assert _lines(report) == [
        ("RE-1", Outcome.NOT_SENT, NOT_ACTIVATED),
        ("RE-2", Outcome.NOT_SENT, NOT_ACTIVATED),
    ]
    assert (fakes.sent, fakes.ledger.records, fakes.ledger.claims) == ([], {}, 1)


async def test_a_tenant_deactivated_while_a_letter_is_made_posts_nothing() -> None:
    bert = contact(2)
    day = a_day(
        [invoice("RE-2", bert, days_overdue=25)],
        [bert],
        rules=policy(m1_by_post=True),
        history=R1_SENT,
    )
    fakes = Fakes()
    fakes.documents = _PausingWhileMade(
        pausing=lambda: setattr(fakes.ledger, "still_activated", False)
    )
    report = await send(fakes, day)
    assert _lines(report) == [("RE-2", Outcome.NOT_SENT, NOT_ACTIVATED)]
    assert (fakes.post.posted, fakes.ledger.records) == ([], {})
