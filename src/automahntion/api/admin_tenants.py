"""`/v1/admin/tenants`: the internal admin's tenant list, sign-up, support view and plan changes.

The support view is impersonation-free: it shows states and counts, never secrets, message
contents or recipient addresses.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request
from litestar.params import JSONBody, Parameter

from automahntion.api import scopes
from automahntion.api.admin_tenant_schemas import (
    ONE_LINE,
    AdminTenantIn,
    AdminTenantOut,
    AdminTenantPage,
    CreatedTenantOut,
    PlanIn,
    TenantSupportOut,
    support_out,
    tenant_fields,
)
from automahntion.api.auth import calling_admin_token
from automahntion.api.pagination import Cursor, Limit, moment_after, moment_cursor
from automahntion.api.path_ids import TenantId
from automahntion.api.routing import get, post, put
from automahntion.api.wiring import Units, Wired
from automahntion.app.admin.support_queries import TenantSearch
from automahntion.app.admin.tenants import (
    TenantLine,
    admin_actor,
    change_plan,
    create_tenant_for_admin,
    list_tenants,
    support_view,
)
from automahntion.app.clock import Clock
from automahntion.app.tenants.records import NewTenant
from automahntion.domain.quota import Plan


def _cursor(line: TenantLine) -> str:
    return moment_cursor(line.tenant.created_at, line.tenant.id)


async def _actor(units: Units, request: Request[Any, Any, Any]) -> str:
    return await admin_actor(units, calling_admin_token(request))


Query = Annotated[
    str | None,
    Parameter(
        max_length=200,
        pattern=ONE_LINE,
        description="a part of the name or account e-mail address, any case",
    ),
]


PlanFilter = Annotated[Plan | None, Parameter(description="only this plan")]


class AdminTenantController(Controller):
    path = "/admin/tenants"
    tags = ["admin"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", scope=scopes.ADMIN)
    async def tenants(
        self,
        units: Wired[Units],
        q: Query = None,
        plan: PlanFilter = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> AdminTenantPage:
        """List tenants

        Admin tokens only. Tenants, oldest first, with their lexoffice connection and quota
        standing."""
        search = TenantSearch(
            text=q.strip() if q else None,
            plan=plan,
            after=moment_after(cursor),
            limit=limit + 1,
        )
        lines = await list_tenants(units, search)
        shown = lines[:limit]
        more = len(lines) > limit
        return AdminTenantPage(
            items=[AdminTenantOut(**tenant_fields(line)) for line in shown],
            next_cursor=_cursor(shown[-1]) if more else None,
        )

    @post("/", scope=scopes.ADMIN)
    async def create(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        request: Request[Any, Any, Any],
        data: JSONBody[AdminTenantIn],
    ) -> CreatedTenantOut:
        """Create a tenant

        Admin tokens only. A tenant with default levels and templates, and its first API key
        (shown once)."""
        created = await create_tenant_for_admin(
            units,
            NewTenant(name=data.name, account_email=data.email, plan=data.plan),
            await _actor(units, request),
            clock.now(),
        )
        view = await support_view(units, created.tenant.id)
        return CreatedTenantOut(
            tenant=AdminTenantOut(**tenant_fields(view.line)), api_key=created.api_key
        )

    @get("/{tenantId:uuid}", scope=scopes.ADMIN)
    async def support(self, units: Wired[Units], tenant: TenantId) -> TenantSupportOut:
        """Get a tenant's support view

        Admin tokens only. What support may see of one tenant: states and counts, no secrets or
        contents."""
        return support_out(await support_view(units, tenant))

    @put("/{tenantId:uuid}/plan", scope=scopes.ADMIN)
    async def set_plan(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        request: Request[Any, Any, Any],
        tenant: TenantId,
        data: JSONBody[PlanIn],
    ) -> TenantSupportOut:
        """Change a tenant's plan

        Admin tokens only. Applies at once: an upgrade admits waiting invoices, a downgrade sends
        the last admitted back to wait. Recorded in the tenant's audit log."""
        await change_plan(
            units,
            tenant,
            data.plan,
            data.custom_limit,
            await _actor(units, request),
            clock.now(),
        )
        return support_out(await support_view(units, tenant))
