"""Use case: a tenant's thank-you e-mails of one day — within the month's quota of its loyalty
plan, first paid first; the rest waits for the next month (rules 5 and 6).

Exactly once, like dunning: a thank-you is claimed (`sending`, counted in the month) in one
transaction that holds the tenant's queue, handed to the transport after, and marked `sent`.
One whose outcome is unknown (the connection lost after DATA, a crash after the hand-over)
stays `sending`: never sent again, it is listed for review, where the owner resolves it. A stop
or an unexpected failure before the hand-over releases the claims (due again, counting in no
month). Each message has a Message-ID derived from (tenant, invoice), so even a resend by hand
is recognisable as the same one.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from uuid import UUID

from automahntion.app.loyalty.payments import PaymentChecks, confirm_payments
from automahntion.app.loyalty.ports import ThankYouFacts, ThankYouPorts
from automahntion.app.loyalty.ports import ThankYouRenderer as ThankYouRenderer
from automahntion.app.loyalty.queue import (
    QueuedThankYou,
    ThankYouQueue,
    claim_within_quota,
    read_queue,
)
from automahntion.app.mail.ports import (
    MailOutcomeUnknown,
    MailRefused,
    MailTransport,
    OutgoingMail,
)
from automahntion.app.mail.rendering import TemplateInvalid
from automahntion.app.mail.retries import SEND_ATTEMPTS, backoff_s, retries_left
from automahntion.app.mail.smtp_servers import tenant_transport
from automahntion.app.tenants.records import Tenant, TenantSettings
from automahntion.domain.activation import NOT_ACTIVATED
from automahntion.domain.calendar import SendingCalendar, berlin_month, berlin_today
from automahntion.domain.feedback import hash_token
from automahntion.domain.thanks import month_key, room_in_month

TOKEN_BYTES = 32


FEEDBACK_PATH = "/feedback/"


SWITCHED_OFF = "thank-you e-mails are switched off"


RESOLVED_MEANWHILE = "resolved in the review meanwhile: not sent by this run"


@dataclass(frozen=True)
class ThankYouLine:
    invoice_number: str
    customer: str
    recipient: str
    outcome: str


@dataclass
class ThankYouReport:
    tenant_id: UUID
    day: date
    held: str | None = None
    lines: list[ThankYouLine] = field(default_factory=list)
    waiting: int = 0
    """Due but past this month's quota: they go first next month."""

    @property
    def sent(self) -> list[ThankYouLine]:
        return [line for line in self.lines if line.outcome == "sent"]


def thank_you_message_id(tenant_id: UUID, invoice_id: UUID, domain: str) -> str:
    digest = hashlib.sha256(f"{tenant_id}:{invoice_id}:thank-you".encode()).hexdigest()[:40]
    return f"<thanks.{digest}@{domain}>"


def feedback_url(public_url: str, token: str) -> str:
    return public_url.rstrip("/") + FEEDBACK_PATH + token


async def _transport(ports: ThankYouPorts, tenant_id: UUID) -> MailTransport:
    async with ports.units() as uow:
        return await tenant_transport(ports.mail, uow.tenant(tenant_id))


async def _link(ports: ThankYouPorts, tenant: Tenant, item: QueuedThankYou) -> str:
    """A fresh token per message, stored only as its hash."""
    if not tenant.settings.feedback_link:
        return ""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    async with ports.units() as uow:
        await uow.tenant(tenant.id).feedback.add_token(
            item.stored.id, hash_token(token), ports.clock.now()
        )
    return feedback_url(ports.public_url, token)


async def deliver(
    sleep: Callable[[float], Awaitable[None]], transport: MailTransport, mail: OutgoingMail
) -> str:
    """`sent`, `unknown`, `refused: …` (for good) or `failed: …` (try again another day), after
    the first try and up to three retries with backoff."""
    reason = "not sent"
    for attempt in range(SEND_ATTEMPTS):
        try:
            await transport.send(mail)
        except MailOutcomeUnknown:
            return "unknown"
        except MailRefused as refused:
            if refused.permanent:
                return f"refused: {refused.reason}"
            reason = refused.reason
            if retries_left(attempt):
                await sleep(backoff_s(attempt))
            continue
        return "sent"
    return f"failed: {reason}"


def thank_you_texts(settings: TenantSettings, language: str | None) -> tuple[str, str, str]:
    """The language used and its subject and body: English for English invoices when the
    tenant keeps English texts, German otherwise."""
    if language == "en" and settings.thank_you_subject_en and settings.thank_you_body_en:
        return "en", settings.thank_you_subject_en, settings.thank_you_body_en
    return "de", settings.thank_you_subject, settings.thank_you_body


async def _handing_over(
    ports: ThankYouPorts, tenant_id: UUID, item: QueuedThankYou, pending: set[UUID]
) -> bool:
    """From here on a stop leaves it `sending` for review: it may go out."""
    async with ports.units() as uow:
        still = await uow.tenant(tenant_id).thank_yous.handing_over(
            item.stored.id, ports.clock.now()
        )
    pending.discard(item.stored.id)
    return still


