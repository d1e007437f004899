"""The SMTP adapter against a real aiosmtpd server on 127.0.0.1 (see `tests/smtp_sink.py`)."""

from __future__ import annotations

import asyncio
import dataclasses
import email
import email.policy
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from automahntion.adapters.mail.errors import MailOutcomeUnknown
from automahntion.adapters.mail.folder import FolderMailTransport
from automahntion.adapters.mail.smtp import SmtpMailTransport
from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.app.mail.ports import (
    Attachment,
    MailProblem,
    MailRefused,
    MailTransport,
    OutgoingMail,
)
from automahntion.app.mail.records import SmtpServer, SmtpTls
from tests.smtp_sink import Sink

USER, PASSWORD = "mahnwesen", "richtig-geheim"
NO_REPLY = "no-reply@automahntion.test"
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"
MESSAGE_ID = "<r1.3f2a9c0d4e5b@automahntion>"


class FixedClock:
    def now(self) -> datetime:
        return datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def reminder(**changes: object) -> OutgoingMail:
    mail = OutgoingMail(
        message_id=MESSAGE_ID,
        from_address=NO_REPLY,
        from_name="Bäckerei Sonnenschein GmbH",
        to=("kunde@example.com",),
        cc=("buchhaltung@baeckerei-sonnenschein.de",),
        bcc=("archiv@baeckerei-sonnenschein.de",),
        reply_to="info@baeckerei-sonnenschein.de",
        subject="Zahlungserinnerung: Rechnung RE-2025-0042 über 1.234,56 €",
        text=(
            "Sehr geehrte Frau Müller,\n\nbitte überweisen Sie 1.234,56 €.\n.\n"
            "Mit freundlichen Grüßen\n"
        ),
        html="<p>Sehr geehrte Frau Müller,</p><p>bitte überweisen Sie 1.234,56 €.</p>",
        attachments=(Attachment("Rechnung RE-2025-0042.pdf", "application/pdf", PDF),),
    )
    return dataclasses.replace(mail, **changes)  # type: ignore[arg-type]


def plain_transport(
    sink: Sink, *, tls: SmtpTls = SmtpTls.NONE, public_hosts_only: bool = False
) -> SmtpMailTransport:
    return SmtpMailTransport(
        sink.host,
        sink.port,
        NO_REPLY,
        tls=tls,
        timeout=5,
        clock=FixedClock(),
        public_hosts_only=public_hosts_only,
    )


def tenant_server(sink: Sink, *, password: str = PASSWORD) -> SmtpServer:
    return SmtpServer(
        host=sink.host,
        port=sink.port,
        from_address="mahnung@baeckerei-sonnenschein.de",
        tls=SmtpTls.STARTTLS,
        username=USER,
        password=password,
    )


def transports(sink: Sink, *, allow_private_hosts: bool = True) -> SmtpMailTransports:
    return SmtpMailTransports(
        sink.host,
        sink.port,
        NO_REPLY,
        tls=SmtpTls.NONE,
        allow_private_hosts=allow_private_hosts,
        timeout=5,
        ssl_context=sink.tls_context_for_clients,
    )


@pytest.fixture
def sink() -> Iterator[Sink]:
    with Sink() as running:
        yield running


@pytest.fixture
def secure_sink() -> Iterator[Sink]:
    with Sink(tls=True, auth=(USER, PASSWORD)) as running:
        yield running


async def test_plain_delivery_keeps_every_header_and_puts_bcc_only_in_the_envelope(
    sink: Sink,
) -> None:
    receipt = await plain_transport(sink).send(reminder())

    assert receipt.transport_message_id == "250 2.0.0 Ok: queued as SINK0001"
    [received] = sink.messages
    assert received.envelope_from == NO_REPLY
    assert received.envelope_to == (
        "kunde@example.com",
        "buchhaltung@baeckerei-sonnenschein.de",
        "archiv@baeckerei-sonnenschein.de",
    )
    message = received.message
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Bäckerei Sonnenschein GmbH", NO_REPLY)
    assert message["To"] == "kunde@example.com"
    assert message["Cc"] == "buchhaltung@baeckerei-sonnenschein.de"
    assert message["Reply-To"] == "info@baeckerei-sonnenschein.de"
    assert message["Subject"] == "Zahlungserinnerung: Rechnung RE-2025-0042 über 1.234,56 €"
    assert message["Message-ID"] == MESSAGE_ID
    assert message["Date"].datetime == FixedClock().now()
    assert "Bcc" not in message
    assert b"archiv@" not in received.raw
    assert received.raw.isascii()


