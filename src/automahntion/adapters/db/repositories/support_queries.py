"""The admin API's reads across tenants: filtering and paging happen in SQL, and counts come from
grouped queries over the page's tenants, so a list of thousands costs a handful of queries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from piccolo.columns.combination import WhereRaw
from piccolo.query.functions.aggregate import Count

from automahntion.adapters.db.repositories.keyset import after
from automahntion.adapters.db.repositories.rows import tenant_of
from automahntion.adapters.db.tables import Invoice as InvoiceRow
from automahntion.adapters.db.tables import LexofficeConnection as ConnectionRow
from automahntion.adapters.db.tables import SentMessage as MessageRow
from automahntion.adapters.db.tables import Tenant as TenantRow
from automahntion.app.admin.support_queries import MessageSummary, TenantSearch, TenantStanding
from automahntion.app.invoices.records import AdmissionState
from automahntion.app.lexoffice.records import ConnectionStatus
from automahntion.app.messages.reasons import Reason
from automahntion.app.messages.records import MessageState
from automahntion.app.tenants.records import Tenant
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level

_LIKE_ESCAPE = "\\"


def like_pattern(text: str) -> str:
    """`%text%` with LIKE's own wildcards in `text` taken literally."""
    for special in (_LIKE_ESCAPE, "%", "_"):
        text = text.replace(special, _LIKE_ESCAPE + special)
    return f"%{text}%"


def _matching(text: str) -> WhereRaw:
    """Case-insensitive on PostgreSQL (ILIKE); SQLite's LIKE folds ASCII letters only."""
    like = "ILIKE" if TenantRow._meta.db.engine_type == "postgres" else "LIKE"
    pattern = like_pattern(text)
    return WhereRaw(
        f"(name {like} {{}} ESCAPE '{_LIKE_ESCAPE}' "
        f"OR account_email {like} {{}} ESCAPE '{_LIKE_ESCAPE}')",
        pattern,
        pattern,
    )


class PiccoloSupportQueries:
    async def tenants(self, search: TenantSearch) -> list[Tenant]:
        query = TenantRow.select().order_by(TenantRow.created_at, TenantRow.id).limit(search.limit)
        if search.text:
            query = query.where(_matching(search.text))
        if search.plan is not None:
            query = query.where(TenantRow.plan == search.plan.value)
        if search.after is not None:
            query = query.where(after(TenantRow.created_at, TenantRow.id, search.after))
        return [tenant_of(row) for row in await query]

    async def standings(self, tenant_ids: Sequence[UUID]) -> dict[UUID, TenantStanding]:
        if not tenant_ids:
            return {}
        ids = list(tenant_ids)
        connections = await ConnectionRow.select(ConnectionRow.tenant, ConnectionRow.status).where(
            ConnectionRow.tenant.is_in(ids)
        )
        admissions = (
            await InvoiceRow.select(InvoiceRow.tenant, InvoiceRow.admission, Count())
            .where(InvoiceRow.tenant.is_in(ids))
            .group_by(InvoiceRow.tenant, InvoiceRow.admission)
        )
        blocked = (
            await InvoiceRow.select(InvoiceRow.tenant, Count())
            .where(InvoiceRow.tenant.is_in(ids) & InvoiceRow.blocked_reason.is_not_null())
            .group_by(InvoiceRow.tenant)
        )
        status = {row["tenant"]: ConnectionStatus(row["status"]) for row in connections}
        counts: dict[tuple[UUID, str], int] = {
            (row["tenant"], row["admission"]): row["count"] for row in admissions
        }
        blocked_counts = {row["tenant"]: row["count"] for row in blocked}
        return {
            ident: TenantStanding(
                connection=status.get(ident),
                admitted=counts.get((ident, AdmissionState.ADMITTED.value), 0),
                waiting=counts.get((ident, AdmissionState.WAITING.value), 0),
                blocked=blocked_counts.get(ident, 0),
            )
            for ident in ids
        }

    async def recent_messages(self, tenant_id: UUID, limit: int) -> list[MessageSummary]:
        rows: list[dict[str, Any]] = (
            await MessageRow.select(
                MessageRow.invoice.voucher_number.as_alias("invoice_number"),
                MessageRow.level,
                MessageRow.sent_on,
                MessageRow.channel,
                MessageRow.state,
                MessageRow.attempts,
                MessageRow.failure_reason,
            )
            .where(MessageRow.tenant == tenant_id)
            .order_by(MessageRow.claimed_at, ascending=False)
            .order_by(MessageRow.id, ascending=False)
            .limit(limit)
        )
        return [
            MessageSummary(
                invoice_number=row["invoice_number"],
                level=Level(row["level"]),
                day=row["sent_on"],
                channel=Channel(row["channel"]),
                state=MessageState(row["state"]),
                attempts=row["attempts"],
                failure_reason=english_reason(row["failure_reason"]),
            )
            for row in rows
        ]


def english_reason(stored: str | None) -> str | None:
    """For the operator's support view."""
    return None if stored is None else Reason.decode(stored).english
