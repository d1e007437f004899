"""Use cases: a changed account address is confirmed before anything is sent to it, and the
mails the service sends to the account address on request are capped per day.

The no-reply transport sends from the platform's domain: without both, anybody could make it
mail any address, under a display name of their choosing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

from automahntion.app.access.credentials import hash_secret, new_secret
from automahntion.app.mail.ports import MailTransports, OutgoingMail
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.app.tenants.addresses import address_problem
from automahntion.app.tenants.records import AuditEntry, Tenant
from automahntion.domain.calendar import berlin_day_start
from automahntion.domain.errors import DomainError, ValidationFailed

CONFIRMATION_PREFIX = "amv_"
CONFIRMATION_LIFETIME = timedelta(hours=48)
ACCOUNT_MAILS_PER_DAY = 5
"""Test e-mails and confirmation links together, per tenant and Berlin day."""
CAPPED_ACTIONS = frozenset({"mail.test_sent", "account.email_confirmation_sent"})
PLATFORM_NAME = "automahntion"
CONFIRMATION_SUBJECT = "Bitte bestätigen Sie Ihre neue E-Mail-Adresse"


class AccountMailLimitReached(DomainError):
    """Answered 429."""

    code = "account-mail-limit-reached"

    def __init__(self) -> None:
        super().__init__(
            f"at most {ACCOUNT_MAILS_PER_DAY} test e-mails and confirmation links a day; "
            "try again tomorrow"
        )


def checked_address(email: str) -> str:
    email = email.strip()
    problem = address_problem("email", email)
    if problem is not None:
        raise ValidationFailed([problem])
    return email


async def claim_account_mail(store: TenantStore, action: str, subject: str, now: datetime) -> None:
    """Counts one mail to the account's side against today's cap (or refuses it)."""
    if await store.audit.count(CAPPED_ACTIONS, berlin_day_start(now)) >= ACCOUNT_MAILS_PER_DAY:
        raise AccountMailLimitReached
    await store.audit.record(AuditEntry("api", action, now, subject))


def _confirmation_text(tenant: Tenant, link: str) -> str:
    return (
        "Guten Tag,\n\n"
        f"für das Konto „{tenant.name}“ bei {PLATFORM_NAME} wurde diese Adresse als neue "
        "Konto-E-Mail-Adresse angegeben. Bitte bestätigen Sie das über diesen Link "
        f"(gültig 48 Stunden):\n\n{link}\n\n"
        "Bis dahin bleibt die bisherige Adresse gültig. Wenn Sie das nicht veranlasst haben, "
        "ignorieren Sie diese E-Mail einfach: Es wird nichts geändert.\n\n"
        f"Ihr {PLATFORM_NAME}"
    )


async def request_account_email_change(
    units: Callable[[], UnitOfWork],
    mail: MailTransports,
    tenant_id: UUID,
    email: str,
    *,
    link_for: Callable[[str], str],
    message_id: str,
    now: datetime,
) -> Tenant:
    """The new address stays pending, the old one in force, until the link sent to the new
    one is opened. The token is kept only as its hash."""
    email = checked_address(email)
    token = new_secret(CONFIRMATION_PREFIX)
    async with units() as uow:
        store = uow.tenant(tenant_id)
        tenant = await store.account.get()
        if email == tenant.account_email:
            return tenant
        await claim_account_mail(store, "account.email_confirmation_sent", email, now)
        await store.account.request_email_change(
            email, hash_secret(token), now + CONFIRMATION_LIFETIME
        )
        tenant = await store.account.get()
    transport = mail.default()
    await transport.send(
        OutgoingMail(
            message_id=message_id,
            from_address=transport.from_address,
            from_name=PLATFORM_NAME,
            to=(email,),
            subject=CONFIRMATION_SUBJECT,
            text=_confirmation_text(tenant, link_for(token)),
        )
    )
    return tenant


async def confirm_account_email(
    units: Callable[[], UnitOfWork], token: str, now: datetime
) -> UUID | None:
    """The tenant whose new address is now in force; None for an unknown, used or expired
    link."""
    if not token.startswith(CONFIRMATION_PREFIX):
        return None
    async with units() as uow:
        tenant_id = await uow.tenants.confirm_account_email(hash_secret(token), now)
        if tenant_id is not None:
            await uow.tenant(tenant_id).audit.record(
                AuditEntry("tenant", "account.email_confirmed", now)
            )
    return tenant_id
