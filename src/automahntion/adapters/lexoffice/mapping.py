"""lexoffice JSON into our values. Amounts come as euros (number, sometimes a string).

Text is cleaned here, before anything stores it (domain rules 2): control characters, NUL and
lone surrogates out, cut to the column that keeps it. A record that cannot be read still comes
back, with `problem`/`unusable` saying why, so that it blocks only itself.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from automahntion.app.lexoffice.ports import (
    ContactPage,
    DunningLine,
    DunningRequest,
    DunningSummary,
    InvoiceDetails,
    LexofficeContact,
    LexofficeUnreadable,
    ListedVoucher,
    PaymentState,
    Profile,
)
from automahntion.domain.invoices import InvoiceKind, InvoiceStatus
from automahntion.domain.money import round_cents
from automahntion.domain.recipients import Contact, DebtorKind, EmailAddresses
from automahntion.domain.salutation import Addressee, addressee
from automahntion.domain.thanks import PaymentItem

ID_LENGTH = 64
VOUCHER_NUMBER_LENGTH = 100
CONTACT_NAME_LENGTH = 300
COMPANY_NAME_LENGTH = 200
LAST_NAME_LENGTH = 300
"""The columns that keep these values (`adapters/db/tables.py`; a test holds them equal)."""
EVENT_TEXT_LENGTH = 60
"""An event's type and date: with two ids they make its dedupe key."""
MAX_CENTS = 2**31 - 1
"""Amounts are kept in 4-byte integer columns."""
BERLIN = ZoneInfo("Europe/Berlin")
EMAIL_LENGTH = 254
"""RFC 5321: a longer address cannot be delivered, so it is dropped, never cut."""
LANGUAGES = ("de", "en")
VOUCHER_TYPES = {
    InvoiceKind.INVOICE: "invoice",
    InvoiceKind.DOWN_PAYMENT: "downpaymentinvoice",
    InvoiceKind.VOUCHER: "salesinvoice",
}
"""The voucher list's `voucherType` of each kind of invoice."""

_WHITESPACE_CONTROLS = "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"
"""Tabs and every character Python splits lines at: a line break left in a voucher number or
name would have the mail builder refuse each reminder that puts it into a header."""
_CLEANING = {
    **dict.fromkeys((*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000))),
    **{ord(c): " " for c in _WHITESPACE_CONTROLS},
}


T = TypeVar("T")


class UnexpectedResponse(LexofficeUnreadable):
    pass


def clean(value: Any, length: int | None = None) -> str:
    """Line breaks and tabs become spaces, other control characters, NUL and lone surrogates go;
    then cut to `length`."""
    text = str(value).translate(_CLEANING).strip()
    return text[:length].rstrip() if length is not None else text


def cents(value: Any) -> int:
    """`ArithmeticError`: an exponent beyond what `Decimal` computes with (`"1e999999999"`)
    overflows, which is no `InvalidOperation`."""
    try:
        amount = round_cents(Decimal(str(value)) * 100)
    except (ArithmeticError, ValueError):
        raise UnexpectedResponse(f"Betrag nicht lesbar: {clean(value, 40)!r}") from None
    if abs(amount) > MAX_CENTS:
        raise UnexpectedResponse(f"Betrag zu groß: {clean(value, 40)}")
    return amount


def identifier(value: Any) -> str | None:
    """An id is never cut: a longer one names something else."""
    text = clean(value) if value is not None else ""
    return text if 0 < len(text) <= ID_LENGTH else None


def day(value: str | None) -> date | None:
    """lexoffice timestamps (`2026-11-27T00:00:00.000+01:00`, or the same moment with `Z`) are
    read as their day in Berlin; a date without a time as it stands."""
    if not value:
        return None
    moment = instant(value)
    if moment is not None and moment.tzinfo is not None:
        with suppress(OverflowError):  # at the ends of the calendar: its own date
            return moment.astimezone(BERLIN).date()
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise UnexpectedResponse(f"Datum nicht lesbar: {clean(value, 40)!r}") from None


def instant(value: str | None) -> datetime | None:
    """Informative only: an unreadable one is left out."""
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _read(read: Callable[[Any], T], value: Any, problems: list[str]) -> T | None:
    try:
        return read(value)
    except UnexpectedResponse as problem:
        problems.append(str(problem))
        return None


