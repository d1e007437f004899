"""One e-mail (one invoice, or one customer's when bundling): re-checked, rendered, claimed,
its attachments made, handed to the transport, and the outcome recorded on each claim."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from uuid import UUID

from automahntion.app.dunning.claims import claim, going_on_at_hand_over
from automahntion.app.dunning.ledger import Pending, released_if_stopped
from automahntion.app.dunning.load import CycleDay
from automahntion.app.dunning.ports import Item, SendPorts
from automahntion.app.dunning.prepare import message_id, prepare, render, together, top_item
from automahntion.app.dunning.report import (
    MAIL_REVIEW,
    PAUSED_MEANWHILE,
    SENT_UNRECORDED,
    CycleReport,
    Outcome,
)
from automahntion.app.mail.ports import (
    Attachment,
    MailOutcomeUnknown,
    MailRefused,
    MailSender,
    OutgoingMail,
)
from automahntion.app.mail.rendering import Rendered
from automahntion.app.mail.retries import SEND_ATTEMPTS, backoff_s, retries_left
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.domain.day_plan import PlannedMessage


def noted(item: Item, outcome: str) -> str:
    """A sent message whose interest runs past the base-rate table says so."""
    unconfirmed = min(
        (f.unconfirmed_from for f in item.facts.fees if f.unconfirmed_from), default=None
    )
    if unconfirmed is None:
        return outcome
    return (
        f"{outcome} (interest from {unconfirmed:%d.%m.%Y} at the last known base rate: "
        "unconfirmed, add the new half-year to AUTOMAHNTION_BASE_RATES_FILE)"
    )


async def send_email(
    ports: SendPorts, day: CycleDay, message: PlannedMessage, report: CycleReport
) -> None:
    items = await prepare(ports, day, message.items, report)
    if not items:
        return
    top = top_item(items)
    facts = together(items)
    made = await render(ports, day, items, facts, report)
    if made is None:
        return
    version_id, rendered = made
    mail_id = message_id(day.tenant.id, top.stored.id, top.planned.level, ports.message_domain)
    claimed = await claim(ports, items, mail_id, version_id, report, facts)
    if not claimed:
        return
    pending = Pending([claim_id for _, claim_id in claimed])
    async with released_if_stopped(ports.ledger, pending, ports.clock.now):
        await _hand_over(ports, day, (top, mail_id, rendered), claimed, report, pending)


async def _hand_over(
    ports: SendPorts,
    day: CycleDay,
    message: tuple[Item, str, Rendered],
    claimed: list[tuple[Item, UUID]],
    report: CycleReport,
    pending: Pending,
) -> None:
    """The claimed items' attachments, then one message to the transport; what happened is
    recorded on each claim (held when nothing could be handed over)."""
    top, mail_id, rendered = message
    attachments = await _with_attachments(ports, claimed, rendered, report)
    transport = None if attachments is None else await _opened(ports, claimed, report)
    if attachments is None or transport is None:
        pending.ids.clear()
        return
    settings = day.tenant.settings
    recipient = top.planned.outlook.recipient or ""
    mail = OutgoingMail(
        message_id=mail_id,
        from_address=transport.from_address,
        from_name=day.tenant.name,
        to=(recipient,),
        subject=rendered.subject,
        text=rendered.body,
        cc=settings.cc,
        bcc=settings.bcc,
        reply_to=settings.reply_to or day.tenant.account_email,
        attachments=tuple(attachments),
    )
    unpaused = partial(going_on_at_hand_over, ports, claimed, pending, report)
    outcome, detail, refused = await _deliver(ports, transport, mail, pending, unpaused)
    if outcome is Outcome.NOT_SENT:  # paused meanwhile: taken back and reported
        return
    ids = [claim_id for _, claim_id in claimed]
    if outcome is Outcome.REVIEW:
        for item, _ in claimed:
            report.add(item.planned, Outcome.REVIEW, MAIL_REVIEW)
        return
    if outcome is Outcome.SENT:
        try:
            await ports.ledger.mark_sent(
                ids,
                at=ports.clock.now(),
                recipient_domain=recipient.rpartition("@")[2],
                transport_message_id=detail,
                content_sha256=rendered.sha256,
            )
        except Exception as error:  # it went out: left `sending` for review, never held
            for item, _ in claimed:
                report.add(item.planned, Outcome.REVIEW, f"{SENT_UNRECORDED} ({error})")
            return
        words = "sent (one message)" if len(claimed) > 1 else "sent"
        for item, _ in claimed:
            report.add(item.planned, Outcome.SENT, noted(item, words))
        return
    await ports.ledger.mark_failed(
        ids,
        reason=Reason.failed(ReasonCode.MAIL_REFUSED, refused)
        if refused is not None
        else Reason.of(ReasonCode.MAIL_REFUSED, error=detail),
        at=ports.clock.now(),
    )
    for item, _ in claimed:
        report.add(item.planned, Outcome.FAILED, f"failed: {detail}")


async def _deliver(
    ports: SendPorts,
    transport: MailSender,
    mail: OutgoingMail,
    pending: Pending,
    unpaused: Callable[[], Awaitable[bool]],
) -> tuple[Outcome, str, MailRefused | None]:
    """(SENT, transport message id), (FAILED, reason, the last refusal) after the first try
    and up to three retries, (REVIEW, …) when the server may have taken it, or (NOT_SENT, …)
    when a pause set since the claim was found right before an attempt (`unpaused`)."""
    reason = "not sent"
    last: MailRefused | None = None
    for attempt in range(SEND_ATTEMPTS):
        if not await unpaused():
            return Outcome.NOT_SENT, PAUSED_MEANWHILE, None
        try:
            pending.handed_over = True
            receipt = await transport.send(mail)
        except MailOutcomeUnknown:
            return Outcome.REVIEW, MAIL_REVIEW, None
        except MailRefused as refused:
            pending.handed_over = False
            reason, last = refused.reason, refused
            if refused.permanent or not retries_left(attempt):
                break
            await ports.sleep(backoff_s(attempt))
            continue
        except Exception:  # handed to the transport: it may have taken it
            return Outcome.REVIEW, MAIL_REVIEW, None
        return Outcome.SENT, receipt.transport_message_id or "", None
    return Outcome.FAILED, reason, last


async def _with_attachments(
    ports: SendPorts, claimed: list[tuple[Item, UUID]], rendered: Rendered, report: CycleReport
) -> list[Attachment] | None:
    """Every attachment of the message, or None when one cannot be made: the message is then
    held as a whole (its text names every invoice in it)."""
    attachments: list[Attachment] = []
    for item, _ in claimed:
        found = await ports.documents.attachments(item, rendered)
        if isinstance(found, Reason):
            number = item.planned.invoice.voucher_number
            reason = found if len(claimed) == 1 else found.about(number)
            await hold_claims(ports, claimed, reason, report)
            return None
        attachments += found
    return attachments


async def hold_claims(
    ports: SendPorts, claimed: Sequence[tuple[Item, UUID]], reason: Reason, report: CycleReport
) -> None:
    """Claims certainly not handed over: held with the reason, due again next sending day."""
    for item, claim_id in claimed:
        await ports.ledger.mark_held(claim_id, reason=reason, at=ports.clock.now())
        report.held_line(item.planned, reason)


async def _opened(
    ports: SendPorts, claimed: list[tuple[Item, UUID]], report: CycleReport
) -> MailSender | None:
    """The tenant's transport, or None when it cannot be opened: nothing was handed over, so
    the claims are held."""
    try:
        return await ports.outbox.sender()
    except Exception as error:  # e.g. the tenant's SMTP server is unreachable
        reason = Reason.failed(ReasonCode.TRANSPORT_UNAVAILABLE, error)
        await hold_claims(ports, claimed, reason, report)
        return None