async def test_plain_delivery_carries_utf8_bodies_and_the_attachment(sink: Sink) -> None:
    await plain_transport(sink).send(reminder())

    message = sink.messages[0].message
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None
    assert html is not None
    assert text.get_content() == reminder().text
    assert html.get_content().rstrip("\n") == reminder().html
    [attachment] = list(message.iter_attachments())
    assert isinstance(attachment, EmailMessage)
    assert attachment.get_filename() == "Rechnung RE-2025-0042.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == PDF


async def test_a_text_only_message_without_cc_reply_to_or_attachments(sink: Sink) -> None:
    await plain_transport(sink).send(
        reminder(cc=(), bcc=(), reply_to=None, html=None, attachments=())
    )

    [received] = sink.messages
    assert received.envelope_to == ("kunde@example.com",)
    message = received.message
    assert message.get_content_type() == "text/plain"
    assert message.get_content() == reminder().text
    assert "Cc" not in message
    assert "Reply-To" not in message


def numbered(n: int) -> OutgoingMail:
    return reminder(message_id=f"<r1.{n}@automahntion>", html=None, attachments=())


def message_ids(sink: Sink) -> list[str]:
    return [str(received.message["Message-ID"]) for received in sink.messages]


async def test_a_message_sent_alone_has_a_connection_of_its_own(sink: Sink) -> None:
    transport = plain_transport(sink)

    await transport.send(numbered(1))
    await transport.send(numbered(2))

    assert sink.connections == 2


async def test_the_messages_of_a_session_share_one_connection(sink: Sink) -> None:
    async with plain_transport(sink).session() as session:
        receipts = [await session.send(numbered(n)) for n in range(3)]

    assert sink.connections == 1
    assert message_ids(sink) == [f"<r1.{n}@automahntion>" for n in range(3)]
    assert [r.transport_message_id for r in receipts] == [
        f"250 2.0.0 Ok: queued as SINK000{n}" for n in (1, 2, 3)
    ]


async def test_a_session_opens_a_new_connection_when_the_server_hung_up(sink: Sink) -> None:
    async with plain_transport(sink).session() as session:
        await session.send(numbered(1))
        sink.close_connections()
        await session.send(numbered(2))

    assert sink.connections == 2
    assert message_ids(sink) == ["<r1.1@automahntion>", "<r1.2@automahntion>"]


async def test_a_session_opens_a_new_connection_when_the_server_is_closing(sink: Sink) -> None:
    async with plain_transport(sink).session() as session:
        await session.send(numbered(1))
        sink.refuse_next(1, code=421, text="4.4.2 Idle too long, closing", at="mail")
        await session.send(numbered(2))

    assert sink.connections == 2
    assert len(sink.messages) == 2


async def test_a_421_on_a_new_connection_is_a_temporary_refusal(sink: Sink) -> None:
    sink.refuse_next(1, code=421, text="4.3.2 Too busy", at="mail")

    async with plain_transport(sink).session() as session:
        with pytest.raises(MailRefused) as refused:
            await session.send(numbered(1))

    assert not refused.value.permanent
    assert refused.value.problem is MailProblem.TEMPORARY
    assert sink.messages == []


