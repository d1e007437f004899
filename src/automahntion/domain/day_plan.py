"""The day's plan (rules 3, 7): from what is known of one tenant on one day — its invoices with
their contacts, history and pauses, its settings and calendar — to the messages its cycle
sends: channel, recipient, levels, bundles, what decides the fee and interest lines, and every
hold with its reason. Pure: the cycle, its dry run and the preview all read this one plan.

What it cannot know is the payment re-check right before a send: the amount still open then
is what the fee and interest lines are computed on (`Pricing.charges`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from automahntion.domain.activation import NOT_ACTIVATED
from automahntion.domain.bundling import DueMessage, bundle
from automahntion.domain.cycle import InvoiceFile, Outlook, Standing, TenantRules, plan_day
from automahntion.domain.escalation import Hold, Send, SentLevel, Wait
from automahntion.domain.freshness import sync_is_fresh
from automahntion.domain.interest import (
    BaseRateTable,
    Charge,
    MessageContext,
    charges,
    default_begins,
)
from automahntion.domain.invoices import Invoice
from automahntion.domain.levels import DunningPolicy, Level
from automahntion.domain.pauses import Pause, active_pause
from automahntion.domain.recipients import BlockReason, DebtorKind


class Channel(StrEnum):
    """How a message goes out: by e-mail or as a letter by post."""

    EMAIL = "email"
    LETTER = "letter"


NOT_A_SENDING_DAY = "not a sending day"
DUNNING_OFF = "dunning is switched off"
SYNC_TOO_OLD = "the last successful sync is older than 26 hours: nothing is sent"

OVERDUE = frozenset({Standing.BLOCKED, Standing.HANDED_OVER, Standing.ADMITTED, Standing.WAITING})
"""The invoices whose hold is worth telling: those in the overdue set."""


@dataclass(frozen=True, slots=True)
class TenantFacts:
    """What of the tenant itself decides its day."""

    activated: bool
    dunning_active: bool
    last_successful_sync_at: datetime | None
    one_message_per_customer: bool = False
    statutory_extras: bool = False


@dataclass(frozen=True, slots=True)
class Pricing:
    """What a message's fee and interest lines depend on, but the amount still open: the level's
    fee, the debtor, when the first message went, whether the flat fee was claimed before."""

    due_date: date
    debtor: DebtorKind
    first_level_sent_on: date | None
    send_on: date
    level_fee_cents: int
    flat_fee_claimed_before: bool
    statutory_extras: bool

    def charges(self, open_cents: int, table: BaseRateTable) -> tuple[Charge, ...]:
        """The lines on the amount open now; raises `NoBaseRate` past the table's start."""
        context = MessageContext(
            open_cents=open_cents,
            due_date=self.due_date,
            debtor=self.debtor,
            first_level_sent_on=self.first_level_sent_on,
            send_on=self.send_on,
            level_fee_cents=self.level_fee_cents,
            flat_fee_claimed_before=self.flat_fee_claimed_before,
        )
        return tuple(charges(context, statutory_extras=self.statutory_extras, table=table))


def pricing(
    file: InvoiceFile, level: Level, policy: DunningPolicy, statutory_extras: bool, today: date
) -> Pricing:
    """The fee choice for a message at `level` sent on `today` (made for every message due:
    an invoice without messages before has no history to look at)."""
    debtor = file.contact.kind if file.contact else DebtorKind.BUSINESS
    due_date = file.invoice.due_date
    history = file.history
    first_sent = min(s.sent_on for s in history) if history else None
    claimed = flat_fee_claimed(history, due_date, first_sent, debtor) if history else False
    return Pricing(  # positional: one per message due, and keywords cost more
        due_date,
        debtor,
        first_sent,
        today,
        policy.setting(level).fee_cents,
        claimed,
        statutory_extras,
    )


def flat_fee_claimed(
    history: Sequence[SentLevel], due_date: date, first_sent: date | None, debtor: DebtorKind
) -> bool:
    """Whether an earlier message of the invoice claimed the flat fee (rule 7: once per invoice):
    one that carried its line. A message not known to have carried it or not counts as claimed
    when it was sent once default had begun (before it was recorded, this was the rule: never
    risk charging it twice); one known not to have carried it (statutory extras off then, or
    sent before default began) leaves it to the next message."""
    begins: date | None = None
    for sent in history:
        if sent.carried_flat_fee:
            return True
        if sent.carried_flat_fee is None:
            begins = begins or default_begins(due_date, first_sent, debtor)
            if begins is not None and sent.sent_on >= begins:
                return True
    return False


def channel_of(policy: DunningPolicy, level: Level) -> Channel:
    return Channel.LETTER if policy.setting(level).by_post else Channel.EMAIL


@dataclass(frozen=True, slots=True)
class PlannedItem:
    """One invoice's message at one level: what is claimed and counted as sent."""

    outlook: Outlook
    level: Level
    channel: Channel
    pricing: Pricing

    @property
    def invoice(self) -> Invoice:
        return self.outlook.file.invoice

    @property
    def customer(self) -> str:
        contact = self.outlook.file.contact
        return contact.name if contact else ""


