"""Before a message is claimed and handed over: each invoice re-checked in lexoffice right now,
its amounts, the text rendered (the claims: `claims`). Whatever fails holds only this
message."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from uuid import UUID

from automahntion.app.dunning.load import CycleDay
from automahntion.app.dunning.ports import Item, SendPorts
from automahntion.app.dunning.report import (
    CLAIMED_ELSEWHERE,
    CycleReport,
    Outcome,
)
from automahntion.app.errors import (
    LevelAlreadyClaimed,
)
from automahntion.app.lexoffice.ports import (
    LexofficeNotFound,
    LexofficeUnavailable,
    LexofficeUnreadable,
)
from automahntion.app.mail.rendering import InvoiceLine, MessageFacts, Rendered
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.messages.records import Claim
from automahntion.domain.calendar import berlin_today, payment_deadline
from automahntion.domain.cycle import InvoiceFile
from automahntion.domain.day_plan import Channel, PlannedItem, Pricing
from automahntion.domain.escalation import SentLevel
from automahntion.domain.freshness import confirmed_unpaid
from automahntion.domain.interest import BaseRateTable
from automahntion.domain.levels import Level


def message_id(tenant_id: UUID, invoice_id: UUID, level: Level, domain: str) -> str:
    """The same (tenant, invoice, level) always gets the same Message-ID."""
    digest = hashlib.sha256(f"{tenant_id}:{invoice_id}:{level}".encode()).hexdigest()[:40]
    return f"<{level.value.lower()}.{digest}@{domain}>"


def previous_message(file: InvoiceFile) -> SentLevel | None:
    """The highest level already sent (or claimed) for the invoice."""
    return max(file.history, key=lambda sent: sent.level.rank, default=None)


def facts(
    rates: BaseRateTable,
    day: CycleDay,
    file: InvoiceFile,
    fees: Pricing,
    open_cents: int,
    today: date,
    level: Level,
    *,
    document_attached: bool = False,
) -> MessageFacts:
    """What the template may use; the fee and interest lines on the amount open now, and the
    date to pay by counted from `today`; `document_attached` when the e-mail will carry the
    notice's document."""
    invoice = file.invoice
    policy = day.rules.policy
    payment_days = policy.setting(level).days_to_pay
    return MessageFacts(
        customer_name=file.contact.name if file.contact else "",
        invoice_number=invoice.voucher_number,
        invoice_date=invoice.voucher_date,
        due_date=invoice.due_date,
        open_cents=open_cents,
        total_cents=invoice.total_cents,
        days_overdue=invoice.days_overdue(today),
        fees=fees.charges(open_cents, rates),
        company_name=day.tenant.name,
        payment_details=day.tenant.settings.payment_details,
        addressee=file.contact.addressee if file.contact else None,
        payment_deadline=payment_deadline(today, payment_days, day.rules.calendar),
        payment_days=payment_days,
        previous=previous_message(file),
        is_last_level=policy.is_last(level),
        after_last_level=day.tenant.settings.after_last_level,
        document_attached=document_attached,
    )


def attaches_notice(ports: SendPorts, planned: PlannedItem) -> bool:
    """Whether the e-mail for `planned` will carry its notice's document (an M-level with a
    document store); a letter by post encloses it instead."""
    return (
        planned.channel is Channel.EMAIL
        and planned.level.is_dunning_notice
        and ports.documents.makes_notices
    )


def together(items: Sequence[Item]) -> MessageFacts:
    """One message for several invoices of one customer: amounts add up, each fee with its
    invoice. It names an earlier message only when every invoice in it had one."""
    top = top_item(items).facts
    if len(items) == 1:
        return top
    earlier = [i.facts.previous for i in items]
    return replace(
        top,
        invoice_number=", ".join(i.planned.invoice.voucher_number for i in items),
        open_cents=sum(i.open_cents for i in items),
        total_cents=sum(i.planned.invoice.total_cents for i in items),
        days_overdue=max(i.facts.days_overdue for i in items),
        fees=tuple(fee for i in items for fee in i.facts.fees),
        items=tuple(
            InvoiceLine(
                i.planned.invoice.voucher_number,
                i.planned.invoice.voucher_date,
                i.planned.invoice.due_date,
                i.open_cents,
                i.facts.fees,
            )
            for i in items
        ),
        previous=top.previous if all(earlier) else None,
    )


def top_item(items: Sequence[Item]) -> Item:
    """The item a message is written at: the first of the highest level."""
    return max(items, key=lambda i: i.planned.level.rank)