async def test_after_a_refusal_or_an_unknown_outcome_the_session_goes_on_anew(
    sink: Sink,
) -> None:
    async with plain_transport(sink).session() as session:
        sink.refuse_next(1, code=550, text="5.7.1 Rejected")
        with pytest.raises(MailRefused):
            await session.send(numbered(1))
        sink.lose_reply_next(1)
        with pytest.raises(MailOutcomeUnknown):
            await session.send(numbered(2))
        await session.send(numbered(3))

    assert sink.connections == 3
    assert message_ids(sink) == ["<r1.2@automahntion>", "<r1.3@automahntion>"]


async def test_starttls_and_login_deliver(secure_sink: Sink) -> None:
    transport = await transports(secure_sink).tenant_server(tenant_server(secure_sink))

    receipt = await transport.send(reminder(from_address=transport.from_address))

    assert receipt.transport_message_id is not None
    assert receipt.transport_message_id.startswith("250 ")
    [received] = secure_sink.messages
    assert received.over_tls
    assert received.authenticated_as == USER
    assert received.envelope_from == "mahnung@baeckerei-sonnenschein.de"


async def test_implicit_tls_and_login_deliver() -> None:
    with Sink(implicit_tls=True, auth=(USER, PASSWORD)) as sink:
        transport = SmtpMailTransport(
            sink.host,
            sink.port,
            NO_REPLY,
            tls=SmtpTls.TLS,
            username=USER,
            password=PASSWORD,
            ssl_context=sink.tls_context_for_clients,
            timeout=5,
        )
        await transport.send(reminder())

        [received] = sink.messages
        assert received.over_tls
        assert received.authenticated_as == USER


async def test_check_of_a_working_server_is_none(secure_sink: Sink) -> None:
    assert await transports(secure_sink).check(tenant_server(secure_sink)) is None
    assert secure_sink.messages == []


async def test_wrong_password_check_reports_535_and_send_is_refused_for_good(
    secure_sink: Sink,
) -> None:
    server = tenant_server(secure_sink, password="falsch")
    factory = transports(secure_sink)

    assert await factory.check(server) == "535 5.7.8 Authentication credentials invalid"
    with pytest.raises(MailRefused) as refused:
        await (await factory.tenant_server(server)).send(reminder())
    assert refused.value.permanent
    assert refused.value.reason == "535 5.7.8 Authentication credentials invalid"
    assert refused.value.problem is MailProblem.LOGIN
    assert secure_sink.messages == []


async def test_an_untrusted_certificate_is_refused_for_good(secure_sink: Sink) -> None:
    server = tenant_server(secure_sink)
    system_trust_only = SmtpMailTransports(
        "127.0.0.1", 25, NO_REPLY, allow_private_hosts=True, timeout=5
    )

    problem = await system_trust_only.check(server)

    assert problem is not None
    assert "certificate" in problem
    with pytest.raises(MailRefused) as refused:
        await (await system_trust_only.tenant_server(server)).send(reminder())
    assert refused.value.permanent
    assert refused.value.problem is MailProblem.TLS
    assert secure_sink.messages == []


async def test_starttls_required_but_not_offered_is_refused(sink: Sink) -> None:
    transport = plain_transport(sink, tls=SmtpTls.STARTTLS)

    with pytest.raises(MailRefused) as refused:
        await transport.send(reminder())

    assert refused.value.permanent
    assert "STARTTLS" in refused.value.reason
    assert refused.value.problem is MailProblem.SERVER_SETUP
    assert sink.messages == []
    check = await transports(sink).check(
        SmtpServer(sink.host, sink.port, NO_REPLY, tls=SmtpTls.STARTTLS)
    )
    assert check is not None
    assert "STARTTLS" in check


async def test_a_550_answer_is_a_permanent_refusal_with_the_servers_words(sink: Sink) -> None:
    sink.refuse_next(1, code=550, text="5.7.1 Message rejected as spam")
    transport = plain_transport(sink)

    with pytest.raises(MailRefused) as refused:
        await transport.send(reminder())

    assert refused.value.permanent
    assert refused.value.reason == "550 5.7.1 Message rejected as spam"
    assert refused.value.problem is MailProblem.POLICY
    assert sink.messages == []
    await transport.send(reminder())  # only the next one was refused
    assert len(sink.messages) == 1


