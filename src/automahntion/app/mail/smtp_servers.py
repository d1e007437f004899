"""Use cases around the tenant's e-mail: its own SMTP server, the connection test, the test
e-mail (always through the default transport, to the account's own address, no attachments)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from automahntion.app.mail.ports import MailRefused, MailTransport, MailTransports, OutgoingMail
from automahntion.app.mail.records import SmtpServer
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.app.tenants.account_email import claim_account_mail
from automahntion.app.tenants.addresses import address_problem
from automahntion.app.tenants.records import AuditEntry
from automahntion.domain.errors import FieldProblem, ValidationFailed

TEST_SUBJECT = "Test-E-Mail von automahntion"


def _validate(server: SmtpServer) -> None:
    problems = []
    if not server.host.strip() or any(c in server.host for c in " /\r\n"):
        problems.append(FieldProblem("host", "must be a host name or address"))
    if not 0 < server.port < 65536:
        problems.append(FieldProblem("port", "must be from 1 to 65535"))
    address = address_problem("from_address", server.from_address)
    if address is not None:
        problems.append(address)
    if server.password and not server.username:
        problems.append(FieldProblem("username", "is needed with a password"))
    if problems:
        raise ValidationFailed(problems)


async def tenant_transport(mail: MailTransports, store: TenantStore) -> MailTransport:
    """The tenant's own server once it bought the SMTP add-on and configured one (rule 8);
    the default no-reply transport otherwise."""
    server = await store.smtp.get()
    if server is None:
        return mail.default()
    subscription = await store.subscription.get()
    if subscription is None or subscription.smtp_addon_bought_at is None:
        return mail.default()
    return await mail.tenant_server(server)


async def _refuse_unusable_host(mail: MailTransports, server: SmtpServer) -> None:
    """A host that is not allowed (loopback, private) or does not exist is refused when it is
    saved, not only when the first reminder fails; a DNS outage does not stop saving, the
    transport checks again at every connection."""
    try:
        await mail.tenant_server(server)
    except MailRefused as refused:
        if refused.permanent:
            raise ValidationFailed([FieldProblem("host", refused.reason)]) from None


async def save_smtp_server(
    units: Callable[[], UnitOfWork],
    mail: MailTransports,
    tenant_id: UUID,
    server: SmtpServer,
    now: datetime,
) -> None:
    _validate(server)
    await _refuse_unusable_host(mail, server)
    async with units() as uow:
        store = uow.tenant(tenant_id)
        await store.smtp.save(server)
        await store.audit.record(AuditEntry("api", "smtp.saved", now, server.host))


async def check_smtp_server(mail: MailTransports, server: SmtpServer) -> str | None:
    """None when connecting and logging in worked, else the server's own words."""
    _validate(server)
    try:
        await mail.tenant_server(server)
    except MailRefused as refused:
        return refused.reason
    return await mail.check(server)


async def send_test_email(
    units: Callable[[], UnitOfWork],
    mail: MailTransports,
    tenant_id: UUID,
    message_id: str,
    now: datetime,
) -> str:
    """Returns the address it went to: the confirmed account address, never a pending one.
    Counted against the daily cap of mails to the account (`AccountMailLimitReached`)."""
    async with units() as uow:
        store = uow.tenant(tenant_id)
        tenant = await store.account.get()
        await claim_account_mail(store, "mail.test_sent", tenant.account_email, now)
    transport = mail.default()
    await transport.send(
        OutgoingMail(
            message_id=message_id,
            from_address=transport.from_address,
            from_name=tenant.name,
            to=(tenant.account_email,),
            subject=TEST_SUBJECT,
            text=(
                f"Guten Tag,\n\ndiese Test-E-Mail zeigt, wie Ihre Erinnerungen als „{tenant.name}“ "
                "ankommen.\n\nIhr automahntion"
            ),
            reply_to=tenant.settings.reply_to or tenant.account_email,
        )
    )
    return tenant.account_email
