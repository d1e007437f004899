"""Pure parts of the lexoffice adapter: JSON mapping, signatures, pacing, retry delays."""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from piccolo.columns import Integer

from automahntion.adapters.db import tables
from automahntion.adapters.lexoffice import mapping
from automahntion.adapters.lexoffice.client import LexofficeClient
from automahntion.adapters.lexoffice.gateways import StaticKey
from automahntion.adapters.lexoffice.rate import HEADROOM_S, LocalRateLimiter
from automahntion.adapters.lexoffice.webhooks import (
    LexofficeWebhookVerifier,
    SignatureInvalid,
    WebhookVerifier,
    load_public_key,
    parse_event,
)
from automahntion.adapters.mail.message import check_header_text
from automahntion.adapters.retrying import RetryPolicy
from automahntion.app.lexoffice.ports import (
    DunningLine,
    DunningRequest,
    InvoiceDetails,
    LexofficeOutcomeUnknown,
)
from automahntion.app.webhooks import WebhookRefused, WebhookUnreadable
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.recipients import DebtorKind
from automahntion.domain.thanks import PaymentItem

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PEM = KEY.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
)
BODY = json.dumps(
    {
        "organizationId": "org-1",
        "eventType": "payment.changed",
        "resourceId": "inv-1",
        "eventDate": "2026-11-27T10:00:00.000+01:00",
    },
    separators=(",", ":"),
).encode()


def _sign(body: bytes) -> str:
    return base64.b64encode(KEY.sign(body, padding.PKCS1v15(), hashes.SHA512())).decode()


def test_a_correct_signature_is_accepted_and_the_event_parsed() -> None:
    WebhookVerifier(PEM).verify(BODY, _sign(BODY))
    event = parse_event(BODY)
    assert (event.organization_id, event.event_type, event.resource_id) == (
        "org-1",
        "payment.changed",
        "inv-1",
    )
    assert event.dedupe_key == "org-1:payment.changed:inv-1:2026-11-27T10:00:00.000+01:00"


@pytest.mark.parametrize(
    "signature",
    [None, "", "not base64!", base64.b64encode(b"x" * 256).decode(), _sign(BODY + b" ")],
)
def test_a_missing_or_wrong_signature_is_refused(signature: str | None) -> None:
    with pytest.raises(SignatureInvalid):
        WebhookVerifier(PEM).verify(BODY, signature)


def test_a_body_changed_after_signing_is_refused() -> None:
    tampered = BODY.replace(b"inv-1", b"inv-2")
    with pytest.raises(SignatureInvalid):
        WebhookVerifier(PEM).verify(tampered, _sign(BODY))


def test_the_port_reads_the_signature_header_in_any_case_and_gives_the_event() -> None:
    verifier = LexofficeWebhookVerifier(PEM)
    for name in ("X-Lxo-Signature", "x-lxo-signature"):
        assert verifier.verify(BODY, {name: _sign(BODY)}) == parse_event(BODY)
    with pytest.raises(WebhookRefused):
        verifier.verify(BODY, {})
    with pytest.raises(WebhookRefused):
        verifier.verify(BODY, {"x-lxo-signature": _sign(BODY + b" ")})
    not_an_event = b'{"hello":"world"}'
    with pytest.raises(WebhookUnreadable):
        verifier.verify(not_an_event, {"x-lxo-signature": _sign(not_an_event)})


def test_the_key_setting_is_a_pem_or_a_path(tmp_path: Path) -> None:
    path = tmp_path / "lexoffice.pub"
    path.write_bytes(PEM)
    assert load_public_key(PEM.decode()) == PEM
    assert load_public_key(str(path)) == PEM


def test_voucherlist_items_become_cents_and_dates() -> None:
    item = mapping.listed_voucher(
        {
            "id": "v1",
            "voucherType": "invoice",
            "voucherStatus": "overdue",
            "voucherNumber": "RE-1",
            "voucherDate": "2026-10-01T00:00:00.000+02:00",
            "dueDate": "2026-10-15T00:00:00.000+02:00",
            "contactId": None,
            "totalAmount": 119.99,
            "openAmount": "84.50",
        }
    )
    assert item is not None
    assert (item.total_cents, item.open_cents) == (11999, 8450)
    assert (item.voucher_date, item.due_date) == (date(2026, 10, 1), date(2026, 10, 15))
    assert item.contact_id is None


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-27",
        "2026-11-27T00:00:00.000+01:00",
        "2026-11-26T23:00:00.000Z",
        "2026-11-26T23:00:00.000+00:00",
    ],
)
def test_a_timestamp_is_read_as_its_day_in_berlin(text: str) -> None:
    """lexoffice's format allows `Z` as well as `+01:00`: midnight in Berlin given in UTC is the
    evening before by its first ten characters, and an invoice read so was due a day early."""
    assert mapping.day(text) == date(2026, 11, 27)
    assert mapping.day("0001-01-01T00:00:00.000+01:00") == date(1, 1, 1)


