"""A tenant's subscription."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from piccolo.columns import Column

from automahntion.adapters.db.tables import Subscription as SubscriptionRow
from automahntion.app.billing.payments import MandateState, SubscriptionState
from automahntion.app.billing.records import MandateInfo, SubscriptionRecord
from automahntion.domain.prices import BillingCycle
from automahntion.domain.quota import Plan


def _plan(value: str | None) -> Plan | None:
    return Plan(value) if value else None


def _subscription(row: dict[str, Any]) -> SubscriptionRecord:
    mandate = None
    if row["mandate_id"] and row["payment_method_id"]:
        mandate = MandateInfo(
            row["mandate_id"],
            row["payment_method_id"],
            MandateState(row["mandate_state"] or MandateState.PENDING.value),
            row["iban_last4"],
            row["mandate_event_at"],
        )
    return SubscriptionRecord(
        plan=Plan(row["plan"]),
        cycle=BillingCycle(row["cycle"]),
        status=SubscriptionState(row["status"]),
        provider_customer_id=row["provider_customer_id"],
        provider_subscription_id=row["provider_subscription_id"],
        current_period_end=row["current_period_end"],
        pending_plan=_plan(row["pending_plan"]),
        pending_cycle=BillingCycle(row["pending_cycle"]) if row["pending_cycle"] else None,
        loyalty_plan=_plan(row["loyalty_plan"]),
        loyalty_subscription_id=row["loyalty_subscription_id"],
        smtp_addon_bought_at=row["smtp_addon_bought_at"],
        mandate=mandate,
        status_event_at=row["status_event_at"],
    )


def _columns(record: SubscriptionRecord, now: datetime) -> dict[Column | str, Any]:
    mandate = record.mandate
    return {
        SubscriptionRow.plan: record.plan.value,
        SubscriptionRow.cycle: record.cycle.value,
        SubscriptionRow.status: record.status.value,
        SubscriptionRow.provider_customer_id: record.provider_customer_id,
        SubscriptionRow.provider_subscription_id: record.provider_subscription_id,
        SubscriptionRow.current_period_end: record.current_period_end,
        SubscriptionRow.pending_plan: record.pending_plan.value if record.pending_plan else None,
        SubscriptionRow.pending_cycle: (
            record.pending_cycle.value if record.pending_cycle else None
        ),
        SubscriptionRow.loyalty_plan: record.loyalty_plan.value if record.loyalty_plan else None,
        SubscriptionRow.loyalty_subscription_id: record.loyalty_subscription_id,
        SubscriptionRow.smtp_addon_bought_at: record.smtp_addon_bought_at,
        SubscriptionRow.mandate_id: mandate.mandate_id if mandate else None,
        SubscriptionRow.mandate_state: mandate.state.value if mandate else None,
        SubscriptionRow.payment_method_id: mandate.payment_method_id if mandate else None,
        SubscriptionRow.iban_last4: mandate.iban_last4 if mandate else None,
        SubscriptionRow.mandate_event_at: mandate.state_event_at if mandate else None,
        SubscriptionRow.status_event_at: record.status_event_at,
        SubscriptionRow.updated_at: now,
    }


class PiccoloSubscriptionRepository:
    def __init__(self, tenant_id: UUID) -> None:
        self._tenant = tenant_id

    async def get(self) -> SubscriptionRecord | None:
        row = await SubscriptionRow.select().where(SubscriptionRow.tenant == self._tenant).first()
        return _subscription(row) if row else None

    async def save(self, record: SubscriptionRecord, now: datetime) -> None:
        values = _columns(record, now)
        changed = (
            await SubscriptionRow.update(values)
            .where(SubscriptionRow.tenant == self._tenant)
            .returning(SubscriptionRow.id)
        )
        if not changed:
            names = {
                (c if isinstance(c, str) else c._meta.name): value for c, value in values.items()
            }
            await SubscriptionRow.insert(SubscriptionRow(tenant=self._tenant, **names))
