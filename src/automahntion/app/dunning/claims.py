"""Taking a message's claims, before it is handed over: all of them in one transaction of the
ledger, or none, and what the report says when they are refused."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from automahntion.app.dunning.ledger import Pending
from automahntion.app.dunning.ports import Item, SendPorts
from automahntion.app.dunning.prepare import top_item
from automahntion.app.dunning.report import (
    CLAIMED_ELSEWHERE,
    HANDED_OVER_MEANWHILE,
    PAID_MEANWHILE,
    PART_CLAIMED_ELSEWHERE,
    PART_PAID,
    PART_PAUSED,
    PAUSED_MEANWHILE,
    CycleReport,
    Outcome,
)
from automahntion.app.errors import (
    ClaimedElsewhere,
    PaidMeanwhile,
    PausedMeanwhile,
    TenantNotActivated,
)
from automahntion.app.mail.rendering import MessageFacts
from automahntion.app.messages.records import Claim, RenderedFrom
from automahntion.domain.activation import NOT_ACTIVATED
from automahntion.domain.calendar import berlin_today
from automahntion.domain.interest import ChargeKind


async def claim(
    ports: SendPorts,
    items: Sequence[Item],
    mail_id: str,
    version_id: UUID,
    report: CycleReport,
    made: MessageFacts,
) -> list[tuple[Item, UUID]]:
    """The claims taken together, each with what the message is rendered from. When another
    process claimed one of its levels first, the message (rendered naming all its invoices) is
    not sent: its other invoices stay due for the next run; so too when one of them was paused
    since the day was planned. A tenant no longer activated, or paused, gets none: every item is
    reported not sent, and `TenantNotActivated` or `PausedMeanwhile` stops the cycle."""
    rendered_from = RenderedFrom(made, top_item(items).planned.invoice.language)
    now = ports.clock.now()
    claims = [
        Claim(
            item.stored.id,
            item.planned.level,
            item.planned.channel,
            mail_id,
            berlin_today(now),
            now,
            version_id,
            rendered_from,
            any(fee.kind is ChargeKind.FLAT_FEE for fee in item.facts.fees),
        )
        for item in items
    ]
    try:
        taken = await ports.ledger.claim(claims)
    except TenantNotActivated:
        for item in items:
            report.add(item.planned, Outcome.NOT_SENT, NOT_ACTIVATED)
        raise
    except PausedMeanwhile as paused:
        report_paused(items, paused, report)
        if paused.tenant_wide:
            raise
        return []
    except ClaimedElsewhere as elsewhere:
        for item in items:
            if item.stored.id in elsewhere.invoice_ids:
                report.add(item.planned, Outcome.CLAIMED_ELSEWHERE, CLAIMED_ELSEWHERE)
            else:
                report.add(item.planned, Outcome.NOT_SENT, PART_CLAIMED_ELSEWHERE)
        return []
    return list(zip(items, taken, strict=True))


def report_paused(items: Sequence[Item], paused: PausedMeanwhile, report: CycleReport) -> None:
    for item in items:
        if paused.tenant_wide or item.stored.id in paused.invoice_ids:
            report.add(item.planned, Outcome.NOT_SENT, PAUSED_MEANWHILE)
        else:
            report.add(item.planned, Outcome.NOT_SENT, PART_PAUSED)


async def going_on_at_hand_over(
    ports: SendPorts, claimed: Sequence[tuple[Item, UUID]], pending: Pending, report: CycleReport
) -> bool:
    """The last look right before the hand-over, since pausing is immediate (rule 3) and a
    deactivated tenant sends nothing more: a pause set or a deactivation since the claim takes
    the message's claims back, none left `pending`, and it is reported as the claim's refusal
    is; a deactivation or a tenant-wide pause stops the cycle (`TenantNotActivated`,
    `PausedMeanwhile`). So too when lexoffice told of a payment since the re-check (its
    callback or a sync stored it): the re-check's batch may be a minute old. One committed
    after this look still finds the message on its way, as one committed after the hand-over
    finds it sent."""
    items = [item for item, _ in claimed]
    stated = {item.stored.id: item.open_cents for item in items}
    try:
        at = ports.clock.now()
        await ports.ledger.withdraw_if_stopped(
            [claim_id for _, claim_id in claimed], at=at, stated=stated
        )
    except TenantNotActivated:
        pending.ids.clear()
        for item in items:
            report.add(item.planned, Outcome.NOT_SENT, NOT_ACTIVATED)
        raise
    except PausedMeanwhile as paused:
        pending.ids.clear()
        report_paused(items, paused, report)
        if paused.tenant_wide:
            raise
        return False
    except PaidMeanwhile as paid:
        pending.ids.clear()
        for item in items:
            report.add(item.planned, Outcome.NOT_SENT, _paid_note(item.stored.id, paid))
        return False
    return True


def _paid_note(invoice_id: UUID, paid: PaidMeanwhile) -> str:
    if invoice_id in paid.handed_over:
        return HANDED_OVER_MEANWHILE
    return PAID_MEANWHILE if invoice_id in paid.invoice_ids else PART_PAID
