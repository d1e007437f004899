"""A Mahnstopp set while a tenant's cycle runs (rule 3: "pausing is immediate"): the claim reads
the invoice's, its contact's and the tenant's pause as stored now (`tests/fakes`), not as the day
was planned. A paused invoice gets nothing, and a message with a paused invoice takes none of its
claims; the tenant's pause stops the rest of the day as a deactivation does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from automahntion.app.dunning import CycleReport, Outcome, send_day
from automahntion.app.dunning.report import PART_PAUSED, PAUSED_MEANWHILE
from automahntion.app.mail.ports import MailReceipt, OutgoingMail
from automahntion.app.tenants.records import TenantSettings
from automahntion.domain.day_plan import Channel
from automahntion.domain.escalation import SentLevel
from automahntion.domain.levels import Level
from automahntion.domain.pauses import Pause
from tests.fakes.dunning import (
    NOW,
    TODAY,
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
ENDED = Pause("Urlaub", until=TODAY - timedelta(days=1))
"""Over since yesterday: holds nothing today."""
BUNDLED = TenantSettings(one_message_per_customer=True)


def _lines(report: CycleReport) -> list[tuple[str, Outcome, str]]:
    return sorted((line.invoice_number, line.kind, line.outcome) for line in report.lines)


def _subjects(fakes: Fakes) -> list[str]:
    return [mail.subject for mail in fakes.sent]


class _PausingAfterFirst(FakeSender):
    """The owner sets a pause right after the cycle's first e-mail went out."""

    def __init__(self, pausing: Callable[[], None]) -> None:
        super().__init__()
        self._pausing = pausing

    async def send(self, mail: OutgoingMail) -> MailReceipt:
        receipt = await super().send(mail)
        if len(self.taken) == 1:
            self._pausing()
        return receipt


async def test_an_invoice_paused_while_the_cycle_runs_gets_nothing_and_the_day_goes_on() -> None:
    anna, bert, cora = contact(1), contact(2), contact(3)
    day = a_day(
        [invoice("RE-1", anna), invoice("RE-2", bert), invoice("RE-3", cora)], [anna, bert, cora]
    )
    fakes = Fakes()
    re2 = stored_id(day, "RE-2")
    fakes.outbox.sender_ = _PausingAfterFirst(
        lambda: fakes.ledger.invoice_pauses.__setitem__(re2, STOP)
    )
    report = await send(fakes, day)
    assert _lines(report) == [
        ("RE-1", Outcome.SENT, "sent"),
        ("RE-2", Outcome.NOT_SENT, PAUSED_MEANWHILE),
        ("RE-3", Outcome.SENT, "sent"),
    ]
    assert _subjects(fakes) == ["Zahlungserinnerung RE-1", "Zahlungserinnerung RE-3"]
    assert re2 not in {invoice_id for invoice_id, _ in fakes.ledger.states()}, "nothing taken"


async def test_a_contact_paused_while_the_cycle_runs_gets_nothing_more() -> None:
    """Each of the contact's invoices still to come is refused; a contact pause that ended
    yesterday holds nothing (the domain's `Pause.is_active` on the claim's day)."""
    anna, bert, cora = contact(1), contact(2), contact(3)
    day = a_day(
        [invoice("RE-1", anna), invoice("RE-2", bert), invoice("RE-3", anna)],
        [anna, bert, cora],
    )
    fakes = Fakes()

    def pausing() -> None:
        fakes.ledger.pause_contact(day, anna.lexoffice_id, STOP)
        fakes.ledger.pause_contact(day, bert.lexoffice_id, ENDED)

    fakes.outbox.sender_ = _PausingAfterFirst(pausing)
    report = await send(fakes, day)
    assert _subjects(fakes) == ["Zahlungserinnerung RE-1", "Zahlungserinnerung RE-2"]
    assert _lines(report) == [
        ("RE-1", Outcome.SENT, "sent"),
        ("RE-2", Outcome.SENT, "sent"),
        ("RE-3", Outcome.NOT_SENT, PAUSED_MEANWHILE),
    ]


