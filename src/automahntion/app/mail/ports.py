"""Port: sending e-mail, through the service's no-reply transport or a tenant's own server."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from automahntion.app.mail.records import SmtpServer


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class OutgoingMail:
    message_id: str
    """The full Message-ID header value, e.g. `<r1.4f…@automahntion>`; deterministic."""
    from_address: str
    from_name: str
    to: tuple[str, ...]
    subject: str
    text: str
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    reply_to: str | None = None
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class MailReceipt:
    transport_message_id: str | None
    """What the server answered when it took the message (e.g. `250 2.0.0 Ok: queued as …`)."""


class MailProblem(StrEnum):
    """What kind of refusal it was, for words in the tenant's language (`reason` is the
    server's own, for the operator)."""

    REFUSED = "refused"
    RECIPIENT = "recipient"
    MAILBOX_FULL = "mailbox_full"
    TOO_LARGE = "too_large"
    POLICY = "policy"
    LOGIN = "login"
    TEMPORARY = "temporary"
    TIMEOUT = "timeout"
    TLS = "tls"
    UNREACHABLE = "unreachable"
    HOST_NOT_ALLOWED = "host_not_allowed"
    INVALID_MESSAGE = "invalid_message"
    SERVER_SETUP = "server_setup"


class MailRefused(Exception):
    """The message was not taken. `permanent` for 5xx answers and bad addresses or headers."""

    def __init__(
        self, reason: str, *, permanent: bool, problem: MailProblem = MailProblem.REFUSED
    ) -> None:
        self.reason = reason
        self.permanent = permanent
        self.problem = problem
        super().__init__(reason)


class MailOutcomeUnknown(Exception):
    """The connection broke while the server was taking the message: it may have been
    delivered. Not a refusal — the message stays claimed (`sending`) for review, never resent."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class MailSender(Protocol):
    @property
    def from_address(self) -> str:
        """The envelope and header sender this transport sends as."""
        ...

    async def send(self, mail: OutgoingMail) -> MailReceipt:
        """Raises `MailRefused`; a header with CR or LF in it is refused, never sent."""
        ...


class MailTransport(MailSender, Protocol):
    def session(self) -> AbstractAsyncContextManager[MailSender]:
        """For several messages in a row (a dunning cycle): where the transport has connections,
        they share one, opened at the first message and closed when the block ends."""
        ...


class MailTransports(Protocol):
    def default(self) -> MailTransport:
        """The service's no-reply transport (settings `AUTOMAHNTION_MAIL_*`)."""
        ...

    async def tenant_server(self, server: SmtpServer) -> MailTransport:
        """The tenant's own server. Raises `MailRefused` (permanent) when its host resolves to
        a loopback or private address and that is not allowed by the settings, or does not
        exist; temporary when DNS does not answer in time. Never blocks the event loop."""
        ...

    async def check(self, server: SmtpServer) -> str | None:
        """Connect, STARTTLS/TLS as configured, log in: None when all worked, else the
        server's own error text (for the tenant's "test connection")."""
        ...
