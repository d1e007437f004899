"""Thank-you queue of one tenant."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from automahntion.adapters.db.errors import unique_violations
from automahntion.adapters.db.repositories.rows import check_invoice_owned
from automahntion.adapters.db.tables import Subscription as SubscriptionRow
from automahntion.adapters.db.tables import Tenant as TenantRow
from automahntion.adapters.db.tables import ThankYou as ThankYouRow
from automahntion.app.errors import NotFound
from automahntion.app.loyalty.repositories import ThankYouRecord
from automahntion.domain.errors import ThankYouAlreadyQueued
from automahntion.domain.quota import Plan
from automahntion.domain.thanks import ThankYouDue


class PiccoloThankYouRepository:
    def __init__(self, tenant_id: UUID) -> None:
        self._tenant = tenant_id

    async def enqueue(self, invoice_id: UUID, paid_at: datetime) -> None:
        """ON CONFLICT DO NOTHING: a repeat must not abort the sync's transaction (PostgreSQL
        would), so it is refused without a database error. The invoice's row, if it has one, is
        due again only from `not_due`, in one conditional UPDATE: of two syncs at once, one
        turns it due and the other finds it due (refused); one claimed, sent or failed is
        never touched."""
        await check_invoice_owned(self._tenant, invoice_id)
        inserted = (
            await ThankYouRow.insert(
                ThankYouRow(tenant=self._tenant, invoice=invoice_id, paid_at=paid_at)
            )
            .on_conflict(action="DO NOTHING")
            .returning(ThankYouRow.id)
        )
        if inserted:
            return
        if not await self._due_again(invoice_id, paid_at):
            raise ThankYouAlreadyQueued(str(invoice_id))

    async def due_again(self, invoice_id: UUID, paid_at: datetime) -> bool:
        await check_invoice_owned(self._tenant, invoice_id)
        return await self._due_again(invoice_id, paid_at)

    async def _due_again(self, invoice_id: UUID, paid_at: datetime) -> bool:
        """One conditional UPDATE: of two syncs at once, one turns it due, the other finds it
        due (False)."""
        turned = (
            await ThankYouRow.update(
                {
                    ThankYouRow.state: "due",
                    ThankYouRow.paid_at: paid_at,
                    ThankYouRow.sent_month: None,
                    ThankYouRow.sent_at: None,
                }
            )
            .where(self._one(invoice_id, "not_due"))
            .returning(ThankYouRow.id)
        )
        return bool(turned)

    async def due(self) -> list[ThankYouDue]:
        rows = (
            await ThankYouRow.select(ThankYouRow.invoice, ThankYouRow.paid_at)
            .where((ThankYouRow.tenant == self._tenant) & (ThankYouRow.state == "due"))
            .order_by(ThankYouRow.paid_at)
        )
        return [ThankYouDue(str(row["invoice"]), row["paid_at"]) for row in rows]

    async def lock(self) -> None:
        """An UPDATE takes the tenant row's lock on PostgreSQL; SQLite's `BEGIN IMMEDIATE`
        already serialises writers."""
        await TenantRow.raw('UPDATE "tenant" SET "id" = "id" WHERE "id" = {}', self._tenant)

    def _one(self, invoice_id: UUID, *states: str) -> Any:
        return (
            (ThankYouRow.tenant == self._tenant)
            & (ThankYouRow.invoice == invoice_id)
            & ThankYouRow.state.is_in(list(states))
        )

    async def claim(self, invoice_id: UUID, month: str, at: datetime) -> bool:
        changed = (
            await ThankYouRow.update(
                {
                    ThankYouRow.state: "sending",
                    ThankYouRow.sent_month: month,
                    ThankYouRow.sent_at: at,
                }
            )
            .where(self._one(invoice_id, "due"))
            .returning(ThankYouRow.id)
        )
        return bool(changed)

    async def handing_over(self, invoice_id: UUID, at: datetime) -> bool:
        changed = (
            await ThankYouRow.update({ThankYouRow.sent_at: at})
            .where(self._one(invoice_id, "sending"))
            .returning(ThankYouRow.id)
        )
        return bool(changed)

    async def mark_sent(self, invoice_id: UUID, month: str, at: datetime) -> None:
        changed = (
            await ThankYouRow.update(
                {ThankYouRow.state: "sent", ThankYouRow.sent_month: month, ThankYouRow.sent_at: at}
            )
            .where(self._one(invoice_id, "due", "sending"))
            .returning(ThankYouRow.id)
        )
        if not changed:
            raise NotFound("due thank-you for invoice", invoice_id)

    async def release(self, invoice_id: UUID) -> None:
        await ThankYouRow.update(
            {ThankYouRow.state: "due", ThankYouRow.sent_month: None, ThankYouRow.sent_at: None}
        ).where(self._one(invoice_id, "sending"))

    async def mark_failed(self, invoice_id: UUID) -> None:
        await ThankYouRow.update(
            {ThankYouRow.state: "failed", ThankYouRow.sent_month: None, ThankYouRow.sent_at: None}
        ).where(self._one(invoice_id, "sending"))

    async def withdraw(self, invoice_id: UUID) -> None:
        await ThankYouRow.update({ThankYouRow.state: "not_due"}).where(self._one(invoice_id, "due"))

    async def states(self) -> dict[UUID, str]:
        rows = await ThankYouRow.select(ThankYouRow.invoice, ThankYouRow.state).where(
            ThankYouRow.tenant == self._tenant
        )
        return {row["invoice"]: row["state"] for row in rows}

    async def sending(self) -> list[ThankYouRecord]:
        rows = (
            await ThankYouRow.select(*THANK_YOU_COLUMNS)
            .where((ThankYouRow.tenant == self._tenant) & (ThankYouRow.state == "sending"))
            .order_by(ThankYouRow.sent_at)
        )
        return [thank_you_of(row) for row in rows]

    async def find(self, thank_you_id: UUID) -> ThankYouRecord | None:
        row = (
            await ThankYouRow.select(*THANK_YOU_COLUMNS)
            .where((ThankYouRow.tenant == self._tenant) & (ThankYouRow.id == thank_you_id))
            .first()
        )
        return thank_you_of(row) if row else None

    async def settle(self, thank_you_id: UUID, *, sent: bool) -> bool:
        """Sent keeps the month and time of its claim; not sent gives both back."""
        values: dict[Any, Any] = (
            {ThankYouRow.state: "sent"}
            if sent
            else {ThankYouRow.state: "due", ThankYouRow.sent_month: None, ThankYouRow.sent_at: None}
        )
        changed = (
            await ThankYouRow.update(values)
            .where(
                (ThankYouRow.tenant == self._tenant)
                & (ThankYouRow.id == thank_you_id)
                & (ThankYouRow.state == "sending")
            )
            .returning(ThankYouRow.id)
        )
        return bool(changed)

    async def loyalty_plan(self) -> Plan | None:
        row = (
            await SubscriptionRow.select(SubscriptionRow.loyalty_plan)
            .where(SubscriptionRow.tenant == self._tenant)
            .first()
        )
        return Plan(row["loyalty_plan"]) if row and row["loyalty_plan"] else None

    async def set_loyalty_plan(self, plan: Plan | None) -> None:
        value = plan.value if plan is not None else None
        changed = (
            await SubscriptionRow.update({SubscriptionRow.loyalty_plan: value})
            .where(SubscriptionRow.tenant == self._tenant)
            .returning(SubscriptionRow.id)
        )
        if changed:
            return
        tenant = await TenantRow.select(TenantRow.plan).where(TenantRow.id == self._tenant).first()
        if tenant is None:
            raise NotFound("tenant", self._tenant)
        with unique_violations():
            await SubscriptionRow.insert(
                SubscriptionRow(tenant=self._tenant, plan=tenant["plan"], loyalty_plan=value)
            )

    async def sent_in_month(self, month: str) -> int:
        return int(
            await ThankYouRow.count().where(
                (ThankYouRow.tenant == self._tenant) & (ThankYouRow.sent_month == month)
            )
        )


THANK_YOU_COLUMNS = (ThankYouRow.id, ThankYouRow.invoice, ThankYouRow.state, ThankYouRow.sent_at)


def thank_you_of(row: dict[str, Any]) -> ThankYouRecord:
    claimed = row["sent_at"] if row["state"] == "sending" else None
    return ThankYouRecord(row["id"], row["invoice"], row["state"], claimed)
