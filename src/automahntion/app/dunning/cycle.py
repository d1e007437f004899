"""Use case: one tenant's dunning cycle on one day — load, plan, then for each planned message
re-check, claim, render, send, record.

Exactly once: a message is claimed (stored as `sending`, unique per invoice and level) before
it is handed to the transport and marked `sent` after. A crash in between leaves it `sending`:
shown for review, never sent again. The claim's transaction also reads whether the tenant is
still activated, and whether a pause (Mahnstopp) holds for the invoice, its contact or the
tenant: pausing is immediate (rule 3). Once its owner deactivated or paused the tenant, a claim is
refused and the rest of the day is reported not sent; an invoice or contact paused meanwhile is
not sent, and the other invoices of its message are due again on the next run. Right before
each send the invoice's payment state is re-read from lexoffice — from the voucher list in
batches no older than a minute, an invoice that left the list alone (`recheck`); paid, voided or
in payment means no message, and a failed re-read means none today.

One message never stops the day: whatever fails while it is prepared (its amounts, template,
documents, attachments, the transport's connection) holds it (`held`, with the reason) before
anything was handed over, and the cycle goes on. A failure during the hand-over itself leaves the
claim `sending` for review: the transport may have taken it.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from automahntion.app.dunning.load import CycleDay, plan_cycle
from automahntion.app.dunning.ports import DunningPorts, SendPorts
from automahntion.app.dunning.prepare import hold
from automahntion.app.dunning.recheck import batched
from automahntion.app.dunning.report import (
    BY_POST,
    DAY_ENDED,
    PAUSED_MEANWHILE,
    CycleReport,
    Line,
    Outcome,
)
from automahntion.app.dunning.send_letter import send_letter
from automahntion.app.dunning.send_mail import send_email
from automahntion.app.dunning.wiring import send_ports
from automahntion.app.errors import PausedMeanwhile, TenantNotActivated
from automahntion.app.lexoffice.ports import LexofficeApi, LexofficeDisconnected
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.progress import UNWATCHED, Progress
from automahntion.domain.activation import NOT_ACTIVATED
from automahntion.domain.calendar import berlin_today
from automahntion.domain.day_plan import Channel, DayPlan, PlannedItem, PlannedMessage


async def run_cycle(
    ports: DunningPorts,
    tenant_id: UUID,
    *,
    dry_run: bool = False,
    progress: Progress = UNWATCHED,
) -> CycleReport:
    now = ports.clock.now()
    day = await plan_cycle(ports, tenant_id, now, persist=not dry_run, texts=not dry_run)
    plan = day.plan(now, sending=not dry_run)
    if dry_run or plan.held or not plan.messages:
        return report_of(day, plan, dry_run=dry_run)
    api: LexofficeApi | None
    try:
        api = await ports.gateways.for_tenant(tenant_id)
    except LexofficeDisconnected:
        api = None
    async with send_ports(ports, day, api) as sending:
        return await send_day(sending, day, plan, progress)


def report_of(day: CycleDay, plan: DayPlan, *, dry_run: bool) -> CycleReport:
    """What is known before anything is sent: why the tenant is held, the letters that cannot
    be printed, and in a dry run what would go out."""
    report = CycleReport(day.tenant.id, plan.today, plan.held)
    if plan.held:
        return report
    for blocked in plan.blocked_letters:
        contact = blocked.outlook.file.contact
        report.lines.append(
            Line(
                blocked.outlook.file.invoice.voucher_number,
                contact.name if contact else "",
                blocked.level,
                Channel.LETTER,
                BY_POST,
                f"blocked: the postal address cannot be printed ({blocked.problem})",
                Outcome.BLOCKED,
            )
        )
    if dry_run:
        report.lines += _would_send(plan.due)
    return report


def _would_send(due: Sequence[PlannedItem]) -> list[Line]:
    """A line for each message due. One comprehension, the lines made positionally: a dry
    run makes one for nearly every invoice, and a call per line cost as much as the line."""
    letter, would_send = Channel.LETTER, Outcome.WOULD_SEND
    return [
        Line(
            file.invoice.voucher_number,
            file.contact.name if file.contact else "",
            item.level,
            item.channel,
            BY_POST if item.channel is letter else outlook.recipient or "",
            "would send",
            would_send,
        )
        for item in due
        for outlook in (item.outlook,)
        for file in (outlook.file,)
    ]


async def send_day(
    ports: SendPorts, day: CycleDay, plan: DayPlan, progress: Progress = UNWATCHED
) -> CycleReport:
    """Each planned message in turn, the payment re-check in batches (`recheck`); a held tenant
    sends nothing. Each message is a step of `progress`."""
    report = report_of(day, plan, dry_run=False)
    if plan.held:
        return report
    ports = batched(ports, plan.due)
    progress.start(len(plan.messages))
    stopped: str | None = None
    calendar = day.rules.calendar
    for message in plan.messages:
        if stopped:  # deactivated or paused while the cycle runs: stops at once (rule 3)
            for item in message.items:
                report.add(item, Outcome.NOT_SENT, stopped)
        elif not calendar.is_sending_day(berlin_today(ports.clock.now())):
            for item in message.items:  # ran past midnight into a day that sends nothing (rule 1)
                report.add(item, Outcome.NOT_SENT, DAY_ENDED)
        else:
            stopped = await _guarded(ports, day, message, report)
        progress.advance()
    return report


async def _guarded(
    ports: SendPorts, day: CycleDay, message: PlannedMessage, report: CycleReport
) -> str | None:
    """The last net under one message: a failure no step expected is reported for its invoices
    and the cycle goes on (every step before the hand-over holds its own claims). Why the rest of
    the day is not sent when its claims were refused because the tenant was deactivated or
    paused: the cycle stops."""
    try:
        if message.channel is Channel.LETTER:
            await send_letter(ports, day, message, report)
        else:
            await send_email(ports, day, message, report)
    except TenantNotActivated:  # reported by the claim or the last look, which took it back
        return NOT_ACTIVATED
    except PausedMeanwhile:  # only the tenant's, reported by the claim or the last look
        return PAUSED_MEANWHILE
    except Exception as error:  # one message never stops the day
        reason = Reason.failed(ReasonCode.UNEXPECTED, error)
        for item in message.items:
            try:  # recorded, so that the owner hears of it; never over a claim of its own
                await hold(ports, day, item, reason, report)
            except Exception:  # e.g. the database is what failed
                report.held_line(item, reason)
    return None
