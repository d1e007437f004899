"""SSRF through a tenant's SMTP host by DNS rebinding: the name answers a public address when
it is judged and 127.0.0.1 when the reminder goes out. The connection must be judged by what it
connects to, so the SMTP server on this machine's loopback gets nothing."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.app.mail.ports import MailProblem, MailRefused, OutgoingMail
from automahntion.app.mail.records import SmtpServer, SmtpTls
from tests.smtp_sink import Sink

REBINDING_NAME = "smtp.rebind.test"
PUBLIC = "93.184.216.34"


def _mail() -> OutgoingMail:
    return OutgoingMail(
        message_id="<rebind.1@automahntion.example>",
        from_address="rechnung@baeckerei.example",
        from_name="Bäckerei",
        to=("kunde@example.com",),
        subject="Zahlungserinnerung",
        text="Guten Tag",
    )


async def test_a_name_rebinding_to_loopback_after_the_check_reaches_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers: list[str] = []
    system = socket.getaddrinfo

    def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name != REBINDING_NAME:
            return system(host, port, *args, **kwargs)
        answers.append(PUBLIC if not answers else "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[-1], int(port)))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with Sink() as sink:
        transports = SmtpMailTransports(
            sink.host, sink.port, "no-reply@automahntion.example", tls="none", timeout=5
        )
        server = SmtpServer(REBINDING_NAME, sink.port, "rechnung@baeckerei.example", SmtpTls.NONE)
        transport = await transports.tenant_server(server)

        with pytest.raises(MailRefused) as refused:
            await transport.send(_mail())

        assert refused.value.problem is MailProblem.HOST_NOT_ALLOWED
        assert "127.0.0.1" in refused.value.reason
        assert sink.connections == 0
        assert sink.messages == []
    assert answers[0] == PUBLIC
    assert len(answers) >= 2, "the name was not looked up again when connecting"
