"""One tenant's day, decided: who takes a quota slot, who is blocked, and what is due."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from automahntion.domain.calendar import SendingCalendar
from automahntion.domain.escalation import (
    Decision,
    Hold,
    Send,
    SentLevel,
    decide_known,
    wait,
)
from automahntion.domain.invoices import Invoice
from automahntion.domain.levels import DunningPolicy, Level
from automahntion.domain.pauses import Pause
from automahntion.domain.quota import admit, takes_slot
from automahntion.domain.recipients import (
    UNUSABLE,
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


@dataclass(slots=True, unsafe_hash=True)
class InvoiceFile:
    """What is known of one invoice before today's decision; never changed once made.

    Not `frozen`: made for every invoice of every tenant each day, and a frozen dataclass sets
    each field through `object.__setattr__`: with the report's lines, a tenth of a dry run's CPU."""

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


@dataclass(frozen=True, slots=True)
class Outlook:
    file: InvoiceFile
    standing: Standing
    recipient: str | None
    blocked: BlockReason | None
    decision: Decision


def _standing(
    file: InvoiceFile,
    rules: TenantRules,
    blocked: BlockReason | None,
    overdue: bool,
    admitted: bool,
) -> Standing:
    invoice = file.invoice
    if invoice.before_sync_start(rules.sync_start):
        return Standing.BEFORE_SYNC_START
    if invoice.is_closed:
        return Standing.CLOSED
    if invoice.payment_in_progress:
        return Standing.PAYMENT_IN_PROGRESS
    if not overdue:
        return Standing.NOT_OVERDUE
    if blocked is not None:
        return Standing.BLOCKED
    if file.handed_over:
        return Standing.HANDED_OVER
    return Standing.ADMITTED if admitted else Standing.WAITING


def plan_day(files: Sequence[InvoiceFile], rules: TenantRules, today: date) -> list[Outlook]:
    """Admission first (rule 4), then the escalation decision for each invoice (rule 3).

    Runs for every invoice of every tenant each day, so what is the same for the whole day is
    worked out once: the calendar, the policy's switch, each contact's recipient.
    """
    chosen: dict[int, Recipient | Blocked] = {}
    recipients = []
    overdue = []
    in_set = []
    for f in files:
        contact = f.contact
        key = id(contact)
        recipient = UNUSABLE if f.invoice.unusable is not None else chosen.get(key)
        if recipient is None:
            recipient = chosen[key] = choose_recipient(contact, rules.recipient_policy)
        recipients.append(recipient)
        is_overdue = f.invoice.is_overdue(today)
        overdue.append(is_overdue)
        if is_overdue and takes_slot(
            f.invoice,
            today,
            sync_start=rules.sync_start,
            blocked=recipient.reason if isinstance(recipient, Blocked) else None,
            handed_over=f.handed_over,
        ):
            in_set.append(f.invoice)
    admission = admit(
        in_set,
        {f.invoice.lexoffice_id for f in files if f.admitted_before},
        rules.limit,
    )
    admitted = set(admission.admitted)
    policy = rules.policy
    sending_day = rules.calendar.is_sending_day(today)
    tenant_pause = rules.tenant_pause
    outlooks = []
    for file, recipient, is_overdue in zip(files, recipients, overdue, strict=True):
        invoice = file.invoice
        blocked = recipient.reason if isinstance(recipient, Blocked) else None
        is_admitted = invoice.lexoffice_id in admitted
        decision = decide_known(
            invoice,
            file.history,
            (tenant_pause, file.contact_pause, file.invoice_pause),
            policy,
            today,
            sending_day=sending_day,
            overdue=is_overdue,
            blocked=blocked,
            handed_over=file.handed_over,
            admitted=is_admitted,
        )
        shown = blocked
        if isinstance(decision, Send) and _letter_blocked(file, policy, decision.level):
            decision, shown = wait(Hold.BLOCKED, decision.level), BlockReason.ADDRESS_NOT_PRINTABLE
        outlooks.append(
            Outlook(  # positional: one per invoice, and keywords cost more
                file,
                _standing(file, rules, blocked, is_overdue, is_admitted),
                recipient.address if isinstance(recipient, Recipient) else None,
                shown,
                decision,
            )
        )
    return outlooks


def _letter_blocked(file: InvoiceFile, policy: DunningPolicy, level: Level) -> bool:
    """A letter that cannot be printed is held, but the invoice keeps its slot (and standing):
    it is the address of one message that is missing, not the debtor's."""
    return file.letter_problem is not None and policy.setting(level).by_post
