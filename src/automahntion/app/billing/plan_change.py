"""A tenant's plan changed, from whichever side: the quota follows at once and it is audited."""

from __future__ import annotations

from datetime import datetime

from automahntion.app.invoices.admission import AdmissionCounts, refresh_admission
from automahntion.app.storage import TenantStore
from automahntion.app.tenants.records import AuditEntry, Tenant
from automahntion.domain.quota import Plan


async def apply_plan(
    store: TenantStore, plan: Plan, custom_limit: int | None, actor: str, now: datetime
) -> tuple[Tenant, AdmissionCounts]:
    """Admission runs again in the caller's transaction, so an upgrade admits waiting invoices
    and a downgrade sends the last admitted back to wait (rule 4)."""
    before = await store.account.get()
    await store.account.set_plan(plan, custom_limit)
    after = await store.account.get()
    counts = await refresh_admission(store, after, now)
    await store.audit.record(
        AuditEntry(
            actor,
            "plan.changed",
            now,
            plan.value,
            {
                "from": {"plan": before.plan.value, "customLimit": before.custom_limit},
                "to": {"plan": plan.value, "customLimit": custom_limit},
                "limit": after.limit,
                "admitted": counts.admitted,
                "waiting": counts.waiting,
            },
        )
    )
    return after, counts