def test_contacts_map_kind_emails_and_billing_address() -> None:
    company = mapping.contact(
        {
            "id": "c1",
            "company": {"name": "Café Morgenrot", "contactPersons": [{"emailAddress": "p@x.de"}]},
            "emailAddresses": {"business": ["a@cafe.example"], "office": ["b@cafe.example"]},
            "addresses": {"billing": [{"street": "Hauptstr. 1", "zip": "10115", "city": "Berlin"}]},
        },
        "c1",
    )
    person = mapping.contact(
        {"id": "c2", "person": {"firstName": "Erika", "lastName": "Meier"}}, "c2"
    )
    assert company.contact.kind is DebtorKind.BUSINESS
    assert company.contact.emails.business == ("a@cafe.example",)
    assert "p@x.de" not in str(company.contact)
    assert company.postal_address == {"street": "Hauptstr. 1", "zip": "10115", "city": "Berlin"}
    assert (person.contact.name, person.contact.kind) == ("Erika Meier", DebtorKind.CONSUMER)
    assert person.postal_address is None


def test_payments_map_the_vouchers_own_status() -> None:
    state = mapping.payment_state(
        {"openAmount": 0, "voucherStatus": "paid", "paidDate": "2026-11-20T00:00:00.000+01:00"}
    )
    assert (state.status, state.open_cents, state.paid_on) == (
        InvoiceStatus.PAID,
        0,
        date(2026, 11, 20),
    )
    with pytest.raises(mapping.UnexpectedResponse):
        mapping.payment_state({"openAmount": 1, "voucherStatus": "whatever"})


def test_an_unreadable_paid_date_does_not_hide_that_the_voucher_is_paid() -> None:
    """`paidDate` only informs: an odd one made the whole payments read fail, so a payment event
    was never applied and the re-check before a send failed instead of seeing "paid"."""
    state = mapping.payment_state({"openAmount": 0, "voucherStatus": "paid", "paidDate": "20.11."})
    assert (state.status, state.open_cents, state.paid_on) == (InvoiceStatus.PAID, 0, None)


def test_payments_map_the_payment_items_that_tell_money_from_a_credit_note() -> None:
    item = {"postingDate": "2026-11-20T00:00:00.000+01:00", "currency": "EUR"}
    state = mapping.payment_state(
        {
            "openAmount": 0,
            "voucherStatus": "paid",
            "paymentItems": [
                {**item, "paymentItemType": "partPaymentCreditNote", "amount": 99.5},
                {**item, "paymentItemType": "manualPayment", "amount": "20.00"},
            ],
        }
    )
    assert state.items == (
        PaymentItem("partPaymentCreditNote", 99_50),
        PaymentItem("manualPayment", 20_00),
    )


@pytest.mark.parametrize(
    "items", [[{"paymentItemType": "manualPayment"}], [{"amount": "x", "paymentItemType": "x"}], 7]
)
def test_unreadable_payment_items_are_unknown_not_absent(items: object) -> None:
    """No items would read as "no money paid" and withdraw a thank-you that is due."""
    state = mapping.payment_state({"openAmount": 0, "voucherStatus": "paid", "paymentItems": items})
    assert (state.status, state.items) == (InvoiceStatus.PAID, None)


def test_retry_delay_honours_retry_after_and_caps_backoff() -> None:
    policy = RetryPolicy(attempts=6, base_delay_s=0.5, max_delay_s=8.0)
    assert policy.delay(0, "2") == 2.0
    assert policy.delay(3, "120") == 8.0
    assert 0.5 <= policy.delay(0, None) <= 1.0
    assert policy.delay(10, None) == 8.0
    assert 1.0 <= policy.delay(1, "soon") <= 1.5


def test_a_retry_after_that_is_no_finite_number_waits_the_backoff() -> None:
    """`float()` reads "NaN": the wait was NaN, which `asyncio.sleep` takes as no wait at all
    (429s retried at once) and which breaks the ordering of the event loop's timers."""
    policy = RetryPolicy(attempts=6, base_delay_s=0.5, max_delay_s=8.0)
    for header in ("NaN", "nan", "-nan"):
        assert 1.0 <= policy.delay(1, header) <= 1.5
    assert policy.delay(1, "inf") == 8.0