async def recheck(ports: SendPorts, planned: PlannedItem) -> tuple[int | None, Reason | None]:
    """The open amount confirmed right now, or why nothing may be sent: a payment state lexoffice
    gives unreadable fails the re-check as one it cannot be asked for (due again the next
    sending day), not as an unexpected failure that holds the message."""
    if ports.payments is None:
        return None, Reason(ReasonCode.LEXOFFICE_UNREACHABLE)
    try:
        state = await ports.payments.payment_state(planned.invoice.lexoffice_id)
    except (LexofficeUnavailable, LexofficeUnreadable) as error:
        return None, Reason.failed(ReasonCode.RECHECK_FAILED, error)
    reread = replace(planned.invoice, status=state.status, open_cents=state.open_cents)
    if not confirmed_unpaid(reread):
        return None, Reason.settled(state.status.value, state.open_cents)
    return state.open_cents, None


def with_language(planned: PlannedItem, language: str) -> PlannedItem:
    file = planned.outlook.file
    invoice = replace(file.invoice, language=language)
    return replace(planned, outlook=replace(planned.outlook, file=replace(file, invoice=invoice)))


async def read_language(
    ports: SendPorts, planned: PlannedItem
) -> tuple[PlannedItem, Reason | None]:
    """The item with its invoice's language, read now when it is not known (it was not read
    ahead), or why nothing may be sent: no first message in a language that was not read."""
    if planned.invoice.language is not None or ports.languages is None:
        return planned, None
    try:
        language = await ports.languages.language(planned.invoice)
    except LexofficeUnavailable as error:
        return planned, Reason.failed(ReasonCode.LANGUAGE_UNREADABLE, error)
    return with_language(planned, language), None


async def hold(
    ports: SendPorts, day: CycleDay, planned: PlannedItem, reason: Reason, report: CycleReport
) -> None:
    """Held before it was claimed (its amounts or its template failed): recorded all the same,
    so that the tenant sees it."""
    now = ports.clock.now()
    invoice_id = day.stored[planned.invoice.lexoffice_id].id
    mail_id = message_id(day.tenant.id, invoice_id, planned.level, ports.message_domain)
    claim = Claim(invoice_id, planned.level, planned.channel, mail_id, berlin_today(now), now)
    try:
        await ports.ledger.hold(claim, reason=reason)
    except LevelAlreadyClaimed:
        report.add(planned, Outcome.CLAIMED_ELSEWHERE, CLAIMED_ELSEWHERE)
        return
    report.held_line(planned, reason)


async def prepare(
    ports: SendPorts, day: CycleDay, due: Sequence[PlannedItem], report: CycleReport
) -> list[Item]:
    """Each item re-checked in lexoffice right now; what may not go out is reported."""
    today = berlin_today(ports.clock.now())
    items = []
    for planned in due:
        try:
            open_cents, not_now = await recheck(ports, planned)
        except LexofficeNotFound as error:  # comes back every day: the owner must hear of it
            reason = Reason.failed(ReasonCode.INVOICE_NOT_DELIVERED, error)
            await hold(ports, day, planned, reason, report)
            continue
        if open_cents is not None:
            try:
                planned, not_now = await read_language(ports, planned)
            except LexofficeNotFound as error:
                reason = Reason.failed(ReasonCode.DETAILS_NOT_DELIVERED, error)
                await hold(ports, day, planned, reason, report)
                continue
            open_cents = None if not_now else open_cents
        if open_cents is None:
            report.add(planned, Outcome.NOT_SENT, (not_now or Reason(ReasonCode.NOT_SENT)).english)
            continue
        stored = day.stored[planned.invoice.lexoffice_id]
        try:
            made = facts(
                ports.rates,
                day,
                planned.outlook.file,
                planned.pricing,
                open_cents,
                today,
                planned.level,
                document_attached=attaches_notice(ports, planned),
            )
        except Exception as error:  # one invoice's amounts stop nothing else
            reason = Reason.failed(ReasonCode.AMOUNTS_FAILED, error)
            await hold(ports, day, planned, reason, report)
            continue
        items.append(Item(planned, stored, open_cents, made))
    return items


async def render(
    ports: SendPorts,
    day: CycleDay,
    items: Sequence[Item],
    made: MessageFacts,
    report: CycleReport,
) -> tuple[UUID, Rendered] | None:
    """The message in the invoice's language from the top level's current template; None when
    it cannot be rendered (each invoice is then held)."""
    top = top_item(items).planned
    version_id, version = day.templates[top.level]
    language, template = version.templates.pick(top.invoice.language)
    try:
        return version_id, ports.templates.render(template, made, language)
    except Exception as error:  # a template error holds only this message
        reason = Reason.failed(ReasonCode.TEMPLATE_FAILED, error, level=top.level.value)
        for item in items:
            await hold(ports, day, item.planned, reason, report)
        return None