async def _send_one(
    ports: ThankYouPorts,
    tenant: Tenant,
    transport: MailTransport,
    item: QueuedThankYou,
    month: str,
    pending: set[UUID],
) -> str:
    settings = tenant.settings
    invoice = item.stored.invoice
    language, subject, body = thank_you_texts(settings, invoice.language)
    try:
        rendered = ports.renderer.render_thank_you(
            subject,
            body,
            ThankYouFacts(
                customer_name=item.contact.contact.name,
                invoice_number=invoice.voucher_number,
                invoice_date=invoice.voucher_date,
                total_cents=invoice.total_cents,
                company_name=tenant.name,
                feedback_question=settings.feedback_question,
                feedback_link=await _link(ports, tenant, item),
                addressee=item.contact.contact.addressee,
            ),
            language,
        )
    except TemplateInvalid as error:
        outcome = f"failed: the thank-you template is invalid ({error})"
    else:
        if not await _handing_over(ports, tenant.id, item, pending):
            return RESOLVED_MEANWHILE
        mail = OutgoingMail(
            message_id=thank_you_message_id(tenant.id, item.stored.id, ports.message_domain),
            from_address=transport.from_address,
            from_name=tenant.name,
            to=(item.recipient,),
            subject=rendered.subject,
            text=rendered.body,
            reply_to=settings.reply_to or tenant.account_email,
        )
        outcome = await deliver(ports.sleep, transport, mail)
    async with ports.units() as uow:
        thank_yous = uow.tenant(tenant.id).thank_yous
        if outcome == "sent":
            await thank_yous.mark_sent(item.stored.id, month, ports.clock.now())
        elif outcome.startswith("refused"):
            await thank_yous.mark_failed(item.stored.id)
        elif outcome.startswith("failed"):
            await thank_yous.release(item.stored.id)
    pending.discard(item.stored.id)
    if outcome == "unknown":
        return "left in 'sending' for review: the server may have taken it"
    if outcome.startswith("failed"):
        return outcome + ": due again next sending day"
    return outcome


async def _checked_payments(
    ports: ThankYouPorts, queue: ThankYouQueue, quota: int, month: str
) -> PaymentChecks:
    async with ports.units() as uow:
        sent = await uow.tenant(queue.tenant.id).thank_yous.sent_in_month(month)
    return await confirm_payments(ports, queue, room_in_month(quota, sent))


def _unsent(item: QueuedThankYou, outcome: str) -> ThankYouLine:
    return ThankYouLine(
        item.stored.invoice.voucher_number, item.contact.contact.name, item.recipient, outcome
    )


async def _release(ports: ThankYouPorts, tenant_id: UUID, invoice_ids: list[UUID]) -> None:
    async with ports.units() as uow:
        thank_yous = uow.tenant(tenant_id).thank_yous
        for invoice_id in sorted(invoice_ids):
            await thank_yous.release(invoice_id)


@asynccontextmanager
async def released_if_stopped(
    ports: ThankYouPorts, tenant_id: UUID, pending: set[UUID]
) -> AsyncIterator[None]:
    """A stop (the process shutting down) or a failure no step expected: the claims not yet
    handed over certainly did not go out, so they are due again, never left `sending`. The one
    being handed over stays `sending` for review."""
    try:
        yield
    except (asyncio.CancelledError, Exception):
        if pending:
            with contextlib.suppress(Exception):  # e.g. still no database: review lists them
                await asyncio.shield(_release(ports, tenant_id, list(pending)))
        raise


async def send_thank_yous(ports: ThankYouPorts, tenant_id: UUID) -> ThankYouReport:
    now = ports.clock.now()
    today = berlin_today(now)
    report = ThankYouReport(tenant_id, today)
    queue, quota = await read_queue(ports, tenant_id)
    settings = queue.tenant.settings
    if not settings.thank_you_enabled:
        report.held = SWITCHED_OFF
        return report
    if not queue.tenant.activated:
        report.held = NOT_ACTIVATED
        return report
    if quota == 0:
        report.held = "no loyalty plan: no thank-you e-mails"
        return report
    if not SendingCalendar(settings.bundesland, settings.send_on_weekends).is_sending_day(today):
        report.held = "not a sending day"
        return report
    for stored, reason in queue.unaddressed:
        report.lines.append(ThankYouLine(stored.invoice.voucher_number, "", "", reason))
    if not queue.sendable:
        return report
    try:
        transport = await _transport(ports, tenant_id)
    except MailRefused as refused:
        report.held = f"the tenant's mail server is not usable: {refused.reason}"
        return report
    month = month_key(*berlin_month(now))
    checks = await _checked_payments(ports, queue, quota, month)
    for invoice_id, outcome in checks.outcomes:
        report.lines.append(_unsent(queue.items[invoice_id], outcome))
    confirmed = replace(queue, sendable=checks.confirmed)
    claimed, past_quota = await claim_within_quota(ports, confirmed, quota, month)
    report.waiting = checks.unchecked + past_quota
    pending = {item.stored.id for item in claimed}
    async with released_if_stopped(ports, tenant_id, pending):
        for item in claimed:
            outcome = await _send_one(ports, queue.tenant, transport, item, month, pending)
            report.lines.append(
                ThankYouLine(
                    item.stored.invoice.voucher_number,
                    item.contact.contact.name,
                    item.recipient,
                    outcome,
                )
            )
    return report
