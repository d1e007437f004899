"""What `/v1/subscription`, `/v1/billing` and the payment webhook say."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from msgspec import Meta

from automahntion.api.schemas import Email, Schema
from automahntion.app.billing.payments import MandateState, SubscriptionState
from automahntion.app.billing.records import BillingKind, BillingRecord, BillingStatus, MandateInfo
from automahntion.app.billing.subscription import SubscriptionView, in_trial
from automahntion.domain.prices import BillingCycle
from automahntion.domain.quota import Plan
from automahntion.domain.thanks import thank_you_quota

IBAN_PATTERN = r"^[A-Za-z]{2}[0-9]{2}( ?[A-Za-z0-9]){11,30}$"
Iban = Annotated[str, Meta(min_length=15, max_length=50, pattern=IBAN_PATTERN)]
AccountHolder = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=200,
        pattern=r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$",
    ),
]


class LimitsOut(Schema):
    """What the plan admits."""

    invoices: int
    """Concurrently open and overdue invoices dunned (the quota)."""
    thank_yous_per_month: int
    """0 without the customer-loyalty extension."""


class MandateOut(Schema):
    """The SEPA direct-debit mandate our charges are debited with."""

    iban_last4: str | None
    """Only the last four digits are ever shown."""
    state: MandateState


class AdmissionOut(Schema):
    """The invoices admitted to the month's quota, and those waiting for a slot."""

    admitted: int
    waiting: int


class SubscriptionOut(Schema):
    """The tenant's subscription."""

    plan: Plan
    """The plan paid for now (a downgrade shows under `pendingPlan` until the period ends)."""
    cycle: BillingCycle
    status: SubscriptionState
    in_trial: bool
    trial_ends_on: date | None
    """The first day after the trial; nothing is invoiced before it."""
    current_period_end: date | None
    pending_plan: Plan | None
    pending_cycle: BillingCycle | None
    loyalty_plan: Plan | None
    smtp_addon: bool
    smtp_addon_bought_at: datetime | None
    billing_email: str
    mandate: MandateOut | None
    limits: LimitsOut
    admission: AdmissionOut | None = None
    """After a change that took effect at once: invoices admitted and waiting now."""


def mandate_out(mandate: MandateInfo) -> MandateOut:
    return MandateOut(iban_last4=mandate.iban_last4, state=mandate.state)


def subscription_out(view: SubscriptionView, now: datetime) -> SubscriptionOut:
    record, tenant = view.subscription, view.tenant
    counts = view.admission
    return SubscriptionOut(
        plan=record.plan,
        cycle=record.cycle,
        status=record.status,
        in_trial=in_trial(tenant, now),
        trial_ends_on=tenant.trial_ends_on,
        current_period_end=record.current_period_end,
        pending_plan=record.pending_plan,
        pending_cycle=record.pending_cycle,
        loyalty_plan=record.loyalty_plan,
        smtp_addon=record.smtp_addon_bought_at is not None,
        smtp_addon_bought_at=record.smtp_addon_bought_at,
        billing_email=tenant.billing_email,
        mandate=mandate_out(record.mandate) if record.mandate else None,
        limits=LimitsOut(
            invoices=tenant.limit, thank_yous_per_month=thank_you_quota(record.loyalty_plan)
        ),
        admission=(
            AdmissionOut(admitted=counts.admitted, waiting=counts.waiting) if counts else None
        ),
    )


class PlanIn(Schema):
    """The plan and billing cycle to change to."""

    plan: Plan
    cycle: BillingCycle = BillingCycle.MONTHLY
    """Yearly costs 12 months less 15 %."""


class LoyaltyIn(Schema):
    """The loyalty extension's plan; null ends it."""

    plan: Plan | None
    """Starter 30, Business 120, Pro 480 thank-you e-mails a month; null ends the extension."""


class BillingEmailIn(Schema):
    """Where our invoices to the tenant go."""

    email: Email


class BillingEmailOut(Schema):
    """Where our invoices to the tenant go."""

    email: str


class MandateIn(Schema):
    """A SEPA direct-debit mandate, accepted by the account holder."""

    iban: Iban
    account_holder: AccountHolder


class PeriodOut(Schema):
    """A billing period, both days included."""

    start: date
    end: date
    """Inclusive."""


class ChargeLineOut(Schema):
    """One line of a charge."""

    description: str
    quantity: int
    unit_cents: int
    amount_cents: int


class ChargeOut(Schema):
    """One of our charges to the tenant (an invoice of ours) and its payment, or a credit
    (a letter billed and then not sent: its price back, `credited`)."""

    id: UUID
    kind: BillingKind
    period: PeriodOut | None
    lines: list[ChargeLineOut]
    amount_cents: int
    """Net, EUR cents; negative for a credit (`letter_credit`)."""
    status: BillingStatus
    failure: str | None
    """Why the last debit failed, while the charge is `failed`."""
    attempted_on: date | None
    created_at: datetime


class ChargeList(Schema):
    """A page of charges."""

    items: list[ChargeOut]
    next_cursor: str | None


def charge_out(record: BillingRecord) -> ChargeOut:
    period = None
    if record.period_start is not None and record.period_end is not None:
        period = PeriodOut(start=record.period_start, end=record.period_end)
    return ChargeOut(
        id=record.id,
        kind=record.kind,
        period=period,
        lines=[
            ChargeLineOut(
                description=line.description,
                quantity=line.quantity,
                unit_cents=line.unit_cents,
                amount_cents=line.amount_cents,
            )
            for line in record.lines
        ],
        amount_cents=record.amount_cents,
        status=record.status,
        failure=record.failure_message,
        attempted_on=record.attempted_on,
        created_at=record.created_at,
    )
