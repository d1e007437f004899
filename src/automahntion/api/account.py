"""`/v1/account`, `/v1/pause` and `/v1/usage`: the tenant's own account, Mahnstopp and plan use."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any
from uuid import UUID

from litestar import Controller, Request
from litestar.di import NamedDependency
from litestar.params import JSONBody

from automahntion.api import scopes
from automahntion.api.account_schemas import (
    AccountOut,
    AccountPatch,
    TenantPauseIn,
    TenantPauseOut,
    TenantPauseState,
    UsageOut,
    account_change,
    account_out,
    pause_state,
)
from automahntion.api.auth import require_scope
from automahntion.api.email_confirmation_page import confirmation_link
from automahntion.api.invoice_schemas import going_out_out
from automahntion.api.routing import delete, get, patch, put
from automahntion.api.wiring import Units, Wired
from automahntion.app.billing.mandate import billing_email_to_provider
from automahntion.app.billing.subscription import BillingPorts
from automahntion.app.clock import Clock
from automahntion.app.mail.ports import MailTransports
from automahntion.app.settings.changes import KEEP, Configuration
from automahntion.app.settings.configure import configure
from automahntion.app.tenants.account import pause_tenant, resume_tenant, usage
from automahntion.app.tenants.account_email import checked_address, request_account_email_change
from automahntion.domain.calendar import berlin_today


class AccountController(Controller):
    path = "/"
    tags = ["account"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/account", scope=scopes.SETTINGS_READ)
    async def account(self, units: Wired[Units], tenant_id: NamedDependency[UUID]) -> AccountOut:
        """Get the account

        The tenant's name, account and billing addresses (with an address change waiting for its
        confirmation), and whether dunning is switched on."""
        async with units() as uow:
            tenant = await uow.tenant(tenant_id).account.get()
        return account_out(tenant)

    @patch("/account", scope=scopes.SETTINGS_WRITE)
    async def change_account(
        self,
        request: Request[Any, Any, Any],
        units: Wired[Units],
        clock: Wired[Clock],
        public_url: Wired[str],
        mail_transports: Wired[MailTransports],
        mail_domain: Wired[str],
        billing_ports: Wired[BillingPorts],
        tenant_id: NamedDependency[UUID],
        data: JSONBody[AccountPatch],
    ) -> AccountOut:
        """Change the account

        Only the fields given change. Switching dunning on needs an enabled level. A new `email`
        stays `pendingAccountEmail` until the link sent to it (in German) is opened; the old
        address stays in force until then. Changing `email` also needs the
        `settings:recipients` scope (it is the Reply-To of every message while `replyTo` is
        unset), changing `billingEmail` the `billing:write` scope (403 without them); the latter
        tells the payment provider, as `PUT /v1/billing/email` does."""
        change = account_change(data)
        if change.account_email is not KEEP:
            require_scope(request, scopes.SETTINGS_RECIPIENTS, "to change email")
        if change.billing_email is not KEEP:
            require_scope(request, scopes.BILLING_WRITE, "to change billingEmail")
        new_email = None if change.account_email is KEEP else checked_address(change.account_email)
        now = clock.now()
        without_email = Configuration(account=replace(change, account_email=KEEP))
        tenant = (await configure(units, tenant_id, without_email, now)).tenant
        if change.billing_email is not KEEP:
            await billing_email_to_provider(billing_ports, tenant_id, tenant.billing_email)
        if new_email is not None:
            tenant = await request_account_email_change(
                units,
                mail_transports,
                tenant_id,
                new_email,
                link_for=lambda token: confirmation_link(public_url, token),
                message_id=f"<account-email.{uuid.uuid4().hex}@{mail_domain}>",
                now=now,
            )
        return account_out(tenant)

    @get("/pause", scope=scopes.SETTINGS_READ)
    async def pause(
        self, units: Wired[Units], clock: Wired[Clock], tenant_id: NamedDependency[UUID]
    ) -> TenantPauseState:
        """Get the tenant-wide pause

        The tenant-wide Mahnstopp: `paused` while it holds (a pause whose `until` has passed is
        still shown, with `paused` false); `{"paused": false}` and nulls when there is none."""
        async with units() as uow:
            tenant = await uow.tenant(tenant_id).account.get()
        return pause_state(tenant.pause, berlin_today(clock.now()))

    @put("/pause", scope=scopes.SETTINGS_WRITE)
    async def set_pause(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        data: JSONBody[TenantPauseIn],
    ) -> TenantPauseOut:
        """Pause all dunning

        Stops every reminder and notice of the tenant at once, until the day after `until` (or
        until it is lifted). Replaces an earlier pause. A message already being handed over
        when the pause takes effect still goes out and is named in `goingOut`."""
        paused = await pause_tenant(
            units,
            tenant_id,
            data.reason,
            data.until,
            clock.now(),
        )
        return TenantPauseOut(
            reason=paused.pause.reason,
            until=paused.pause.until,
            going_out=going_out_out(paused.going_out),
        )

    @delete("/pause", status_code=204, scope=scopes.SETTINGS_WRITE)
    async def lift_pause(self, units: Wired[Units], tenant_id: NamedDependency[UUID]) -> None:
        """Lift the tenant-wide pause

        Dunning resumes with the next run; lifting no pause is no error."""
        await resume_tenant(units, tenant_id)

    @get("/usage", scope=scopes.SETTINGS_READ)
    async def usage(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
    ) -> UsageOut:
        """Get this month's usage

        The plan and its monthly quota of invoices, how many are admitted, waiting for a slot or
        blocked this month, and the thank-you e-mails sent against their quota."""
        used = await usage(units, tenant_id, clock.now())
        return UsageOut(
            plan=used.plan,
            limit=used.limit,
            admitted=used.admitted,
            waiting=used.waiting,
            blocked=used.blocked,
            month=used.month,
            thank_yous_sent=used.thank_yous_sent,
            thank_you_quota=used.thank_you_quota,
        )
