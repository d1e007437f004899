"""One tenant's day, decided: who takes a quota slot, who is blocked, and what is due."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from automahntion.domain.calendar import SendingCalendar
from automahntion.domain.escalation import (
    Decision,
    DunningState,
    Hold,
    Send,
    SentLevel,
    Wait,
    decide,
)
from automahntion.domain.invoices import Invoice
from automahntion.domain.levels import DunningPolicy, Level
from automahntion.domain.pauses import Pause
from automahntion.domain.quota import admit, takes_slot
from automahntion.domain.recipients import (
    Blocked,
    BlockReason,
    Contact,
    Recipient,
    RecipientPolicy,
    choose_recipient,
)


@dataclass(frozen=True)
class TenantRules:
    policy: DunningPolicy
    calendar: SendingCalendar
    limit: int
    recipient_policy: RecipientPolicy = RecipientPolicy.FIRST_AVAILABLE
    sync_start: date | None = None
    tenant_pause: Pause | None = None


@dataclass(frozen=True)
class InvoiceFile:
    """What is known of one invoice before today's decision."""

    invoice: Invoice
    contact: Contact | None
    history: tuple[SentLevel, ...] = ()
    admitted_before: bool = False
    handed_over: bool = False
    contact_pause: Pause | None = None
    invoice_pause: Pause | None = None
    letter_problem: str | None = None
    """Why a letter to the contact's postal address cannot be printed (None: it can)."""


class Standing(StrEnum):
    """Where an invoice stands, as the overview shows it."""

    BEFORE_SYNC_START = "before_sync_start"
    CLOSED = "closed"
    PAYMENT_IN_PROGRESS = "payment_in_progress"
    NOT_OVERDUE = "not_overdue"
    BLOCKED = "blocked"
    HANDED_OVER = "handed_over"
    ADMITTED = "admitted"
    WAITING = "waiting"


@dataclass(frozen=True)
class Outlook:
    file: InvoiceFile
    standing: Standing
    recipient: str | None
    blocked: BlockReason | None
    decision: Decision


def _standing(
    file: InvoiceFile, rules: TenantRules, blocked: BlockReason | None, today: date, admitted: bool
) -> Standing:
    invoice = file.invoice
    if invoice.before_sync_start(rules.sync_start):
        return Standing.BEFORE_SYNC_START
    if invoice.is_closed:
        return Standing.CLOSED
    if invoice.payment_in_progress:
        return Standing.PAYMENT_IN_PROGRESS
    if not invoice.is_overdue(today):
        return Standing.NOT_OVERDUE
    if blocked is not None:
        return Standing.BLOCKED
    if file.handed_over:
        return Standing.HANDED_OVER
    return Standing.ADMITTED if admitted else Standing.WAITING


def plan_day(files: Sequence[InvoiceFile], rules: TenantRules, today: date) -> list[Outlook]:
    """Admission first (rule 4), then the escalation decision for each invoice (rule 3)."""
    recipients = [choose_recipient(f.contact, rules.recipient_policy) for f in files]
    blocks = [r.reason if isinstance(r, Blocked) else None for r in recipients]
    overdue_set = [
        f.invoice
        for f, blocked in zip(files, blocks, strict=True)
        if takes_slot(
            f.invoice,
            today,
            sync_start=rules.sync_start,
            blocked=blocked,
            handed_over=f.handed_over,
        )
    ]
    admission = admit(
        overdue_set,
        {f.invoice.lexoffice_id for f in files if f.admitted_before},
        rules.limit,
    )
    admitted = set(admission.admitted)
    outlooks = []
    for file, recipient, blocked in zip(files, recipients, blocks, strict=True):
        is_admitted = file.invoice.lexoffice_id in admitted
        state = DunningState(
            invoice=file.invoice,
            history=file.history,
            admitted=is_admitted,
            blocked=blocked,
            handed_over=file.handed_over,
            pauses=(rules.tenant_pause, file.contact_pause, file.invoice_pause),
        )
        decision = decide(state, rules.policy, rules.calendar, today)
        shown = blocked
        if isinstance(decision, Send) and _letter_blocked(file, rules.policy, decision.level):
            decision, shown = Wait(Hold.BLOCKED, decision.level), BlockReason.ADDRESS_NOT_PRINTABLE
        outlooks.append(
            Outlook(
                file=file,
                standing=_standing(file, rules, blocked, today, is_admitted),
                recipient=recipient.address if isinstance(recipient, Recipient) else None,
                blocked=shown,
                decision=decision,
            )
        )
    return outlooks


def _letter_blocked(file: InvoiceFile, policy: DunningPolicy, level: Level) -> bool:
    """A letter that cannot be printed is held, but the invoice keeps its slot (and standing):
    it is the address of one message that is missing, not the debtor's."""
    return file.letter_problem is not None and policy.setting(level).by_post
