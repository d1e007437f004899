"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, on a free port, in its own thread.

    with Sink() as sink:                                # plain SMTP, no AUTH
        ...send to sink.host, sink.port...
        assert sink.messages[0].envelope_to == ("kunde@example.com",)

    with Sink(tls=True, auth=("user", "secret")) as sink:   # STARTTLS required, AUTH required
        transport = SmtpMailTransport(..., ssl_context=sink.tls_context_for_clients)

    sink.refuse_next(1, code=451, text="4.7.1 Try again later")   # the next DATA gets 451
    sink.refuse_next(1, at="rcpt")          # the next RCPT gets 550
    sink.lose_reply_next()                  # the next message is taken, its 250 never sent
    sink.refuse_mailbox("x@example.com")    # RCPT to that address gets 550 5.1.1, every time
    sink.lose_reply_next(take=False)        # ... or lost on the way: the client cannot tell
    sink.delay_replies(1.0)                 # each message is taken, answered a second later
    sink.connections                        # how many connections clients opened so far
    sink.close_connections()                # the server hangs up on every open connection

`tls=True` offers STARTTLS and requires it (530 before it); `implicit_tls=True` speaks TLS from
the first byte (port-465 style). The certificate is self-signed for IP 127.0.0.1 and
`localhost`, made once per test run with `cryptography`; `tls_context_for_clients` trusts it
(and only it), `cert_path` is the PEM file. With `auth`, AUTH PLAIN/LOGIN is required before
MAIL (over TLS when TLS is on); a wrong password gets aiosmtpd's
`535 5.7.8 Authentication credentials invalid`.
"""

from __future__ import annotations

import asyncio
import atexit
import datetime as dt
import email
import email.policy
import functools
import ipaddress
import shutil
import ssl
import tempfile
import threading
from collections.abc import Awaitable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HOST = "127.0.0.1"
Stage = Literal["mail", "rcpt", "data"]


@dataclass(frozen=True)
class ReceivedMail:
    envelope_from: str
    envelope_to: tuple[str, ...]
    message: EmailMessage
    raw: bytes
    """The message bytes as the server got them (CRLF line ends, dot-unstuffed)."""
    authenticated_as: str | None
    over_tls: bool


@dataclass(frozen=True)
class _Certificate:
    cert_path: Path
    key_path: Path


@functools.cache
def _certificate() -> _Certificate:
    """A self-signed certificate for 127.0.0.1 and localhost, made once per process."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "automahntion test sink")])
    now = dt.datetime.now(dt.UTC)
    public_key = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(HOST)), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(public_key), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    folder = Path(tempfile.mkdtemp(prefix="automahntion-smtp-sink-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    cert_path = folder / "cert.pem"
    key_path = folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return _Certificate(cert_path=cert_path, key_path=key_path)


@dataclass
class _Refusal:
    remaining: int
    reply: str | None
    """None: take the message (unless `take` is off), then drop the connection instead of
    answering."""
    stage: Stage
    take: bool = True


class _Handler:
    def __init__(self, sink: Sink) -> None:
        self._sink = sink

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self._sink._auth is not None and not session.authenticated:
            return "530 5.7.0 Authentication required"
        refusal = self._sink._take_refusal("mail")
        if refusal is not None:
            return refusal.reply or "421 4.3.0 Closing"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        refusal = self._sink._take_refusal("rcpt")
        if refusal is not None:
            return refusal.reply or "421 4.3.0 Closing"
        if address.lower() in self._sink._unknown_mailboxes:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        refusal = self._sink._take_refusal("data")
        if refusal is not None and refusal.reply is not None:
            return refusal.reply
        if refusal is not None and not refusal.take:  # lost before it was taken
            assert server.transport is not None
            server.transport.close()
            return "421 4.3.0 Closing"
        reply = self._sink._store(session, envelope)
        if refusal is not None:  # taken, but the answer never arrives
            assert server.transport is not None
            server.transport.close()
        elif self._sink._reply_delay:
            self._sink._held += 1
            try:
                await asyncio.sleep(self._sink._reply_delay)
            finally:
                self._sink._held -= 1
        return reply


class _FreePortController(Controller):
    """Binds port 0 and learns the port the system chose (no race with other tests); keeps
    the server side of every connection."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.servers: list[SMTP] = []
        self.servers_lock = threading.Lock()

    def factory(self) -> SMTP:
        server: SMTP = super().factory()  # type: ignore[no-untyped-call]
        with self.servers_lock:
            self.servers.append(server)
        return server

    def forget_servers(self) -> None:
        with self.servers_lock:
            self.servers.clear()

    def close_all(self) -> None:
        async def close() -> None:
            with self.servers_lock:
                servers = list(self.servers)
            for server in servers:
                if server.transport is not None:
                    server.transport.close()

        asyncio.run_coroutine_threadsafe(close(), self.loop).result(timeout=5)

    def _create_server(self) -> Awaitable[Any]:
        return self._bind()

    async def _bind(self) -> Any:
        server = await self.loop.create_server(
            self._factory_invoker, host=self.hostname, port=0, ssl=self.ssl_context
        )
        self.port = server.sockets[0].getsockname()[1]
        return server


class Sink:
    def __init__(
        self,
        *,
        tls: bool = False,
        implicit_tls: bool = False,
        auth: tuple[str, str] | None = None,
    ) -> None:
        if tls and implicit_tls:
            raise ValueError("tls (STARTTLS) and implicit_tls exclude each other")
        self._tls = tls
        self._implicit_tls = implicit_tls
        self._auth = auth
        self._lock = threading.Lock()
        self._messages: list[ReceivedMail] = []
        self._refusals: list[_Refusal] = []
        self._unknown_mailboxes: set[str] = set()
        self._reply_delay = 0.0
        self._held = 0
        self._controller: _FreePortController | None = None

    # --- what tests use ---------------------------------------------------------------------

    @property
    def host(self) -> str:
        return HOST

    @property
    def port(self) -> int:
        if self._controller is None:
            raise RuntimeError("the sink is not running (use it as a context manager)")
        return int(self._controller.port)

    @property
    def messages(self) -> list[ReceivedMail]:
        """The messages taken so far, oldest first (a copy)."""
        with self._lock:
            return list(self._messages)

    @property
    def cert_path(self) -> Path:
        return _certificate().cert_path

    @property
    def tls_context_for_clients(self) -> ssl.SSLContext:
        """A client context that trusts the sink's certificate, and nothing else."""
        return ssl.create_default_context(cafile=str(self.cert_path))

    def refuse_next(
        self,
        count: int,
        code: int = 550,
        text: str = "5.7.1 Refused by the test sink",
        *,
        at: Stage = "data",
    ) -> None:
        """Answer the next `count` MAIL, RCPT or DATA commands (`at`) with `code text`.
        Refusals queue up: a second call applies after the first one's count is used up."""
        if count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._refusals.append(_Refusal(remaining=count, reply=f"{code} {text}", stage=at))

    def refuse_mailbox(self, address: str) -> None:
        """RCPT to `address` is refused for good (550 5.1.1), as for a mailbox that does not
        exist; other recipients are taken."""
        with self._lock:
            self._unknown_mailboxes.add(address.lower())

    def lose_reply_next(self, count: int = 1, *, take: bool = True) -> None:
        """Take the next `count` messages (they appear in `messages`) but drop the connection
        instead of answering DATA: the client cannot know whether they were delivered. With
        `take=False` they are lost (not in `messages`): the client cannot tell the difference."""
        if count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._refusals.append(_Refusal(remaining=count, reply=None, stage="data", take=take))

    @property
    def replies_held(self) -> int:
        """Messages taken whose answer `delay_replies` holds back right now."""
        return self._held

    def delay_replies(self, seconds: float) -> None:
        """Answer each message taken from now on only `seconds` after it appears in
        `messages` (a slow server); 0 answers at once again."""
        self._reply_delay = seconds

    @property
    def connections(self) -> int:
        """Connections clients opened so far."""
        if self._controller is None:
            raise RuntimeError("the sink is not running (use it as a context manager)")
        with self._controller.servers_lock:
            return len(self._controller.servers)

    def close_connections(self) -> None:
        """Hang up on every connection open now (as a server does after its idle timeout)."""
        if self._controller is None:
            raise RuntimeError("the sink is not running (use it as a context manager)")
        self._controller.close_all()

    def clear(self) -> None:
        """Forget the messages taken and any refusals still pending."""
        with self._lock:
            self._messages.clear()
            self._refusals.clear()

    # --- lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> Sink:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        if self._controller is not None:
            raise RuntimeError("the sink is already running")
        options: dict[str, Any] = {}
        if self._tls:
            options.update(tls_context=self._server_context(), require_starttls=True)
        if self._auth is not None:
            # AUTH is required before MAIL by the handler (aiosmtpd's own `auth_required`
            # warns without STARTTLS); with implicit TLS aiosmtpd does not count the connection
            # as TLS, hence `auth_require_tls` only with STARTTLS.
            options.update(authenticator=self._authenticate, auth_require_tls=self._tls)
        controller = _FreePortController(
            _Handler(self),
            hostname=HOST,
            port=0,
            ssl_context=self._server_context() if self._implicit_tls else None,
            server_hostname="sink.automahntion.test",
            ready_timeout=5.0,
            **options,
        )
        controller.start()
        controller.forget_servers()  # the controller's own check that the server answers
        self._controller = controller

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    # --- the server side ----------------------------------------------------------------------

    @staticmethod
    def _server_context() -> ssl.SSLContext:
        certificate = _certificate()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(certificate.cert_path, certificate.key_path)
        return context

    def _authenticate(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        mechanism: str,
        auth_data: object,
    ) -> AuthResult:
        assert self._auth is not None
        user, password = self._auth
        if isinstance(auth_data, LoginPassword) and (
            auth_data.login == user.encode() and auth_data.password == password.encode()
        ):
            return AuthResult(success=True, auth_data=auth_data)
        # handled=False: aiosmtpd answers 535 itself (with handled=True it would stay silent
        # and the client would hang until its timeout).
        return AuthResult(success=False, handled=False)

    def _take_refusal(self, stage: Stage) -> _Refusal | None:
        with self._lock:
            for refusal in self._refusals:
                if refusal.stage == stage:
                    refusal.remaining -= 1
                    if refusal.remaining == 0:
                        self._refusals.remove(refusal)
                    return refusal
        return None

    def _store(self, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        # Parsed as a mail client would after reading it off the wire: with the line ends of the
        # platform, so that `get_content()` gives back text as it was written.
        unix = raw.replace(b"\r\n", b"\n")
        message = email.message_from_bytes(unix, policy=email.policy.default)
        login = session.auth_data.login if isinstance(session.auth_data, LoginPassword) else None
        received = ReceivedMail(
            envelope_from=envelope.mail_from or "",
            envelope_to=tuple(envelope.rcpt_tos),
            message=message,
            raw=raw,
            authenticated_as=login.decode() if isinstance(login, bytes) else None,
            over_tls=self._implicit_tls or session.ssl is not None,
        )
        with self._lock:
            self._messages.append(received)
            number = len(self._messages)
        return f"250 2.0.0 Ok: queued as SINK{number:04d}"
