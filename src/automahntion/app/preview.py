"""Use case: what one tenant's next cycle on a given day would send — decided, never done.

The plan is the cycle's own (`plan_cycle` without storing, `by_message` for bundling), so the
preview cannot drift from the real thing. What it cannot know is the payment re-check right
before a send: lexoffice is not asked, and nothing is claimed, created or stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from uuid import UUID

from automahntion.app.dunning import (
    BY_POST,
    CycleDay,
    DunningPorts,
    by_message,
    held_today,
    plan_cycle,
)
from automahntion.app.records import Channel, StoredInvoice
from automahntion.domain.calendar import BERLIN, berlin_today
from automahntion.domain.cycle import Outlook, Standing
from automahntion.domain.errors import FieldProblem, RuleViolated
from automahntion.domain.escalation import Hold, Send, Wait
from automahntion.domain.levels import Level
from automahntion.domain.pauses import Pause, active_pause
from automahntion.domain.recipients import BlockReason

OVERDUE = frozenset({Standing.BLOCKED, Standing.HANDED_OVER, Standing.ADMITTED, Standing.WAITING})
"""The invoices whose hold is worth telling: those in the overdue set."""


@dataclass(frozen=True)
class PlannedItem:
    invoice: StoredInvoice
    level: Level


@dataclass(frozen=True)
class PlannedMessage:
    items: tuple[PlannedItem, ...]
    customer: str
    level: Level
    """The highest level among the items: the one the message is written at."""
    channel: Channel
    recipient: str | None
    """The e-mail address; None for a letter by post."""

    @property
    def addressee(self) -> str:
        """Where it goes, as the owner reads it: the address, or "by post"."""
        return self.recipient or BY_POST


@dataclass(frozen=True)
class HeldInvoice:
    invoice: StoredInvoice
    customer: str
    hold: Hold
    next_level: Level | None
    blocked: BlockReason | None
    pause: Pause | None
    """The pause that holds it (tenant, contact or invoice), when `hold` is `paused`."""


@dataclass(frozen=True)
class CyclePreview:
    tenant_id: UUID
    day: date
    held: str | None
    """Why the whole tenant would send nothing that day."""
    messages: list[PlannedMessage]
    holds: list[HeldInvoice]


def preview_moment(day: date | None, now: datetime) -> datetime:
    """`now` for today (or no day); a later day is looked at from the start of its morning."""
    today = berlin_today(now)
    if day is None or day == today:
        return now
    if day < today:
        raise RuleViolated([FieldProblem("date", f"lies before today ({today.isoformat()})")])
    return datetime.combine(day, time(0, 0), BERLIN)


def _customer(outlook: Outlook) -> str:
    contact = outlook.file.contact
    return contact.name if contact else ""


async def preview_cycle(ports: DunningPorts, tenant_id: UUID, day: date | None) -> CyclePreview:
    """The sync's age is judged now (a later day's cycle would sync first)."""
    now = ports.clock.now()
    moment = preview_moment(day, now)
    planned = await plan_cycle(ports, tenant_id, moment, persist=False)
    return preview_of(planned, berlin_today(moment), now)


def preview_of(planned: CycleDay, today: date, now: datetime) -> CyclePreview:
    """What `planned` would send on `today`; a tenant not yet activated sees it too."""
    tenant_id = planned.tenant.id
    held = held_today(planned, today, now, sending=False)
    holds = [
        HeldInvoice(
            planned.stored[o.file.invoice.lexoffice_id],
            _customer(o),
            o.decision.hold,
            o.decision.next_level,
            o.blocked,
            active_pause(
                (planned.rules.tenant_pause, o.file.contact_pause, o.file.invoice_pause), today
            )
            if o.decision.hold is Hold.PAUSED
            else None,
        )
        for o in planned.outlooks
        if o.standing in OVERDUE and isinstance(o.decision, Wait)
    ]
    if held:
        return CyclePreview(tenant_id, today, held, [], holds)
    due = [(o, o.decision.level) for o in planned.outlooks if isinstance(o.decision, Send)]
    messages: list[PlannedMessage] = []
    for group in by_message(planned, due):
        by_post = [(o, lv) for o, lv in group if planned.rules.policy.setting(lv).by_post]
        emails = [(o, lv) for o, lv in group if not planned.rules.policy.setting(lv).by_post]
        messages += [_message(planned.stored, [item], Channel.LETTER) for item in by_post]
        if emails:
            messages.append(_message(planned.stored, emails, Channel.EMAIL))
    return CyclePreview(tenant_id, today, None, messages, holds)


def _message(
    stored: dict[str, StoredInvoice], group: list[tuple[Outlook, Level]], channel: Channel
) -> PlannedMessage:
    """Letters go one by one; e-mails as the cycle bundles them."""
    top_outlook, top = max(group, key=lambda item: item[1].rank)
    return PlannedMessage(
        items=tuple(PlannedItem(stored[o.file.invoice.lexoffice_id], lv) for o, lv in group),
        customer=_customer(top_outlook),
        level=top,
        channel=channel,
        recipient=top_outlook.recipient if channel is Channel.EMAIL else None,
    )