async def test_a_451_answer_is_a_temporary_refusal(sink: Sink) -> None:
    sink.refuse_next(1, code=451, text="4.3.0 Try again later")

    with pytest.raises(MailRefused) as refused:
        await plain_transport(sink).send(reminder())

    assert not refused.value.permanent
    assert refused.value.reason == "451 4.3.0 Try again later"
    assert refused.value.problem is MailProblem.TEMPORARY
    assert sink.messages == []


async def test_a_refused_recipient_stops_the_whole_message(sink: Sink) -> None:
    sink.refuse_next(1, code=550, text="5.1.1 No such user", at="rcpt")

    with pytest.raises(MailRefused) as refused:
        await plain_transport(sink).send(reminder())

    assert refused.value.permanent
    assert refused.value.reason == "recipient refused: kunde@example.com: 550 5.1.1 No such user"
    assert refused.value.problem is MailProblem.RECIPIENT
    assert sink.messages == []  # not even the CC or BCC copy went out


async def test_a_greylisted_recipient_is_temporary(sink: Sink) -> None:
    sink.refuse_next(1, code=450, text="4.2.0 Greylisted, come back later", at="rcpt")

    with pytest.raises(MailRefused) as refused:
        await plain_transport(sink).send(reminder(cc=(), bcc=()))

    assert not refused.value.permanent
    assert "450 4.2.0 Greylisted" in refused.value.reason
    assert refused.value.problem is MailProblem.TEMPORARY


async def test_a_connection_lost_while_the_server_takes_the_message_is_no_refusal(
    sink: Sink,
) -> None:
    """It may have been delivered: not a `MailRefused` (which may be sent again later)."""
    sink.lose_reply_next(1)

    with pytest.raises(MailOutcomeUnknown) as unknown:
        await plain_transport(sink).send(reminder())

    assert not isinstance(unknown.value, MailRefused)
    assert len(sink.messages) == 1  # the server did take it


async def test_a_send_stopped_while_the_server_keeps_its_answer_ends_at_once(
    sink: Sink,
) -> None:
    """A day cut off in the middle of a hand-over: the connection is closed without QUIT,
    whose answer the stalling server would keep back until the timeout (30 s here)."""
    sink.delay_replies(3600)
    transport = SmtpMailTransport(sink.host, sink.port, NO_REPLY, tls=SmtpTls.NONE, timeout=30)
    async with transport.session() as session:
        sending = asyncio.create_task(session.send(reminder()))
        async with asyncio.timeout(10):
            while not sink.replies_held:
                await asyncio.sleep(0.01)
        sending.cancel()
        await asyncio.wait([sending], timeout=5)
        assert sending.done(), "the stop waited for the server's answer"
        assert sending.cancelled()
    assert len(sink.messages) == 1


async def test_nobody_listening_is_temporary() -> None:
    with Sink() as sink:
        port = sink.port
    transport = SmtpMailTransport("127.0.0.1", port, NO_REPLY, tls=SmtpTls.NONE, timeout=5)

    with pytest.raises(MailRefused) as refused:
        await transport.send(reminder())

    assert not refused.value.permanent
    assert str(port) in refused.value.reason
    assert refused.value.problem is MailProblem.UNREACHABLE


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"subject": "Erinnerung\r\nBcc: opfer@example.com"}, id="subject"),
        pytest.param({"subject": "Erinnerung\nX-Evil: 1"}, id="subject-lf"),
        pytest.param({"reply_to": "info@example.com\r\nBcc: opfer@example.com"}, id="reply-to"),
        pytest.param({"from_name": "Bäckerei\r\nBcc: opfer@example.com"}, id="display-name"),
        pytest.param({"to": ("kunde@example.com\n",)}, id="to"),
        pytest.param({"cc": ("a@example.com\rX: y",)}, id="cc"),
        pytest.param({"bcc": ("archiv@example.com\r\n",)}, id="bcc"),
        pytest.param({"message_id": "<a@b>\r\nX: y"}, id="message-id"),
        pytest.param(
            {"attachments": (Attachment("Rechnung\r\nX-Evil: 1.pdf", "application/pdf", PDF),)},
            id="attachment-filename",
        ),
        pytest.param(
            {"attachments": (Attachment("r.pdf", "application/pdf\r\nX-Evil: 1", PDF),)},
            id="attachment-type",
        ),
    ],
)
async def test_a_line_break_in_a_header_is_refused_before_connecting(
    sink: Sink, changes: dict[str, object]
) -> None:
    with pytest.raises(MailRefused) as refused:
        await plain_transport(sink).send(reminder(**changes))

    assert refused.value.permanent
    assert refused.value.problem is MailProblem.INVALID_MESSAGE
    assert sink.messages == []