async def test_the_local_limiter_spaces_requests_per_organization() -> None:
    now = [100.0]
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))

    limiter = LocalRateLimiter(2.0, clock=lambda: now[0], sleep=fake_sleep)
    for _ in range(3):
        await limiter.acquire("org-a")
    await limiter.acquire("org-b")
    interval = round(0.5 + HEADROOM_S, 3)
    assert slept == [interval, round(2 * interval, 3)]


LINE_BREAKS = [chr(c) for c in range(0x10000) if len(f"a{chr(c)}b".splitlines()) > 1]
"""Every character Python splits lines at (U+2028 and U+2029 among them)."""


@pytest.mark.parametrize("separator", LINE_BREAKS, ids=[f"U+{ord(c):04X}" for c in LINE_BREAKS])
def test_a_line_break_from_lexoffice_becomes_a_space_so_no_reminder_is_refused(
    separator: str,
) -> None:
    """A voucher number or company name goes into subjects; the mail builder refuses a header
    with any line break (it could start a header of its own), so one such character in
    lexoffice would stop every reminder of that invoice or contact for good."""
    item = mapping.listed_voucher(
        {
            "id": "v1",
            "voucherType": "invoice",
            "voucherStatus": "open",
            "voucherNumber": f"RE{separator}2026-17",
            "voucherDate": "2026-10-01",
            "dueDate": "2026-10-15",
            "totalAmount": 1,
        }
    )
    found = mapping.contact({"id": "c1", "company": {"name": f"Firma{separator}GmbH"}}, "c1")
    assert item is not None
    assert item.voucher_number == "RE 2026-17"
    assert found.contact.name == "Firma GmbH"
    subject = f"Mahnung: Rechnung {item.voucher_number} ({found.contact.name})"
    assert check_header_text("Subject", subject) == subject


def test_text_from_lexoffice_loses_control_characters_and_is_cut_to_its_column() -> None:
    found = mapping.contact(
        {
            "id": "c1",
            "company": {"name": "Groß\x00kunde\nGmbH " + "x" * 400},
            "emailAddresses": {
                "business": ["a" * 250 + "@example.org", " einkauf@gross.example\r\n"],
            },
            "addresses": {"billing": [{"street": "Hauptstr.\t1\x07", "city": "Berlin\ud800"}]},
        },
        "c1",
    )
    name = found.contact.name
    assert name.startswith("Großkunde GmbH xxx")
    assert len(name) == mapping.CONTACT_NAME_LENGTH
    assert found.contact.emails.business == ("einkauf@gross.example",)
    assert found.postal_address == {"street": "Hauptstr. 1", "city": "Berlin"}
    assert found.contact.unusable is None
    item = mapping.listed_voucher(
        {
            "id": "v1",
            "voucherType": "invoice",
            "voucherStatus": "open",
            "voucherNumber": "RE\x00-" + "9" * 200,
            "voucherDate": "2026-10-01",
            "dueDate": "2026-10-15",
            "totalAmount": 1,
        }
    )
    assert item is not None
    assert item.voucher_number == "RE-" + "9" * (mapping.VOUCHER_NUMBER_LENGTH - 3)
    assert item.problem is None


def test_the_lengths_text_is_cut_to_are_those_of_the_columns_that_keep_it() -> None:
    assert tables.Invoice.voucher_number.length == mapping.VOUCHER_NUMBER_LENGTH
    assert tables.Contact.name.length == mapping.CONTACT_NAME_LENGTH
    assert tables.Contact.last_name.length == mapping.LAST_NAME_LENGTH
    assert tables.LexofficeConnection.company_name.length == mapping.COMPANY_NAME_LENGTH
    ids = (
        tables.Invoice.lexoffice_id,
        tables.Invoice.contact_lexoffice_id,
        tables.Contact.lexoffice_id,
        tables.LexofficeConnection.organization_id,
        tables.LexofficeConnection.connection_id,
    )
    assert {column.length for column in ids} == {mapping.ID_LENGTH}
    assert max(len(language) for language in mapping.LANGUAGES) <= tables.Invoice.language.length
    for amount in (tables.Invoice.total_cents, tables.Invoice.open_cents):
        assert type(amount) is Integer
        assert amount.column_type == "INTEGER"
    assert mapping.MAX_CENTS == 2**31 - 1
    dedupe_key = 2 * mapping.ID_LENGTH + 2 * mapping.EVENT_TEXT_LENGTH + 3
    assert dedupe_key <= tables.InboundEvent.key.length


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"dueDate": "15.10.2026"}, "Datum nicht lesbar: '15.10.2026'"),
        ({"totalAmount": "viel"}, "Betrag nicht lesbar: 'viel'"),
        ({"totalAmount": 30_000_000}, "Betrag zu groß: 30000000"),
        ({"contactId": "c" * 65}, "Kontakt-ID nicht lesbar"),
    ],
)
def test_a_voucher_that_cannot_be_read_comes_back_with_its_problem(
    fields: dict[str, object], problem: str
) -> None:
    body = {"id": "v1", "voucherType": "invoice", "voucherStatus": "open", "totalAmount": 1}
    item = mapping.listed_voucher({**body, "voucherDate": "2026-10-01", **fields})
    assert item is not None
    assert (item.problem or "").startswith(problem)
    assert item.lexoffice_id == "v1"


