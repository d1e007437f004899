"""Use cases of the daily job: last month's letters as one invoice (on the 1st, or the first run
after it), the credit for a letter on it that was refused or cancelled after (before the retries,
so that a retry debits what is left), the subscription after the trial, a downgrade at the
period's end, and one retry a day of a failed debit."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar
from uuid import UUID

from automahntion.app.billing.charges import charge_trial_purchases, retry_charge
from automahntion.app.billing.letter_credits import credit_unposted_letters
from automahntion.app.billing.payments import (
    LETTER_PRICES,
    InvoiceLine,
    PaymentRefused,
    PaymentsUnavailable,
    UsageBill,
)
from automahntion.app.billing.plan_choice import apply_pending_change, start_after_trial
from automahntion.app.billing.records import (
    BillingKind,
    BillingLine,
    BillingRecord,
    BillingStatus,
    NewBillingRecord,
)
from automahntion.app.billing.subscription import (
    BillingPorts,
    current_subscription,
    ensure_customer,
    outcome_of,
)
from automahntion.domain.calendar import berlin_today
from automahntion.domain.prices import LetterKind, letter_bill_title, letter_lines
from automahntion.domain.subscriptions import letter_months
from automahntion.domain.thanks import month_key

log = logging.getLogger(__name__)
T = TypeVar("T")

LETTER_DESCRIPTIONS = {
    LetterKind.STANDARD: "Brief per Post",
    LetterKind.REGISTERED: "Einwurf-Einschreiben",
}


def letters_key(tenant_id: UUID, start: date) -> str:
    return f"letters:{tenant_id}:{month_key(start.year, start.month)}"


def billing_lines(counts: dict[LetterKind, int]) -> tuple[BillingLine, ...]:
    return tuple(
        BillingLine(
            LETTER_DESCRIPTIONS[line.kind], line.quantity, line.unit_cents, line.total_cents
        )
        for line in letter_lines(counts)
    )


async def bill_letters(ports: BillingPorts, tenant_id: UUID) -> list[BillingRecord]:
    """One invoice per finished month with letters, listing the count of each kind. The record
    is taken under `letters:{tenant}:{YYYY-MM}` before the provider is called, in the
    transaction that puts the month's letters on it; a record that left the provider's hands
    is never billed again, a pending one is completed by its key with the letters on it (one
    refused since is credited on its own: `letter_credits`)."""
    now = ports.clock.now()
    today = berlin_today(now)
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        tenant = await store.account.get()
        settled = [status for status in BillingStatus if status is not BillingStatus.PENDING]
        billed = {
            month_key(r.period_start.year, r.period_start.month)
            for r in await store.billing.in_status(*settled, kind=BillingKind.LETTERS)
            if r.period_start is not None
        }
        months = letter_months(today, berlin_today(tenant.created_at), billed)
        charges = []
        if months:
            overall = await store.letters.count_by_kind(months[0][0], months[-1][1])
            pending = await store.billing.in_status(BillingStatus.PENDING, kind=BillingKind.LETTERS)
            if not any(overall.values()) and not pending:
                months = []
        for start, end in months:
            key = letters_key(tenant_id, start)
            charge = await store.billing.by_key(key)
            if charge is None:
                await store.letters.mark_billed(start, end, key)
            month_counts = await store.letters.count_billed(key)
            lines = billing_lines(month_counts)
            if not lines:
                continue
            if charge is None:
                charge, _ = await store.billing.claim(
                    NewBillingRecord(
                        BillingKind.LETTERS,
                        key,
                        lines,
                        sum(line.amount_cents for line in lines),
                        start,
                        end,
                    ),
                    now,
                )
            if charge.status is BillingStatus.PENDING:
                charges.append((charge, month_counts))
        record = await current_subscription(store, tenant)
    billed_now = []
    for charge, month_counts in charges:
        customer = await ensure_customer(ports, tenant, record)
        record = replace(record, provider_customer_id=customer)
        assert charge.period_start is not None
        assert charge.period_end is not None
        invoice = await ports.gateway.bill_usage(
            UsageBill(
                customer,
                tuple(InvoiceLine(LETTER_PRICES[k], n) for k, n in month_counts.items() if n),
                charge.period_start,
                charge.period_end,
                letter_bill_title(charge.period_start),
            ),
            idempotency_key=charge.idempotency_key,
        )
        if invoice is None:
            continue
        async with ports.units() as uow:
            billed_now.append(
                await uow.tenant(tenant_id).billing.record_outcome(
                    charge.id, outcome_of(invoice, now)
                )
            )
    return billed_now


async def retry_failed(ports: BillingPorts, tenant_id: UUID) -> list[BillingRecord]:
    """Each failed debit once a day at most, also when it was retried by hand today."""
    now = ports.clock.now()
    today = berlin_today(now)
    async with ports.units() as uow:
        failed = await uow.tenant(tenant_id).billing.in_status(BillingStatus.FAILED)
    retried = []
    for record in failed:
        if record.attempted_on is not None and record.attempted_on >= today:
            continue
        retried.append(
            await retry_charge(
                ports, tenant_id, record.id, key=f"retry:{record.id}:{today.isoformat()}"
            )
        )
    return retried


@dataclass
class BillingReport:
    letter_invoices: list[BillingRecord] = field(default_factory=list)
    letter_credits: list[BillingRecord] = field(default_factory=list)
    retried: list[BillingRecord] = field(default_factory=list)
    trial_purchases: list[BillingRecord] = field(default_factory=list)
    subscription_started: bool = False
    plan_changed: bool = False
    problems: list[str] = field(default_factory=list)


async def run_billing(ports: BillingPorts, tenant_id: UUID) -> BillingReport:
    """Each step on its own: one the provider refuses or cannot answer waits for the next day
    (its keys make that rerun safe) and does not hold the others up."""
    report = BillingReport()

    async def attempt(name: str, call: Awaitable[T]) -> T | None:
        try:
            return await call
        except (PaymentsUnavailable, PaymentRefused) as error:
            log.warning("billing step %s failed: %s", name, error, extra={"event": "billing"})
            report.problems.append(f"{name}: {error}")
            return None

    started = await attempt("trial end", start_after_trial(ports, tenant_id))
    report.subscription_started = started is not None
    changed = await attempt("period end", apply_pending_change(ports, tenant_id))
    report.plan_changed = changed is not None
    report.trial_purchases = (
        await attempt("trial purchases", charge_trial_purchases(ports, tenant_id)) or []
    )
    report.letter_invoices = await attempt("letters", bill_letters(ports, tenant_id)) or []
    report.letter_credits = (
        await attempt("letter credits", credit_unposted_letters(ports, tenant_id)) or []
    )
    report.retried = await attempt("retries", retry_failed(ports, tenant_id)) or []
    return report