def listed_voucher(item: Any) -> ListedVoucher | None:
    """None for an item without a usable id: nothing could hold what is known of it."""
    voucher_id = identifier(item.get("id")) if isinstance(item, dict) else None
    if voucher_id is None:
        return None
    problems: list[str] = []
    open_amount = item.get("openAmount")
    contact_id = item.get("contactId")
    if contact_id is not None and identifier(contact_id) is None:
        problems.append(f"Kontakt-ID nicht lesbar: {clean(contact_id, 40)!r}")
    return ListedVoucher(
        lexoffice_id=voucher_id,
        voucher_type=clean(item.get("voucherType") or "", 40),
        listed_status=clean(item.get("voucherStatus") or "", 40),
        voucher_number=clean(item.get("voucherNumber") or "", VOUCHER_NUMBER_LENGTH),
        voucher_date=_read(day, item.get("voucherDate"), problems),
        due_date=_read(day, item.get("dueDate"), problems),
        contact_id=identifier(contact_id),
        total_cents=_read(cents, item.get("totalAmount", 0), problems) or 0,
        open_cents=_read(cents, open_amount, problems) if open_amount is not None else None,
        updated_at=instant(item.get("updatedDate")),
        problem="; ".join(problems) or None,
    )


def _emails(values: Any) -> tuple[str, ...]:
    """A list of addresses; anything else makes the contact unreadable (`TypeError`), and an
    entry that is no text is no address."""
    if values is not None and not isinstance(values, list):
        raise TypeError(f"emailAddresses: a list expected, not {type(values).__name__}")
    cleaned = (clean(v) for v in values or () if v and isinstance(v, str))
    return tuple(v for v in cleaned if v and len(v) <= EMAIL_LENGTH)


def _name(body: dict[str, Any]) -> tuple[str, DebtorKind]:
    company = body.get("company")
    if company:
        return clean(company.get("name") or "", CONTACT_NAME_LENGTH), DebtorKind.BUSINESS
    person = body.get("person") or {}
    parts = (clean(p) for p in (person.get("firstName"), person.get("lastName")) if p)
    return clean(" ".join(p for p in parts if p), CONTACT_NAME_LENGTH), DebtorKind.CONSUMER


def _contact(contact_id: str, body: dict[str, Any]) -> LexofficeContact:
    emails = body.get("emailAddresses") or {}
    name, kind = _name(body)
    billing = ((body.get("addresses") or {}).get("billing") or [None])[0]
    postal = {clean(k): clean(v) for k, v in billing.items() if v is not None} if billing else None
    return LexofficeContact(
        Contact(
            lexoffice_id=contact_id,
            name=name,
            emails=EmailAddresses(
                business=_emails(emails.get("business")),
                office=_emails(emails.get("office")),
                private=_emails(emails.get("private")),
                other=_emails(emails.get("other")),
            ),
            kind=kind,
            addressee=_addressee(body),
        ),
        postal_address=postal,
    )


def _addressee(body: dict[str, Any]) -> Addressee | None:
    """A person is addressed by title and name; a company (whoever its contact persons are)
    as "Damen und Herren"."""
    person = None if body.get("company") else body.get("person")
    if not isinstance(person, dict):
        return None
    last_name = clean(person.get("lastName") or "", LAST_NAME_LENGTH)
    return addressee(clean(person.get("salutation") or ""), last_name)


def contact(body: Any, contact_id: str) -> LexofficeContact:
    """A contact whose data cannot be read comes back `unusable`, with the reason."""
    try:
        return _contact(contact_id, body)
    except (AttributeError, TypeError, ValueError, IndexError) as error:
        reason = f"Kontaktdaten aus lexoffice nicht lesbar ({error})"
        return LexofficeContact.unusable(contact_id, clean(reason, 500))


def _listed_contact(item: Any) -> LexofficeContact | None:
    """None for an item without a usable id: nobody could ask for it."""
    contact_id = identifier(item.get("id") if isinstance(item, dict) else None)
    return contact(item, contact_id) if contact_id is not None else None


def contact_page(body: dict[str, Any]) -> ContactPage:
    found = (_listed_contact(item) for item in body.get("content", []))
    return ContactPage(
        contacts=[c for c in found if c is not None],
        total_pages=int(body.get("totalPages", 0)),
        total_elements=int(body.get("totalElements", 0)),
    )


