"""`MailTransport` over SMTP with aiosmtplib: STARTTLS, implicit TLS or none, AUTH when a user
name is given, and every server answer mapped onto `MailRefused`.

- 5xx answers, refused recipients, a missing STARTTLS or AUTH, an untrusted certificate:
  permanent (trying again the same way will not help).
- 4xx answers, connection failures, timeouts before the message was handed over: temporary.
- A connection lost or timed out *during* DATA: `MailOutcomeUnknown` (not a refusal: the
  server may have taken the message).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
from collections.abc import AsyncIterator, Sequence

import aiosmtplib

from automahntion.adapters.clock import SystemClock
from automahntion.adapters.mail.errors import MailOutcomeUnknown
from automahntion.adapters.mail.hosts import RESOLVE_TIMEOUT_S, ResolvedAddress, resolve
from automahntion.adapters.mail.message import Envelope, build_message, envelope_for, render
from automahntion.app.clock import Clock
from automahntion.app.mail.ports import MailProblem, MailReceipt, MailRefused, OutgoingMail
from automahntion.app.mail.records import SmtpTls

DEFAULT_TIMEOUT = 30.0
CLOSING = 421
"""The server's "service not available, closing transmission channel"."""


def _cause_chain(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _reply(code: int, message: str) -> str:
    return f"{code} {message}".strip()


def _is_permanent(code: int) -> bool:
    return 500 <= code <= 599


def _problem(code: int, message: str) -> MailProblem:
    """The kind of an SMTP answer, from its code and enhanced status code (RFC 3463)."""
    if 400 <= code <= 499:
        return MailProblem.TEMPORARY
    enhanced = message.strip().split(" ", 1)[0]
    if enhanced.startswith("5.2.2"):
        return MailProblem.MAILBOX_FULL
    if enhanced.startswith("5.3.4") or code == 552:
        return MailProblem.TOO_LARGE
    if code == 535 or enhanced.startswith("5.7.8"):
        return MailProblem.LOGIN
    if enhanced.startswith("5.7."):
        return MailProblem.POLICY
    if enhanced.startswith("5.1.") or code in (550, 551, 553):
        return MailProblem.RECIPIENT
    return MailProblem.REFUSED


def refusal(error: Exception, *, host: str) -> MailRefused:
    """What an aiosmtplib or socket error means for the caller, with the server's own words."""
    for cause in _cause_chain(error):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return MailRefused(
                f"the TLS certificate of {host} was not accepted: {cause.verify_message or cause}",
                permanent=True,
                problem=MailProblem.TLS,
            )
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        return _recipients_refused(error.recipients)
    if isinstance(error, aiosmtplib.SMTPResponseException):
        return MailRefused(
            _reply(error.code, error.message),
            permanent=_is_permanent(error.code),
            problem=_problem(error.code, error.message),
        )
    if isinstance(error, aiosmtplib.SMTPTimeoutError | TimeoutError):
        return MailRefused(
            f"timed out talking to {host}: {error}", permanent=False, problem=MailProblem.TIMEOUT
        )
    if isinstance(error, aiosmtplib.SMTPConnectError | aiosmtplib.SMTPServerDisconnected):
        return MailRefused(str(error), permanent=False, problem=MailProblem.UNREACHABLE)
    if isinstance(error, aiosmtplib.SMTPException):
        # STARTTLS or AUTH not offered, no usable AUTH method: the server's setup, not a hiccup.
        return MailRefused(
            f"{host}: {error.message}", permanent=True, problem=MailProblem.SERVER_SETUP
        )
    if isinstance(error, ssl.SSLError):
        return MailRefused(
            f"TLS with {host} failed: {error}", permanent=False, problem=MailProblem.TLS
        )
    if isinstance(error, OSError):
        return MailRefused(
            f"could not reach {host}: {error}", permanent=False, problem=MailProblem.UNREACHABLE
        )
    if isinstance(error, ValueError):
        return MailRefused(f"{host}: {error}", permanent=True, problem=MailProblem.INVALID_MESSAGE)
    raise error


def _recipients_refused(refused: Sequence[aiosmtplib.SMTPRecipientRefused]) -> MailRefused:
    answers = "; ".join(
        f"{error.recipient}: {_reply(error.code, error.message)}" for error in refused
    )
    permanent = any(_is_permanent(error.code) for error in refused)
    problems = {_problem(error.code, error.message) for error in refused}
    problem = problems.pop() if len(problems) == 1 else MailProblem.RECIPIENT
    if problem is MailProblem.REFUSED:
        problem = MailProblem.RECIPIENT
    return MailRefused(f"recipient refused: {answers}", permanent=permanent, problem=problem)


class SmtpMailTransport:
    """One SMTP server; a fresh connection for each message sent alone, and one connection for
    the messages of a `session()` (a dunning cycle sends a tenant's reminders one after another).

    `pin_addresses` resolves the host itself at every connection and connects to exactly the
    addresses it got (TLS still checks the certificate against the host name);
    `public_hosts_only` (implies pinning) refuses the host when any of them is not a global
    address, so a second DNS answer cannot swap in a private one; `resolve_timeout` bounds
    each lookup. `ssl_context` replaces the system trust store (tests trust their self-signed
    certificate with it).
    """

    def __init__(
        self,
        host: str,
        port: int,
        from_address: str,
        *,
        tls: SmtpTls | str = SmtpTls.STARTTLS,
        username: str | None = None,
        password: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        resolve_timeout: float = RESOLVE_TIMEOUT_S,
        ssl_context: ssl.SSLContext | None = None,
        public_hosts_only: bool = False,
        pin_addresses: bool = False,
        local_hostname: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._host = host
        self._port = port
        self._from_address = from_address
        self._tls = SmtpTls(tls)
        self._username = username or None
        self._password = password
        self._timeout = timeout
        self._resolve_timeout = resolve_timeout
        self._ssl_context = ssl_context
        self._public_hosts_only = public_hosts_only
        self._pin_addresses = pin_addresses or public_hosts_only
        self._local_hostname = local_hostname
        self._clock: Clock = clock or SystemClock()

    def __repr__(self) -> str:
        return (
            f"SmtpMailTransport({self._host}:{self._port}, tls={self._tls.value}, "
            f"user={self._username!r})"
        )

    @property
    def from_address(self) -> str:
        return self._from_address

    async def send(self, mail: OutgoingMail) -> MailReceipt:
        """Header From is `mail.from_address`; the envelope sender is this transport's."""
        async with self.session() as session:
            return await session.send(mail)

    @contextlib.asynccontextmanager
    async def session(self) -> AsyncIterator[SmtpSession]:
        session = SmtpSession(self)
        try:
            yield session
        finally:
            await session.close()

    def prepare(self, mail: OutgoingMail) -> tuple[Envelope, bytes]:
        """The envelope and the message's bytes; `MailRefused` before any connection."""
        message = build_message(mail, date=self._clock.now())
        return envelope_for(mail, self._from_address), render(message)

    async def check(self) -> str | None:
        """Connect, TLS as configured, log in, QUIT: None, or what went wrong in the server's
        own words. Never raises for what the server (or the network) does."""
        try:
            async with self._session():
                pass
        except MailRefused as refused:
            return refused.reason
        return None

    async def transaction(
        self, client: aiosmtplib.SMTP, envelope: Envelope, data: bytes, *, reused: bool = False
    ) -> str:
        """MAIL, RCPT, DATA. On a `reused` connection, the server having closed it before MAIL
        was taken raises `ConnectionDropped`: nothing was sent, a new connection may try."""
        try:
            await client.mail(envelope.sender)
        except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPTimeoutError, OSError) as error:
            if reused:
                raise ConnectionDropped from error
            raise refusal(error, host=self._host) from error
        except aiosmtplib.SMTPResponseException as error:
            if reused and error.code == CLOSING:
                raise ConnectionDropped from error
            raise refusal(error, host=self._host) from error
        except (aiosmtplib.SMTPException, ValueError) as error:
            raise refusal(error, host=self._host) from error
        try:
            refused: list[aiosmtplib.SMTPRecipientRefused] = []
            for recipient in envelope.recipients:
                try:
                    await client.rcpt(recipient)
                except aiosmtplib.SMTPRecipientRefused as error:
                    refused.append(error)
            if refused:
                # Nobody gets it unless everybody can: a reminder that only reached the BCC
                # copy, or only some addresses, is worse than one refused as a whole.
                with contextlib.suppress(aiosmtplib.SMTPException, OSError):
                    await client.rset()
                raise _recipients_refused(refused)
        except (aiosmtplib.SMTPException, OSError, ValueError) as error:
            raise refusal(error, host=self._host) from error
        try:
            response = await client.data(data)
        except aiosmtplib.SMTPResponseException as error:
            raise refusal(error, host=self._host) from error
        except (aiosmtplib.SMTPException, OSError) as error:
            raise MailOutcomeUnknown(
                f"connection to {self._host} broke off while it was taking the message, "
                f"it may have been delivered: {error}"
            ) from error
        return _reply(response.code, response.message)

    @contextlib.asynccontextmanager
    async def _session(self) -> AsyncIterator[aiosmtplib.SMTP]:
        """Connected, TLS as configured, logged in; QUIT (or closed) afterwards."""
        client = await self.connect()
        try:
            yield client
        finally:
            await self.quit(client)

    async def connect(self) -> aiosmtplib.SMTP:
        """Connected, TLS as configured, logged in."""
        sock = await self._pinned_socket() if self._pin_addresses else None
        client: aiosmtplib.SMTP | None = None
        handed_over = False
        try:
            client = aiosmtplib.SMTP(
                hostname=self._host,
                port=None if sock is not None else self._port,
                sock=sock,
                use_tls=self._tls is SmtpTls.TLS,
                start_tls=self._tls is SmtpTls.STARTTLS,
                tls_context=self._ssl_context,
                timeout=self._timeout,
                local_hostname=self._local_hostname,
                username=self._username,
                password=self._password if self._username is not None else None,
            )
            # From here on the socket belongs to aiosmtplib's transport, which closes it; closing
            # it here too would free its descriptor before the event loop is done with it.
            handed_over = True
            await client.connect()
        except BaseException as error:
            if client is not None:
                client.close()
            if sock is not None and not handed_over:
                sock.close()
            if isinstance(error, aiosmtplib.SMTPException | OSError | ValueError):
                raise refusal(error, host=self._host) from error
            raise
        return client

    @staticmethod
    async def quit(client: aiosmtplib.SMTP) -> None:
        if client.is_connected:
            try:
                await client.quit()
            except (aiosmtplib.SMTPException, OSError):
                client.close()
        else:
            client.close()

    async def _pinned_socket(self) -> socket.socket:
        """A connected socket to the first of the host's addresses that answers."""
        addresses = await resolve(
            self._host,
            self._port,
            public_only=self._public_hosts_only,
            timeout=self._resolve_timeout,
        )
        loop = asyncio.get_running_loop()
        errors: list[str] = []
        for address in addresses:
            sock = _socket_for(address)
            try:
                await asyncio.wait_for(loop.sock_connect(sock, address.sockaddr), self._timeout)
            except (OSError, TimeoutError) as error:
                sock.close()
                errors.append(f"{address.sockaddr[0]}: {str(error) or 'timed out'}")
                continue
            except BaseException:
                sock.close()
                raise
            return sock
        raise MailRefused(
            f"could not connect to {self._host} on port {self._port}: {'; '.join(errors)}",
            permanent=False,
            problem=MailProblem.UNREACHABLE,
        )


class ConnectionDropped(Exception):
    """A kept connection was closed by the server before it took anything."""


class SmtpSession:
    """Messages one after another over one connection: opened at the first, kept after each
    message the server took, closed after any other outcome (the next message opens a new
    one) and at the end. A kept connection the server has closed meanwhile is opened again;
    nothing had been sent over it."""

    def __init__(self, transport: SmtpMailTransport) -> None:
        self._transport = transport
        self._client: aiosmtplib.SMTP | None = None

    @property
    def from_address(self) -> str:
        return self._transport.from_address

    async def send(self, mail: OutgoingMail) -> MailReceipt:
        envelope, data = self._transport.prepare(mail)
        client, self._client = self._client, None
        if client is not None:
            try:
                return await self._keep(client, envelope, data, reused=True)
            except ConnectionDropped:
                pass
        return await self._keep(await self._transport.connect(), envelope, data)

    async def _keep(
        self, client: aiosmtplib.SMTP, envelope: Envelope, data: bytes, *, reused: bool = False
    ) -> MailReceipt:
        try:
            reply = await self._transport.transaction(client, envelope, data, reused=reused)
        except asyncio.CancelledError:
            # Stopped (a day cut off, a shutdown): closed without QUIT, whose answer a server
            # that stalls would keep back until the timeout, holding up the stop.
            client.close()
            raise
        except BaseException:
            await self._transport.quit(client)
            raise
        self._client = client
        return MailReceipt(transport_message_id=reply)

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await self._transport.quit(client)


def _socket_for(address: ResolvedAddress) -> socket.socket:
    sock = socket.socket(address.family, socket.SOCK_STREAM)
    sock.setblocking(False)
    return sock
