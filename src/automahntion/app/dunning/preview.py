"""Use case: what one tenant's next cycle on a given day would send — decided, never done.

The plan is the cycle's own (`plan_cycle` without storing, then `domain.day_plan`), so the
preview cannot drift from the real thing. What it cannot know is the payment re-check right
before a send: lexoffice is not asked, and nothing is claimed, created or stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from uuid import UUID

from automahntion.app.dunning import BY_POST, CycleDay, DunningPorts, plan_cycle
from automahntion.app.invoices.records import StoredInvoice
from automahntion.domain import day_plan as plans
from automahntion.domain.calendar import BERLIN, berlin_today
from automahntion.domain.cycle import Outlook
from automahntion.domain.day_plan import Channel
from automahntion.domain.errors import FieldProblem, RuleViolated
from automahntion.domain.escalation import Hold
from automahntion.domain.levels import Level
from automahntion.domain.pauses import Pause
from automahntion.domain.recipients import BlockReason


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


async def preview_cycle(ports: DunningPorts, tenant_id: UUID, day: date | None) -> CyclePreview:
    """The sync's age is judged now (a later day's cycle would sync first)."""
    now = ports.clock.now()
    planned = await plan_cycle(
        ports, tenant_id, preview_moment(day, now), persist=False, texts=False
    )
    return preview_of(planned, planned.plan(now, sending=False))


def preview_of(planned: CycleDay, plan: plans.DayPlan) -> CyclePreview:
    """What `plan` would send; a tenant not yet activated sees it too."""
    holds = [
        HeldInvoice(
            planned.stored[w.outlook.file.invoice.lexoffice_id],
            _customer(w.outlook),
            w.hold,
            w.next_level,
            w.outlook.blocked,
            w.pause,
        )
        for w in plan.waiting
    ]
    messages = [_message(planned.stored, message) for message in plan.messages]
    return CyclePreview(planned.tenant.id, plan.today, plan.held, messages, holds)


def _customer(outlook: Outlook) -> str:
    contact = outlook.file.contact
    return contact.name if contact else ""


def _message(stored: dict[str, StoredInvoice], message: plans.PlannedMessage) -> PlannedMessage:
    """Letters go one by one; e-mails as the cycle bundles them."""
    return PlannedMessage(
        items=tuple(PlannedItem(stored[i.invoice.lexoffice_id], i.level) for i in message.items),
        customer=message.top.customer,
        level=message.level,
        channel=message.channel,
        recipient=message.recipient,
    )
