"""Building the RFC 5322 message for an `OutgoingMail`, and refusing what must not be sent.

Every header value is checked before anything is built: a line break in one (CR, LF or any
other character Python splits lines at) could add headers of its own, so the whole message is
refused (`MailRefused`, permanent) rather than cleaned up. Addresses must be plain ASCII
`local@domain` (a non-ASCII domain is sent in its IDNA form); BCC recipients go only into the
envelope. The message is 7-bit clean (quoted-printable text, base64 attachments, RFC 2047/2231
encoded words), so it goes through servers without 8BITMIME just as well.

The top-level headers are written here rather than by `EmailMessage`: its header registry
parses every value it is given and parses it again to fold it, which cost more than the rest
of sending a reminder. Plain ASCII values go as they are, a display name or subject with other
characters as RFC 2047 encoded words; a line that would still be longer than 78 characters is
folded by the policy's own folding. The body (text, HTML, attachments) stays `EmailMessage`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.quoprimime import body_encode
from email.utils import format_datetime, formataddr

from automahntion.app.mail.ports import Attachment, MailProblem, MailRefused, OutgoingMail
from automahntion.domain.calendar import BERLIN

POLICY = policy.SMTP.clone(cte_type="7bit")
"""CRLF line ends, 78-column folding, nothing but 7-bit data in the output."""
MAX_LINE = 78

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
    return MailRefused(reason, permanent=True, problem=MailProblem.INVALID_MESSAGE)


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


@dataclass(frozen=True)
class BuiltMessage:
    headers: bytes
    """From, To, Cc, Reply-To, Subject, Date, Message-ID: folded lines, CRLF, 7-bit."""
    body: bytes
    """The MIME entity holding the content, with its own headers (Content-Type, MIME-Version)."""


_NEWLINE = re.compile(r"\r\n|\r|\n")


def plain_text_entity(text: str) -> bytes | None:
    """A text-only body byte for byte as `EmailMessage.set_content(text, cte=…)` and `as_bytes`
    write it, for the texts reminders have (any non-ASCII, or ASCII in lines of at most 78
    characters); None for the rest, which `EmailMessage` encodes after weighing the options."""
    lines = text.encode("utf-8").splitlines()
    body = b"\n".join(lines) + b"\n"
    if not text.isascii():
        cte, payload = "quoted-printable", body_encode(body.decode("latin-1"), MAX_LINE)
    elif max((len(line) for line in lines), default=0) <= MAX_LINE:
        cte, payload = "7bit", body.decode("ascii")
    else:
        return None
    *complete, last = _NEWLINE.split(payload)
    return (
        'Content-Type: text/plain; charset="utf-8"\r\n'
        f"Content-Transfer-Encoding: {cte}\r\nMIME-Version: 1.0\r\n\r\n"
        + "".join(f"{line}\r\n" for line in complete)
        + last
    ).encode("ascii")


def _folded(name: str, value: str) -> bool:
    """7-bit and no line longer than 78 characters with the name in front."""
    lines = value.split("\r\n")
    return (
        value.isascii()
        and len(name) + 2 + len(lines[0]) <= MAX_LINE
        and all(len(line) <= MAX_LINE for line in lines[1:])
    )


def _header(name: str, quick: str | None, value: object) -> bytes:
    """`quick` (the value already encoded, maybe folded) when it fits; else what the header
    registry makes of `value`."""
    if quick is not None and _folded(name, quick):
        return f"{name}: {quick}\r\n".encode("ascii")
    return POLICY.fold_binary(*POLICY.header_store_parse(name, value))


def _from(display_name: str, address: str) -> bytes:
    """A name that takes more than one encoded word is left to the registry: it splits between
    words, where a reader's parser cannot mistake the fold for a space in the name."""
    quick: str | None
    if display_name.isascii():
        quick = formataddr((display_name, address))
    else:
        word = Header(display_name, "utf-8", header_name="From").encode(linesep="\r\n")
        quick = None if "\r\n" in word else f"{word}\r\n <{address}>"
    return _header("From", quick, Address(display_name=display_name, addr_spec=address))


def _subject(subject: str) -> bytes:
    quick = subject
    if not subject.isascii():
        quick = Header(subject, header_name="Subject").encode(linesep="\r\n")
    return _header("Subject", quick, subject)


def build_message(mail: OutgoingMail, *, date: datetime) -> BuiltMessage:
    """The message with all headers but BCC; `MailRefused` (permanent) for anything unsafe.
    `Date` is in Berlin time, whatever zone the clock's instant comes in."""
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

    try:
        headers = [_from(from_name, from_address), _header("To", ", ".join(to), ", ".join(to))]
        if cc:
            headers.append(_header("Cc", ", ".join(cc), ", ".join(cc)))
        if reply_to is not None:
            headers.append(_header("Reply-To", reply_to, reply_to))
        headers += [
            _subject(subject),
            _header("Date", format_datetime(date.astimezone(BERLIN)), date),
            _header("Message-ID", mail.message_id, mail.message_id),
        ]
        only_text = mail.html is None and not mail.attachments
        body = plain_text_entity(mail.text) if only_text else None
        if body is None:
            body = _mime_body(mail)
    except (ValueError, TypeError) as error:
        raise refuse(f"the message could not be built: {error}") from error
    return BuiltMessage(b"".join(headers), body)


def _mime_body(mail: OutgoingMail) -> bytes:
    body = EmailMessage(policy=POLICY)
    body.set_content(mail.text, cte=_text_encoding(mail.text))
    if mail.html is not None:
        body.add_alternative(mail.html, subtype="html", cte=_text_encoding(mail.html))
    for attachment in mail.attachments:
        _add_attachment(body, attachment)
    return body.as_bytes(policy=POLICY)


def render(message: BuiltMessage) -> bytes:
    """The message as it goes over the wire: CRLF line ends, 7-bit."""
    return message.headers + message.body