@dataclass(frozen=True, slots=True)
class PlannedMessage:
    """One message: a letter for one invoice, or an e-mail for one invoice or (bundling) for
    one customer's invoices."""

    channel: Channel
    items: tuple[PlannedItem, ...]

    @property
    def top(self) -> PlannedItem:
        """The item the message is written at: the first of the highest level."""
        return max(self.items, key=lambda item: item.level.rank)

    @property
    def level(self) -> Level:
        """The highest level among the items: the one the message is written at."""
        return self.top.level

    @property
    def recipient(self) -> str | None:
        """The e-mail address; None for a letter by post."""
        return self.top.outlook.recipient if self.channel is Channel.EMAIL else None


@dataclass(frozen=True, slots=True)
class Waiting:
    """An overdue invoice that gets nothing today, and why."""

    outlook: Outlook
    hold: Hold
    next_level: Level | None
    pause: Pause | None
    """The pause that holds it (tenant, contact or invoice), when `hold` is `paused`."""


@dataclass(frozen=True, slots=True)
class BlockedLetter:
    """A notice due by post whose address cannot be printed."""

    outlook: Outlook
    level: Level
    problem: str | None


@dataclass(frozen=True)
class DayPlan:
    today: date
    outlooks: list[Outlook]
    held: str | None
    """Why the whole tenant sends nothing today (None: it sends what is planned)."""
    waiting: tuple[Waiting, ...] = ()
    blocked_letters: tuple[BlockedLetter, ...] = ()
    due: tuple[PlannedItem, ...] = ()
    """Every item due today, in the order of the invoices."""
    messages: tuple[PlannedMessage, ...] = ()
    """The items as they go out: per bundle its letters one by one, then one e-mail."""


def tenant_hold(
    facts: TenantFacts, rules: TenantRules, today: date, now: datetime, *, sending: bool
) -> str | None:
    """Why the whole tenant sends nothing on `today`, judging the sync's age at `now`. A dry
    run or preview (`sending` false) shows a tenant not yet activated what it would send."""
    if sending and not facts.activated:
        return NOT_ACTIVATED
    if not rules.calendar.is_sending_day(today):
        return NOT_A_SENDING_DAY
    if not facts.dunning_active:
        return DUNNING_OFF
    if not sync_is_fresh(facts.last_successful_sync_at, now):
        return SYNC_TOO_OLD
    return None


def day_plan(
    files: Sequence[InvoiceFile],
    rules: TenantRules,
    facts: TenantFacts,
    today: date,
    now: datetime,
    *,
    sending: bool,
) -> DayPlan:
    """The plan of `today`; the sync's age is judged at `now` (a preview of a later day judges
    it when it is asked)."""
    outlooks = plan_day(files, rules, today)
    waiting = tuple(
        _waiting(o, o.decision, rules, today)
        for o in outlooks
        if o.standing in OVERDUE and isinstance(o.decision, Wait)
    )
    held = tenant_hold(facts, rules, today, now, sending=sending)
    if held:
        return DayPlan(today, outlooks, held, waiting)
    policy = rules.policy
    due = tuple(
        PlannedItem(
            o,
            o.decision.level,
            channel_of(policy, o.decision.level),
            pricing(o.file, o.decision.level, policy, facts.statutory_extras, today),
        )
        for o in outlooks
        if isinstance(o.decision, Send)
    )
    return DayPlan(
        today,
        outlooks,
        None,
        waiting,
        _blocked_letters(outlooks),
        due,
        split(due, per_customer=facts.one_message_per_customer),
    )


def _waiting(outlook: Outlook, decision: Wait, rules: TenantRules, today: date) -> Waiting:
    file = outlook.file
    pauses = (rules.tenant_pause, file.contact_pause, file.invoice_pause)
    pause = active_pause(pauses, today) if decision.hold is Hold.PAUSED else None
    return Waiting(outlook, decision.hold, decision.next_level, pause)


def _blocked_letters(outlooks: Sequence[Outlook]) -> tuple[BlockedLetter, ...]:
    return tuple(
        BlockedLetter(o, o.decision.next_level, o.file.letter_problem)
        for o in outlooks
        if o.blocked is BlockReason.ADDRESS_NOT_PRINTABLE
        and isinstance(o.decision, Wait)
        and o.decision.next_level is not None
    )


def split(due: Sequence[PlannedItem], *, per_customer: bool) -> tuple[PlannedMessage, ...]:
    """One message per invoice, or per customer when the tenant asked for that; within each,
    the notices by post go one letter each, the rest as one e-mail."""
    if not per_customer:
        return tuple(PlannedMessage(item.channel, (item,)) for item in due)
    by_invoice = {item.invoice.lexoffice_id: item for item in due}
    bundles = bundle(
        [DueMessage(i.invoice.lexoffice_id, i.invoice.contact_id, i.level) for i in due],
        per_customer=per_customer,
    )
    messages: list[PlannedMessage] = []
    for found in bundles:
        items = [by_invoice[m.invoice_id] for m in found.items]
        emails = tuple(i for i in items if i.channel is Channel.EMAIL)
        messages += [
            PlannedMessage(i.channel, (i,)) for i in items if i.channel is not Channel.EMAIL
        ]
        if emails:
            messages.append(PlannedMessage(Channel.EMAIL, emails))
    return tuple(messages)
