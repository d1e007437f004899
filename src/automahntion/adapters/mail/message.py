"""Building the RFC 5322 message for an `OutgoingMail`, and refusing what must not be sent.

Every header value is checked before anything is built: a line break in one (CR, LF or any
other character Python splits lines at) could add headers of its own, so the whole message is
refused (`MailRefused`, permanent) rather than cleaned up. Addresses must be plain ASCII
`local@domain` (a non-ASCII domain is sent in its IDNA form); BCC recipients go only into the
envelope. The message is 7-bit clean (quoted-printable text, base64 attachments, RFC 2047/2231
encoded words), so it goes through servers without 8BITMIME just as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage

from automahntion.app.mail import Attachment, MailRefused, OutgoingMail

POLICY = policy.SMTP.clone(cte_type="7bit")
"""CRLF line ends, 78-column folding, nothing but 7-bit data in the output."""

_LINE_BREAKS = frozenset("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL_PART = re.compile(rf"{_ATEXT}(?:\.{_ATEXT})*")
_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_TOKEN = r"[A-Za-z0-9!#$&^_.+-]+"
_CONTENT_TYPE = re.compile(rf"({_TOKEN})/({_TOKEN})")
_MESSAGE_ID = re.compile(r"<[!-;=?-~]+@[!-;=?-~]+>")
"""`<left@right>` of printable ASCII without spaces, `<` or `>` inside."""


def refuse(reason: str) -> MailRefused:
    return MailRefused(reason, permanent=True)


def check_header_text(field: str, value: str) -> str:
    """The value itself, unless it holds a line break or a NUL: then `MailRefused`."""
    if "\x00" in value:
        raise refuse(f"{field} contains a NUL character; the message was not sent")
    if any(character in _LINE_BREAKS for character in value):
        raise refuse(f"{field} contains a line break (CR or LF); the message was not sent")
    return value


def check_address(field: str, address: str) -> str:
    """A bare `local@domain` address as it goes on the wire (domain in IDNA form)."""
    check_header_text(field, address)
    local, at, domain = address.rpartition("@")
    if not at or not _LOCAL_PART.fullmatch(local):
        raise refuse(f"{field} {address!r} is not a plain e-mail address (local@domain)")
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise refuse(f"{field} {address!r} has an invalid domain: {error}") from error
    if not _DOMAIN.fullmatch(ascii_domain) or len(ascii_domain) > 253:
        raise refuse(f"{field} {address!r} has an invalid domain")
    return f"{local}@{ascii_domain}"


@dataclass(frozen=True)
class Envelope:
    sender: str
    recipients: tuple[str, ...]
    """To, then CC, then BCC, each address once (first occurrence kept)."""


def envelope_for(mail: OutgoingMail, sender: str) -> Envelope:
    """The SMTP envelope: `sender` for MAIL FROM, every recipient (BCC included) for RCPT TO."""
    recipients = (
        *(check_address("To", a) for a in mail.to),
        *(check_address("Cc", a) for a in mail.cc),
        *(check_address("Bcc", a) for a in mail.bcc),
    )
    if not mail.to:
        raise refuse("the message has no To recipient")
    return Envelope(
        sender=check_address("sender", sender), recipients=tuple(dict.fromkeys(recipients))
    )


def _add_attachment(message: EmailMessage, attachment: Attachment) -> None:
    filename = check_header_text("attachment filename", attachment.filename)
    if not filename.strip():
        raise refuse("an attachment has no filename")
    content_type = _CONTENT_TYPE.fullmatch(attachment.content_type)
    if content_type is None:
        raise refuse(f"attachment content type {attachment.content_type!r} is not type/subtype")
    maintype, subtype = content_type.group(1).lower(), content_type.group(2).lower()
    message.add_attachment(attachment.data, maintype, subtype, filename=filename)


def _text_encoding(text: str) -> str | None:
    """Quoted-printable for non-ASCII text: readable in the raw message, unlike base64, and
    its line ends stay line ends. ASCII: 7bit, or quoted-printable for over-long lines."""
    return None if text.isascii() else "quoted-printable"


def build_message(mail: OutgoingMail, *, date: datetime) -> EmailMessage:
    """The message with all headers but BCC; `MailRefused` (permanent) for anything unsafe."""
    if date.tzinfo is None:
        raise ValueError("the Date of a message must be an aware instant")
    check_header_text("Message-ID", mail.message_id)
    if not _MESSAGE_ID.fullmatch(mail.message_id):
        raise refuse(f"Message-ID {mail.message_id!r} is not of the form <left@right>")
    from_address = check_address("From", mail.from_address)
    from_name = check_header_text("From display name", mail.from_name)
    subject = check_header_text("Subject", mail.subject)
    to = [check_address("To", a) for a in mail.to]
    cc = [check_address("Cc", a) for a in mail.cc]
    for address in mail.bcc:
        check_address("Bcc", address)
    reply_to = None if mail.reply_to is None else check_address("Reply-To", mail.reply_to)
    if not to:
        raise refuse("the message has no To recipient")

    message = EmailMessage(policy=POLICY)
    try:
        message["From"] = Address(display_name=from_name, addr_spec=from_address)
        message["To"] = ", ".join(to)
        if cc:
            message["Cc"] = ", ".join(cc)
        if reply_to is not None:
            message["Reply-To"] = reply_to
        message["Subject"] = subject
        message["Date"] = date
        message["Message-ID"] = mail.message_id
        message.set_content(mail.text, cte=_text_encoding(mail.text))
        if mail.html is not None:
            message.add_alternative(mail.html, subtype="html", cte=_text_encoding(mail.html))
        for attachment in mail.attachments:
            _add_attachment(message, attachment)
    except (ValueError, TypeError) as error:
        raise refuse(f"the message could not be built: {error}") from error
    return message


def render(message: EmailMessage) -> bytes:
    """The message as it goes over the wire: CRLF line ends, 7-bit."""
    return message.as_bytes(policy=POLICY)
