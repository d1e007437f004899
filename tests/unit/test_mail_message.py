"""Building the MIME message."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import random
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage

import pytest

from automahntion.adapters.mail.folder import file_stem
from automahntion.adapters.mail.message import (
    MAX_LINE,
    POLICY,
    build_message,
    envelope_for,
    plain_text_entity,
    render,
)
from automahntion.app.mail.ports import Attachment, MailRefused, OutgoingMail

DATE = datetime(2025, 3, 14, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def mail(**changes: object) -> OutgoingMail:
    base = OutgoingMail(
        message_id="<r2.a1b2c3@automahntion>",
        from_address="no-reply@automahntion.test",
        from_name="Bäckerei Sonnenschein GmbH",
        to=("kunde@example.com", "zweite@example.com"),
        subject="Zahlungserinnerung über 99,00 €",
        text="Grüße aus Köln\n",
        cc=("cc@example.com",),
        bcc=("bcc@example.com",),
        reply_to="info@example.com",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def roundtrip(outgoing: OutgoingMail, date: datetime = DATE) -> tuple[bytes, EmailMessage]:
    raw = render(build_message(outgoing, date=date))
    parsed = email.message_from_bytes(raw.replace(b"\r\n", b"\n"), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return raw, parsed


def test_headers_are_encoded_and_come_back_unchanged() -> None:
    raw, message = roundtrip(mail())

    assert raw.isascii()
    assert b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")
    [sender] = message["From"].addresses
    assert sender.display_name == "Bäckerei Sonnenschein GmbH"
    assert sender.addr_spec == "no-reply@automahntion.test"
    assert message["To"] == "kunde@example.com, zweite@example.com"
    assert message["Cc"] == "cc@example.com"
    assert message["Reply-To"] == "info@example.com"
    assert message["Subject"] == "Zahlungserinnerung über 99,00 €"
    assert message["Message-ID"] == "<r2.a1b2c3@automahntion>"
    assert message["Date"].datetime == DATE
    assert message.get_content() == "Grüße aus Köln\n"
    assert message["Content-Transfer-Encoding"] == "quoted-printable"


def test_bcc_never_reaches_a_header_but_the_envelope() -> None:
    raw, message = roundtrip(mail())

    assert "Bcc" not in message
    assert b"bcc@example.com" not in raw
    envelope = envelope_for(mail(), "bounce@automahntion.test")
    assert envelope.sender == "bounce@automahntion.test"
    assert envelope.recipients == (
        "kunde@example.com",
        "zweite@example.com",
        "cc@example.com",
        "bcc@example.com",
    )


def test_an_address_twice_is_one_envelope_recipient() -> None:
    envelope = envelope_for(mail(cc=("kunde@example.com",), bcc=()), "a@example.com")

    assert envelope.recipients == ("kunde@example.com", "zweite@example.com")


def test_display_names_with_quotes_and_commas_survive() -> None:
    name = 'Müller, Schmidt & "Partner" GbR'

    _, message = roundtrip(mail(from_name=name))

    assert message["From"].addresses[0].display_name == name


def test_a_long_subject_is_folded_and_unfolds_to_itself() -> None:
    subject = "Letzte Mahnung vor Übergabe an das Inkassobüro – " * 6

    raw, message = roundtrip(mail(subject=subject))

    assert max(len(line) for line in raw.split(b"\r\n")) <= 78
    assert message["Subject"] == subject


def test_an_international_domain_is_sent_in_its_idna_form() -> None:
    raw, message = roundtrip(mail(to=("info@bücher.de",)))

    assert message["To"] == "info@xn--bcher-kva.de"
    assert envelope_for(mail(to=("info@bücher.de",)), "a@example.com").recipients[0] == (
        "info@xn--bcher-kva.de"
    )
    assert raw.isascii()


def test_html_alternative_and_attachments() -> None:
    pdf = b"%PDF-1.7\n\x00\xff\xfe binary"
    outgoing = mail(
        html="<p>Grüße</p>",
        attachments=(
            Attachment("Rechnung Nr. 7 – März.pdf", "application/pdf", pdf),
            Attachment("positionen.csv", "Text/CSV", b"a;b\n1;2\n"),
        ),
    )

    _, message = roundtrip(outgoing)

    assert message.get_content_type() == "multipart/mixed"
    html = message.get_body(("html",))
    assert html is not None
    assert html.get_content().strip() == "<p>Grüße</p>"
    attachments = list(message.iter_attachments())
    assert [a.get_filename() for a in attachments] == [
        "Rechnung Nr. 7 – März.pdf",
        "positionen.csv",
    ]
    assert [a.get_content_type() for a in attachments] == ["application/pdf", "text/csv"]
    assert attachments[0].get_content() == pdf


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"subject": "a\r\nBcc: x@example.com"}, "Subject"),
        ({"subject": "a\nb"}, "Subject"),
        ({"subject": "a\rb"}, "Subject"),
        ({"subject": "a\u2028b"}, "Subject"),
        ({"subject": "a\x00b"}, "Subject"),
        ({"from_name": "Firma\r\nX-Evil: 1"}, "From display name"),
        ({"from_address": "a@example.com\r\n"}, "From"),
        ({"reply_to": "r@example.com\nBcc: x@example.com"}, "Reply-To"),
        ({"to": ("k@example.com\r\nX: y",)}, "To"),
        ({"cc": ("c@example.com\n",)}, "Cc"),
        ({"bcc": ("\rb@example.com",)}, "Bcc"),
        ({"message_id": "<a@b>\r\nX: y"}, "Message-ID"),
        (
            {"attachments": (Attachment("r.pdf\r\nX-Evil: 1", "application/pdf", b""),)},
            "attachment filename",
        ),
    ],
)
def test_a_line_break_in_any_header_value_is_refused(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(MailRefused) as refused:
        build_message(mail(**changes), date=DATE)

    assert refused.value.permanent
    assert refused.value.reason.startswith(field)


@pytest.mark.parametrize(
    "changes",
    [
        {"to": ()},
        {"to": ("kein-at-zeichen",)},
        {"to": ("Name <k@example.com>",)},
        {"to": ("a b@example.com",)},
        {"to": ("k@exa mple.com",)},
        {"to": ("k@-example.com",)},
        {"to": ("jörg@example.com",)},
        {"cc": ("a@example.com, b@example.com",)},
        {"reply_to": "<r@example.com>"},
        {"message_id": "ohne-klammern@automahntion"},
        {"message_id": "<kein-at>"},
        {"attachments": (Attachment("r.pdf", "application/pdf; x=1", b""),)},
        {"attachments": (Attachment("r.pdf", "pdf", b""),)},
        {"attachments": (Attachment("  ", "application/pdf", b""),)},
    ],
)
def test_malformed_addresses_ids_and_types_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(MailRefused) as refused:
        build_message(mail(**changes), date=DATE)

    assert refused.value.permanent


def test_the_envelope_refuses_line_breaks_too() -> None:
    with pytest.raises(MailRefused):
        envelope_for(mail(bcc=("b@example.com\r\nRCPT TO:<x@example.com>",)), "a@example.com")
    with pytest.raises(MailRefused):
        envelope_for(mail(), "a@example.com\r\nRSET")


def test_a_naive_date_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        build_message(mail(), date=datetime(2025, 1, 1))


def test_file_stem_is_safe_for_any_message_id() -> None:
    assert file_stem("<r1.4f00@automahntion>") == "r1.4f00_automahntion"
    assert file_stem("<../../etc/passwd@x>") == "etc_passwd_x"
    assert file_stem("<>") == "message"
    assert len(file_stem("<" + "a" * 500 + "@b>")) == 150


def test_clock_zone_is_kept_in_the_date_header() -> None:
    _, message = roundtrip(mail())
    assert message["Date"].datetime.utcoffset() == timedelta(hours=1)
    assert message["Date"].datetime.astimezone(UTC) == DATE.astimezone(UTC)


def test_the_date_header_is_in_berlin_time_whatever_the_clocks_zone() -> None:
    summer = datetime(2026, 7, 1, 7, 30, tzinfo=UTC)
    winter = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    for instant, offset in ((summer, 2), (winter, 1)):
        _, message = roundtrip(mail(), date=instant)
        assert message["Date"].datetime.utcoffset() == timedelta(hours=offset)
        assert message["Date"].datetime == instant
    assert "+0100" in roundtrip(mail(), date=winter)[1]["Date"]


def test_long_lines_are_wrapped_for_smtp_and_come_back_whole() -> None:
    html = "<table>" + "<tr><td>RE-2025-0042</td><td>99,00 EUR</td></tr>" * 100 + "</table>"
    text = "Ä" + "x" * 2000

    raw, message = roundtrip(mail(text=text, html=html))

    assert max(len(line) for line in raw.split(b"\r\n")) <= 78
    plain, rich = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None
    assert rich is not None
    assert plain.get_content().rstrip("\n") == text
    assert rich.get_content().rstrip("\n") == html


def _entity_as_email_message_writes_it(text: str) -> bytes:
    entity = EmailMessage(policy=POLICY)
    entity.set_content(text, cte=None if text.isascii() else "quoted-printable")
    return entity.as_bytes(policy=POLICY)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "Hallo\n",
        "Hallo",
        "Grüße aus Köln\n",
        "Zeile 1\r\nZeile 2\rZeile 3\n\n\nEnde",
        "Tab\tund Leerzeichen am Ende   \nx \t\n",
        "Seitenvorschub\x0c und \x1c Steuerzeichen\n",
        "ü" + "x" * 200 + " \n",
        "." + "\n.\n..Punkt am Zeilenanfang\nFrom: keine Kopfzeile\n",
        "=3D ist kein Gleichheitszeichen = ?\n",
        "€ " * 60,
        "日本語のテキスト\u2028mit Zeilentrenner\x85 und\u2029Absatz\n",
    ],
)
def test_a_text_only_body_is_byte_for_byte_what_email_message_writes(text: str) -> None:
    assert plain_text_entity(text) == _entity_as_email_message_writes_it(text)


def test_random_text_only_bodies_are_byte_for_byte_what_email_message_writes() -> None:
    pieces = ["a", "Z", " ", "  ", "\t", "\n", "\r\n", "\r", "=", ".", "ä", "€", "ß", "x" * 90]
    chooser = random.Random(20261127)
    for _ in range(500):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 60)))
        written = plain_text_entity(text)
        left_to_email_message = text.isascii() and any(
            len(line) > MAX_LINE for line in text.encode().splitlines()
        )
        if left_to_email_message:
            assert written is None, repr(text)
        else:
            assert written == _entity_as_email_message_writes_it(text), repr(text)


def test_only_ascii_text_with_over_long_lines_is_left_to_email_message() -> None:
    assert plain_text_entity("x" * 79 + "\n") is None
    assert plain_text_entity("x" * 78 + "\n") is not None
