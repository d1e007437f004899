"""`/v1/subscription`, `/v1/billing` and `POST /v1/webhooks/payments`: what the tenant pays us.

Without a configured payment provider the subscription can be read but not changed (409)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException, ServiceUnavailableException
from litestar.params import JSONBody

from automahntion.api import scopes
from automahntion.api.billing_schemas import (
    BillingEmailIn,
    BillingEmailOut,
    ChargeList,
    ChargeOut,
    LoyaltyIn,
    MandateIn,
    MandateOut,
    PlanIn,
    SubscriptionOut,
    charge_out,
    mandate_out,
    subscription_out,
)
from automahntion.api.pagination import Cursor, Limit, moment_after, moment_cursor, next_cursor
from automahntion.api.path_ids import ChargeId
from automahntion.api.rate_limit import spend_refused, spend_signed
from automahntion.api.routing import OWN_BUDGET, PROBLEM_RESPONSES, get, post, put
from automahntion.api.schemas import EventAccepted
from automahntion.api.wiring import Units, Wired
from automahntion.app.billing import charges, mandate, plan_choice
from automahntion.app.billing import subscription as billing
from automahntion.app.billing.payment_events import process_payment_event
from automahntion.app.billing.payments import PaymentEvents
from automahntion.app.billing.subscription import BillingPorts
from automahntion.app.clock import Clock
from automahntion.app.webhooks import WebhookRefused

PROVIDER_ERRORS = {502: PROBLEM_RESPONSES[502]}


class SubscriptionController(Controller):
    path = "/subscription"
    tags = ["billing"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", scope=scopes.BILLING_READ)
    async def subscription(
        self,
        clock: Wired[Clock],
        billing_ports: Wired[BillingPorts],
        tenant_id: NamedDependency[UUID],
    ) -> SubscriptionOut:
        """Get the subscription

        Plan, cycle, trial, the paid period, a change waiting for its end, the loyalty extension,
        the SMTP add-on, the mandate (last four IBAN digits) and the limits."""
        view = await billing.subscription_view(billing_ports, tenant_id)
        return subscription_out(view, clock.now())

    @put("/", scope=scopes.BILLING_WRITE, responses=PROVIDER_ERRORS)
    async def choose_plan(
        self,
        clock: Wired[Clock],
        billing_ports: Wired[BillingPorts],
        tenant_id: NamedDependency[UUID],
        data: JSONBody[PlanIn],
    ) -> SubscriptionOut:
        """Choose a plan

        An upgrade takes effect at once (waiting invoices are admitted now); a lower plan or
        another cycle at the end of the paid period (`pendingPlan`), or at once when chosen on
        its last day, so that the renewal is charged at the new price. Within the trial every
        change is at once and free. Choosing the current plan cancels a waiting change."""
        view = await plan_choice.choose_plan(billing_ports, tenant_id, data.plan, data.cycle)
        return subscription_out(view, clock.now())

    @post("/smtp-addon", status_code=201, scope=scopes.BILLING_WRITE, responses=PROVIDER_ERRORS)
    async def buy_smtp_addon(
        self, billing_ports: Wired[BillingPorts], tenant_id: NamedDependency[UUID]
    ) -> ChargeOut:
        """Buy the SMTP add-on

        Lets the tenant send through its own mail server (`PUT /v1/smtp`). A one-time charge of
        39.95 net; 409 when it was bought before."""
        charge = await charges.buy_smtp_addon(billing_ports, tenant_id)
        return charge_out(charge)

    @put("/loyalty", scope=scopes.BILLING_WRITE, responses=PROVIDER_ERRORS)
    async def choose_loyalty(
        self,
        clock: Wired[Clock],
        billing_ports: Wired[BillingPorts],
        tenant_id: NamedDependency[UUID],
        data: JSONBody[LoyaltyIn],
    ) -> SubscriptionOut:
        """Choose the loyalty extension

        The customer-loyalty extension, a subscription of its own; its plan sets the monthly
        quota of thank-you e-mails at once. `null` ends it."""
        view = await plan_choice.choose_loyalty(billing_ports, tenant_id, data.plan)
        return subscription_out(view, clock.now())


class BillingController(Controller):
    path = "/billing"
    tags = ["billing"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @put("/email", scope=scopes.BILLING_WRITE, responses=PROVIDER_ERRORS)
    async def billing_email(
        self,
        billing_ports: Wired[BillingPorts],
        tenant_id: NamedDependency[UUID],
        data: JSONBody[BillingEmailIn],
    ) -> BillingEmailOut:
        """Set the billing e-mail address

        Where our invoices go, also at the payment provider."""
        tenant = await mandate.change_billing_email(billing_ports, tenant_id, data.email)
        return BillingEmailOut(email=tenant.billing_email)

    @post("/mandate", status_code=201, scope=scopes.BILLING_WRITE, responses=PROVIDER_ERRORS)
    async def mandate(
        self,
        request: Request[Any, Any, Any],
        billing_ports: Wired[BillingPorts],
        tenant_id: NamedDependency[UUID],
        data: JSONBody[MandateIn],
    ) -> MandateOut:
        """Give a SEPA mandate

        A new SEPA direct-debit mandate, accepted online by the account holder; it pays every
        later debit. 422 naming `iban` for a wrong IBAN or one the bank refuses."""
        acceptance = mandate.MandateAcceptance(
            iban=data.iban,
            account_holder=data.account_holder,
            ip_address=request.client.host if request.client else "0.0.0.0",
            user_agent=request.headers.get("user-agent", "")[:500],
        )
        info = await mandate.create_mandate(billing_ports, tenant_id, acceptance)
        return mandate_out(info)

    @get("/invoices", scope=scopes.BILLING_READ)
    async def invoices(
        self,
        billing_ports: Wired[BillingPorts],
        tenant_id: NamedDependency[UUID],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> ChargeList:
        """List our invoices to the tenant

        Every charge, oldest first: the letters of a month, the SMTP add-on, the plan's invoices;
        a failed debit with its reason."""
        found = await charges.charges(billing_ports, tenant_id, moment_after(cursor), limit)
        return ChargeList(
            items=[charge_out(r) for r in found.items],
            next_cursor=next_cursor(found, lambda r: moment_cursor(r.created_at, r.id)),
        )

    @post(
        "/invoices/{chargeId:uuid}/retry",
        status_code=200,
        scope=scopes.BILLING_WRITE,
        responses=PROVIDER_ERRORS,
    )
    async def retry(
        self,
        billing_ports: Wired[BillingPorts],
        tenant_id: NamedDependency[UUID],
        charge_id: ChargeId,
    ) -> ChargeOut:
        """Retry a failed charge

        Debit a failed charge again, with the current mandate; 409 unless it failed."""
        charge = await charges.retry_charge(billing_ports, tenant_id, charge_id)
        return charge_out(charge)


@post(
    "/webhooks/payments",
    status_code=200,
    tags=["incoming webhooks"],
    public=True,
    responses={401: PROBLEM_RESPONSES[401], 503: PROBLEM_RESPONSES[503]},
    opt={OWN_BUDGET: True},
)
async def payments_webhook(
    request: Request[Any, Any, Any],
    units: Wired[Units],
    clock: Wired[Clock],
    payment_events: Wired[PaymentEvents | None],
) -> EventAccepted:
    """Receive a payment provider event

    The payment provider's signed events; the signature is checked over the raw body before
    anything of it is read."""
    verifier = payment_events
    if verifier is None:
        raise ServiceUnavailableException("AUTOMAHNTION_PAYMENTS_WEBHOOK_SECRET is not set")
    body = await request.body()
    try:
        event = verifier.verify(body, dict(request.headers))
    except WebhookRefused as refused:
        await spend_refused(request)
        raise NotAuthorizedException(f"payment event refused: {refused}") from None
    await spend_signed(request, "payments")
    outcome = await process_payment_event(units, event, clock.now())
    return EventAccepted(accepted=outcome not in ("repeat", "unknown customer"))