def payment_state(body: Any) -> PaymentState:
    """`UnexpectedResponse` for a body it cannot read, a JSON list or text included."""
    if not isinstance(body, dict):
        raise UnexpectedResponse(f"no payment state: {clean(body, 80)!r}")
    try:
        status = InvoiceStatus(body["voucherStatus"])
    except (KeyError, ValueError, TypeError):
        raise UnexpectedResponse(f"unknown voucherStatus in {clean(body, 200)!r}") from None
    paid_on = _read(day, body.get("paidDate"), [])  # informative only: unreadable is unknown
    return PaymentState(status, cents(body.get("openAmount", 0)), paid_on, _payment_items(body))


def _payment_items(body: dict[str, Any]) -> tuple[PaymentItem, ...] | None:
    """None when one cannot be read: only the thank-you asks for them, and it waits then."""
    items = body.get("paymentItems") or []
    try:
        return tuple(
            PaymentItem(clean(item["paymentItemType"], 60), cents(item["amount"])) for item in items
        )
    except (KeyError, TypeError, UnexpectedResponse):
        return None


def _object(value: Any) -> dict[str, Any]:
    """A JSON object as lexoffice should give it; anything else reads as an empty one."""
    return value if isinstance(value, dict) else {}


def invoice_details(body: dict[str, Any]) -> InvoiceDetails:
    body = _object(body)
    address = _object(body.get("address"))
    language = clean(body.get("language") or "de").lower()
    return InvoiceDetails(
        language=language if language in LANGUAGES else "de",
        contact_id=address.get("contactId"),
        address_name=str(address.get("name") or ""),
        country_code=str(address.get("countryCode") or "DE"),
        tax_type=str(_object(body.get("taxConditions")).get("taxType") or "net"),
    )


def timestamp(day: date) -> str:
    """lexoffice wants milliseconds and an offset (`2026-11-27T00:00:00.000+01:00`); midnight
    in Berlin."""
    moment = datetime.combine(day, time(0, 0), ZoneInfo("Europe/Berlin"))
    return moment.isoformat(timespec="milliseconds")


def _dunning_item(line: DunningLine, tax_type: str) -> dict[str, Any]:
    """A custom item without tax: the amount asked as it stands, given as the gross amount
    on a `gross` invoice and as the net amount on any other."""
    amount = "grossAmount" if tax_type == "gross" else "netAmount"
    item: dict[str, Any] = {
        "type": "custom",
        "name": line.name[:255],
        "quantity": 1,
        "unitName": "Stück",
        "unitPrice": {"currency": "EUR", amount: line.cents / 100, "taxRatePercentage": 0},
    }
    if line.description:
        item["description"] = line.description[:2000]
    return item


def dunning_body(request: DunningRequest) -> dict[str, Any]:
    details = request.details
    address: dict[str, Any] = (
        {"contactId": details.contact_id}
        if details.contact_id
        else {"name": details.address_name, "countryCode": details.country_code}
    )
    body: dict[str, Any] = {
        "voucherDate": timestamp(request.voucher_date),
        "address": address,
        "lineItems": [_dunning_item(line, details.tax_type) for line in request.lines],
        "totalPrice": {"currency": "EUR"},
        "taxConditions": {"taxType": details.tax_type},
        "shippingConditions": {"shippingType": "none"},
        "language": details.language,
        "title": request.title[:25],
        "introduction": request.introduction[:2000],
    }
    if request.remark:
        body["remark"] = request.remark[:2000]
    return body


def dunning_summary(body: dict[str, Any]) -> DunningSummary:
    return DunningSummary(
        id=str(body["id"]),
        title=str(body.get("title") or ""),
        voucher_date=day(body.get("voucherDate")),
    )


def profile(body: dict[str, Any]) -> Profile:
    organization_id = identifier(body.get("organizationId"))
    if organization_id is None:
        raise UnexpectedResponse("lexoffice named no usable organizationId in the profile")
    return Profile(
        organization_id=organization_id,
        connection_id=identifier(body.get("connectionId")),
        company_name=clean(body.get("companyName") or "", COMPANY_NAME_LENGTH),
    )
