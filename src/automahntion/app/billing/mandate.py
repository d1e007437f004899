"""Use cases: the billing e-mail and the SEPA mandate the tenant's charges are debited by."""

from __future__ import annotations

import hashlib
from dataclasses import astuple, dataclass, replace
from uuid import UUID

from automahntion.app.billing.payments import (
    Mandate,
    MandateRequest,
    MandateState,
    PaymentGateway,
    PaymentRefused,
)
from automahntion.app.billing.records import MandateInfo
from automahntion.app.billing.subscription import (
    BillingConflict,
    BillingPorts,
    current_subscription,
    ensure_customer,
    load_subscription,
)
from automahntion.app.tenants.addresses import address_problem
from automahntion.app.tenants.records import Tenant
from automahntion.domain.calendar import berlin_today
from automahntion.domain.errors import FieldProblem, ValidationFailed
from automahntion.domain.subscriptions import check_iban

MAX_HOLDER_LENGTH = 200
MAX_MANDATES_A_DAY = 10


async def change_billing_email(ports: BillingPorts, tenant_id: UUID, email: str) -> Tenant:
    """Where invoices go: stored, and at the provider when it knows the tenant already."""
    problem = address_problem("email", email)
    if problem is not None:
        raise ValidationFailed([problem])
    tenant = await billing_email_to_provider(ports, tenant_id, email)
    async with ports.units() as uow:
        account = uow.tenant(tenant_id).account
        await account.set_profile(tenant.name, tenant.account_email, email)
        return await account.get()


async def billing_email_to_provider(ports: BillingPorts, tenant_id: UUID, email: str) -> Tenant:
    """The payment provider told where invoices go, when it knows the tenant already (a
    customer is made with the stored address); the tenant as stored. Telling it again is
    harmless, so a request that failed here is retried whole."""
    tenant, record = await load_subscription(ports, tenant_id)
    if record.provider_customer_id is not None:
        await ports.gateway.update_customer(
            record.provider_customer_id,
            email=email,
            idempotency_key=f"billing-email:{tenant_id}:{ports.clock.now().isoformat()}",
        )
    return tenant


async def _set_up_live(gateway: PaymentGateway, request: MandateRequest, key: str) -> Mandate:
    """Set up under a key of the account and the day, so that accepting again after a lost
    answer gets the same mandate instead of a second one. The provider replays a key's first
    answer also after that mandate was revoked: then the next key, named after the revoked
    one, sets up a new one."""
    mandate = await gateway.create_mandate(request, idempotency_key=key)
    for _ in range(MAX_MANDATES_A_DAY):
        current = await gateway.mandate(mandate.mandate_id)
        if current.state is not MandateState.INACTIVE:
            return mandate
        mandate = await gateway.create_mandate(
            request, idempotency_key=f"{key}:after:{mandate.mandate_id}"
        )
    raise BillingConflict("the mandate was revoked and given again too often today")


@dataclass(frozen=True)
class MandateAcceptance:
    """The account holder's online acceptance of the SEPA mandate."""

    iban: str
    account_holder: str
    ip_address: str
    user_agent: str


async def create_mandate(
    ports: BillingPorts, tenant_id: UUID, acceptance: MandateAcceptance
) -> MandateInfo:
    """A new SEPA direct-debit mandate, made the default payment method: every later debit
    (and a retry of a failed one) uses it. Only the IBAN's last four digits are kept."""
    gateway = ports.gateway
    holder = acceptance.account_holder.strip()
    problems: list[FieldProblem] = []
    try:
        iban = check_iban(acceptance.iban)
    except ValidationFailed as invalid:
        problems += invalid.problems
        iban = ""
    if not holder or len(holder) > MAX_HOLDER_LENGTH:
        problems.append(
            FieldProblem("account_holder", f"must be 1 to {MAX_HOLDER_LENGTH} characters")
        )
    if problems:
        raise ValidationFailed(problems)
    now = ports.clock.now()
    tenant, record = await load_subscription(ports, tenant_id)
    customer = await ensure_customer(ports, tenant, record)
    request = MandateRequest(
        customer,
        iban,
        holder,
        tenant.billing_email,
        acceptance.ip_address,
        acceptance.user_agent,
    )
    digest = hashlib.sha256("|".join(astuple(request)).encode()).hexdigest()[:16]
    try:
        mandate = await _set_up_live(
            gateway, request, f"mandate:{tenant_id}:{digest}:{berlin_today(now).isoformat()}"
        )
    except PaymentRefused as refused:
        raise ValidationFailed([FieldProblem("iban", f"refused by the bank: {refused}")]) from None
    await gateway.update_customer(
        customer,
        payment_method_id=mandate.payment_method_id,
        idempotency_key=f"mandate-default:{tenant_id}:{mandate.mandate_id}:{now.isoformat()}",
    )
    info = MandateInfo(
        mandate.mandate_id,
        mandate.payment_method_id,
        mandate.state,
        mandate.iban_last4 or iban[-4:],
    )
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        stored = await current_subscription(store, tenant)
        await store.subscription.save(replace(stored, mandate=info), now)
    return info