async def test_a_bundle_with_an_invoice_paused_since_planning_takes_none_and_then_goes_alone() -> (
    None
):
    """One message for RE-1 and RE-2 names both: RE-2 paused, nothing of it is taken, RE-1 is
    due again; the next run (which loads RE-2's pause) sends RE-1 alone."""
    anna = contact(1)
    day = a_day([invoice("RE-1", anna), invoice("RE-2", anna)], [anna], settings=BUNDLED)
    plan = day.plan(NOW, sending=True)
    assert [len(m.items) for m in plan.messages] == [2]
    fakes = Fakes()
    fakes.ledger.invoice_pauses[stored_id(day, "RE-2")] = STOP  # set after the day was planned
    report = await send_day(fakes.ports(), day, plan)
    assert _lines(report) == [
        ("RE-1", Outcome.NOT_SENT, PART_PAUSED),
        ("RE-2", Outcome.NOT_SENT, PAUSED_MEANWHILE),
    ]
    assert (fakes.sent, fakes.ledger.records, fakes.ledger.claims) == ([], {}, 1)

    next_run = replace(
        day,
        files=[
            replace(f, invoice_pause=STOP) if f.invoice.voucher_number == "RE-2" else f
            for f in day.files
        ],
    )
    report = await send(fakes, next_run)
    assert _lines(report) == [("RE-1", Outcome.SENT, "sent")]
    assert _subjects(fakes) == ["Zahlungserinnerung RE-1"]


async def test_a_bundle_of_a_contact_paused_since_planning_takes_none() -> None:
    anna, bert = contact(1), contact(2)
    day = a_day(
        [invoice("RE-1", anna), invoice("RE-2", anna), invoice("RE-3", bert)],
        [anna, bert],
        settings=BUNDLED,
    )
    fakes = Fakes()
    fakes.ledger.pause_contact(day, anna.lexoffice_id, STOP)
    report = await send(fakes, day)
    assert _lines(report) == [
        ("RE-1", Outcome.NOT_SENT, PAUSED_MEANWHILE),
        ("RE-2", Outcome.NOT_SENT, PAUSED_MEANWHILE),
        ("RE-3", Outcome.SENT, "sent"),
    ]
    assert _subjects(fakes) == ["Zahlungserinnerung RE-3"]
    assert {invoice_id for invoice_id, _ in fakes.ledger.states()} == {stored_id(day, "RE-3")}


async def test_a_tenant_paused_while_the_cycle_runs_stops_the_rest_of_the_day() -> None:
    """As a deactivation does: the refused message and every later one are reported not sent,
    no claim is asked after the refused one. A tenant pause over since yesterday held nothing."""
    anna, bert, cora = contact(1), contact(2), contact(3)
    day = a_day(
        [invoice("RE-1", anna), invoice("RE-2", bert), invoice("RE-3", cora)], [anna, bert, cora]
    )
    fakes = Fakes()
    fakes.ledger.tenant_pause = ENDED
    fakes.outbox.sender_ = _PausingAfterFirst(lambda: setattr(fakes.ledger, "tenant_pause", STOP))
    report = await send(fakes, day)
    assert _lines(report) == [
        ("RE-1", Outcome.SENT, "sent"),
        ("RE-2", Outcome.NOT_SENT, PAUSED_MEANWHILE),
        ("RE-3", Outcome.NOT_SENT, PAUSED_MEANWHILE),
    ]
    assert _subjects(fakes) == ["Zahlungserinnerung RE-1"]
    assert list(fakes.ledger.states().values()) == ["sent"]
    assert fakes.ledger.claims == 2, "no claim asked after the refused one"


async def test_a_tenant_paused_since_planning_takes_nothing_of_a_bundle_and_posts_no_letter() -> (
    None
):
    anna, bert = contact(1), contact(2)
    day = a_day(
        [invoice("RE-1", anna), invoice("RE-2", bert, days_overdue=25), invoice("RE-3", anna)],
        [anna, bert],
        settings=BUNDLED,
        rules=policy(m1_by_post=True),
        history={"RE-2": (SentLevel(Level.R1, TODAY - timedelta(days=20)),)},
    )
    fakes = Fakes()
    fakes.ledger.tenant_pause = STOP
    report = await send(fakes, day)
    assert sorted((line.invoice_number, line.channel, line.outcome) for line in report.lines) == [
        ("RE-1", Channel.EMAIL, PAUSED_MEANWHILE),
        ("RE-2", Channel.LETTER, PAUSED_MEANWHILE),
        ("RE-3", Channel.EMAIL, PAUSED_MEANWHILE),
    ]
    assert (fakes.sent, fakes.post.posted, fakes.ledger.records) == ([], [], {})
    assert fakes.ledger.claims == 1
