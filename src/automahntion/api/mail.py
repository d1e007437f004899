"""`/v1/smtp` and `/v1/test-email`: the tenant's own mail server and a test message."""

from __future__ import annotations

import uuid
from uuid import UUID

from litestar import Controller
from litestar.di import NamedDependency
from litestar.params import JSONBody

from automahntion.api import scopes
from automahntion.api.routing import delete, post, put
from automahntion.api.schemas import ConnectionCheckOut, SmtpServerIn, TestEmailOut
from automahntion.api.wiring import Units, Wired
from automahntion.app.clock import Clock
from automahntion.app.mail.ports import MailTransports
from automahntion.app.mail.records import SmtpServer, SmtpTls
from automahntion.app.mail.smtp_servers import check_smtp_server, save_smtp_server, send_test_email


def _server(data: SmtpServerIn) -> SmtpServer:
    return SmtpServer(
        host=data.host,
        port=data.port,
        from_address=data.from_address,
        tls=SmtpTls(data.tls),
        username=data.username,
        password=data.password if data.username else None,
    )


class MailController(Controller):
    path = "/"
    tags = ["mail"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @put("/smtp", status_code=204, scope=scopes.SETTINGS_TRANSPORT)
    async def save(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        mail_transports: Wired[MailTransports],
        tenant_id: NamedDependency[UUID],
        data: JSONBody[SmtpServerIn],
    ) -> None:
        """Set the SMTP server

        Messages are sent through the tenant's own SMTP server from now on (needs the SMTP
        add-on). The password is stored encrypted and never answered. Check the server first with
        `POST /v1/smtp/test-connection`."""
        await save_smtp_server(
            units,
            mail_transports,
            tenant_id,
            _server(data),
            clock.now(),
        )

    @delete("/smtp", status_code=204, scope=scopes.SETTINGS_TRANSPORT)
    async def remove(self, units: Wired[Units], tenant_id: NamedDependency[UUID]) -> None:
        """Remove the SMTP server

        Messages are sent through the service's own mail server again. Removing none is no error."""
        async with units() as uow:
            await uow.tenant(tenant_id).smtp.remove()

    @post("/smtp/test-connection", status_code=200, scope=scopes.SETTINGS_TRANSPORT)
    async def test_connection(
        self, mail_transports: Wired[MailTransports], data: JSONBody[SmtpServerIn]
    ) -> ConnectionCheckOut:
        """Test an SMTP server

        Connects and logs in to the server given (without sending and without storing it); `ok`
        false with the server's `error` when that fails."""
        error = await check_smtp_server(mail_transports, _server(data))
        return ConnectionCheckOut(ok=error is None, error=error)

    @post("/test-email", status_code=200, scope=scopes.SETTINGS_WRITE)
    async def test_email(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        mail_transports: Wired[MailTransports],
        mail_domain: Wired[str],
        tenant_id: NamedDependency[UUID],
    ) -> TestEmailOut:
        """Send a test e-mail

        To the confirmed account address, at most 5 a day with the confirmation links (429 then)."""
        sent_to = await send_test_email(
            units,
            mail_transports,
            tenant_id,
            f"<test.{uuid.uuid4().hex}@{mail_domain}>",
            clock.now(),
        )
        return TestEmailOut(sent_to=sent_to)