async def test_a_private_tenant_host_is_refused_unless_allowed(secure_sink: Sink) -> None:
    server = tenant_server(secure_sink)

    with pytest.raises(MailRefused) as refused:
        await transports(secure_sink, allow_private_hosts=False).tenant_server(server)
    assert refused.value.permanent
    assert "127.0.0.1" in refused.value.reason
    assert refused.value.problem is MailProblem.HOST_NOT_ALLOWED
    check = await transports(secure_sink, allow_private_hosts=False).check(server)
    assert check is not None
    assert "127.0.0.1" in check

    allowed = await transports(secure_sink, allow_private_hosts=True).tenant_server(server)
    await allowed.send(reminder())
    assert len(secure_sink.messages) == 1


async def test_the_guard_holds_at_send_time_too(sink: Sink) -> None:
    """A transport made for public hosts checks the address again when it connects."""
    guarded = plain_transport(sink, public_hosts_only=True)

    with pytest.raises(MailRefused) as refused:
        await guarded.send(reminder())

    assert refused.value.permanent
    assert sink.messages == []


async def test_the_default_transport_is_the_no_reply_server(sink: Sink) -> None:
    transport: MailTransport = transports(sink, allow_private_hosts=False).default()

    assert transport.from_address == NO_REPLY
    await transport.send(reminder())
    assert sink.messages[0].envelope_from == NO_REPLY


async def test_folder_transport_writes_the_eml_and_an_envelope_sidecar(tmp_path: Path) -> None:
    folder = tmp_path / "outbox"
    transport = FolderMailTransport(folder, NO_REPLY, clock=FixedClock())

    receipt = await transport.send(reminder())

    eml = folder / "r1.3f2a9c0d4e5b_automahntion.eml"
    assert sorted(p.name for p in folder.iterdir()) == [
        "r1.3f2a9c0d4e5b_automahntion.eml",
        "r1.3f2a9c0d4e5b_automahntion.json",
    ]
    assert receipt.transport_message_id is not None
    assert str(eml) in receipt.transport_message_id
    raw = eml.read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert message["Message-ID"] == MESSAGE_ID
    assert message["From"].addresses[0].display_name == "Bäckerei Sonnenschein GmbH"
    assert "Bcc" not in message
    assert b"archiv@" not in raw
    [attachment] = list(message.iter_attachments())
    assert isinstance(attachment, EmailMessage)
    assert attachment.get_content() == PDF
    assert json.loads(eml.with_suffix(".json").read_text()) == {
        "message_id": MESSAGE_ID,
        "from": NO_REPLY,
        "to": ["kunde@example.com"],
        "cc": ["buchhaltung@baeckerei-sonnenschein.de"],
        "bcc": ["archiv@baeckerei-sonnenschein.de"],
    }


async def test_folder_transport_refuses_line_breaks_and_writes_nothing(tmp_path: Path) -> None:
    transport = FolderMailTransport(tmp_path, NO_REPLY)

    with pytest.raises(MailRefused) as refused:
        await transport.send(reminder(subject="Hallo\r\nBcc: opfer@example.com"))

    assert refused.value.permanent
    assert list(tmp_path.iterdir()) == []