def test_a_voucher_without_a_usable_id_is_left_out() -> None:
    assert mapping.listed_voucher({"voucherType": "invoice", "totalAmount": 1}) is None
    assert mapping.listed_voucher({"id": "v" * 65, "voucherType": "invoice"}) is None
    assert mapping.listed_voucher("not an object") is None
    item = mapping.listed_voucher({"id": "v1", "totalAmount": 1, "updatedDate": "gestern"})
    assert item is not None
    assert item.updated_at is None


def test_a_contact_that_cannot_be_read_comes_back_unusable_with_the_reason() -> None:
    found = mapping.contact({"id": "c1", "emailAddresses": ["a@b.example"]}, "c1")
    assert found.contact.lexoffice_id == "c1"
    assert (found.contact.unusable or "").startswith("Kontaktdaten aus lexoffice nicht lesbar")
    page = mapping.contact_page({"content": [{"company": {"name": "ohne ID"}}], "totalPages": 1})
    assert page.contacts == []


def test_an_address_list_of_the_wrong_type_is_never_read_as_addresses() -> None:
    """A string where lexoffice gives a list was read letter by letter (the recipient became
    "@"); an entry that is no string was written to as its Python repr."""
    text = mapping.contact({"id": "c1", "emailAddresses": {"business": "a@b.example"}}, "c1")
    assert text.contact.emails.business == ()
    assert (text.contact.unusable or "").startswith("Kontaktdaten aus lexoffice nicht lesbar")
    mixed = {"business": [{"address": "x@y.example"}, 7, "a@b.example"]}
    entries = mapping.contact({"id": "c2", "emailAddresses": mixed}, "c2")
    assert entries.contact.emails.business == ("a@b.example",)
    assert entries.contact.unusable is None


@pytest.mark.parametrize(
    "body",
    [
        {"language": "en", "address": ["Lakeside Ltd"], "taxConditions": "net"},
        {"language": "en", "address": "Lakeside Ltd", "taxConditions": ["net"]},
    ],
)
def test_invoice_details_with_parts_of_the_wrong_type_still_give_the_language(
    body: dict[str, object],
) -> None:
    """The language is read ahead after the sync, and the daily run lives only with lexoffice
    being unavailable: an `AttributeError` from one invoice's odd `address` stopped the
    tenant's day before its cycle."""
    details = mapping.invoice_details(body)
    assert (details.language, details.contact_id, details.tax_type) == ("en", None, "net")


def test_an_event_is_cleaned_and_an_event_without_usable_ids_refused() -> None:
    body = json.loads(BODY)
    event = parse_event(json.dumps({**body, "eventType": "payment.changed\x00\n"}).encode())
    assert event.event_type == "payment.changed"
    with pytest.raises(ValueError, match="resourceId is no lexoffice id"):
        parse_event(json.dumps({**body, "resourceId": "r" * 65}).encode())


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(201, json={"resourceUri": "https://api.lexware.io/v1/dunnings/d-1"}),
        httpx.Response(201, json={"id": None}),
        httpx.Response(201, text="Created"),
    ],
)
async def test_a_created_dunning_whose_id_cannot_be_read_is_an_unknown_outcome(
    answer: httpx.Response,
) -> None:
    """lexoffice made the dunning (201) but its answer names no id: the notice must look for it
    (`LexofficeOutcomeUnknown`), not fail with a KeyError past the handling that finds it."""
    transport = httpx.MockTransport(lambda request: answer)
    async with httpx.AsyncClient(transport=transport) as http:
        client = LexofficeClient(
            http, "https://lexoffice.test", StaticKey("key"), LocalRateLimiter(1000), "org-1"
        )
        details = InvoiceDetails("de", "c-1", "Café", "DE", "net")
        request = DunningRequest(
            "inv-1", date(2026, 11, 27), "1. Mahnung", "", (DunningLine("Offen", 1000),), details
        )
        with pytest.raises(LexofficeOutcomeUnknown):
            await client.create_dunning(request)
