"""lexoffice JSON into our values. Amounts come as euros (number, sometimes a string)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from automahntion.app.lexoffice import (
    ContactPage,
    DunningRequest,
    DunningSummary,
    InvoiceDetails,
    LexofficeContact,
    ListedVoucher,
    PaymentState,
    Profile,
)
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.money import round_cents
from automahntion.domain.recipients import Contact, DebtorKind, EmailAddresses


class UnexpectedResponse(ValueError):
    pass


def cents(value: Any) -> int:
    try:
        return round_cents(Decimal(str(value)) * 100)
    except (InvalidOperation, ValueError):
        raise UnexpectedResponse(f"not an amount: {value!r}") from None


def day(value: str | None) -> date | None:
    """lexoffice timestamps (`2026-11-27T00:00:00.000+01:00`) carry the local date first."""
    return date.fromisoformat(value[:10]) if value else None


def instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def listed_voucher(item: dict[str, Any]) -> ListedVoucher:
    voucher_date = day(item.get("voucherDate"))
    if voucher_date is None:
        raise UnexpectedResponse(f"voucher {item.get('id')} has no voucherDate")
    open_amount = item.get("openAmount")
    return ListedVoucher(
        lexoffice_id=str(item["id"]),
        voucher_type=str(item["voucherType"]),
        listed_status=str(item["voucherStatus"]),
        voucher_number=str(item.get("voucherNumber") or ""),
        voucher_date=voucher_date,
        due_date=day(item.get("dueDate")),
        contact_id=item.get("contactId"),
        total_cents=cents(item.get("totalAmount", 0)),
        open_cents=cents(open_amount) if open_amount is not None else None,
        updated_at=instant(item.get("updatedDate")),
    )


def _strings(values: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in values or () if v)


def contact(body: dict[str, Any]) -> LexofficeContact:
    emails = body.get("emailAddresses") or {}
    company = body.get("company")
    person = body.get("person") or {}
    if company:
        name, kind = str(company.get("name") or ""), DebtorKind.BUSINESS
    else:
        name = " ".join(p for p in (person.get("firstName"), person.get("lastName")) if p)
        kind = DebtorKind.CONSUMER
    billing = ((body.get("addresses") or {}).get("billing") or [None])[0]
    postal = {k: str(v) for k, v in billing.items() if v is not None} if billing else None
    return LexofficeContact(
        Contact(
            lexoffice_id=str(body["id"]),
            name=name,
            emails=EmailAddresses(
                business=_strings(emails.get("business")),
                office=_strings(emails.get("office")),
                private=_strings(emails.get("private")),
                other=_strings(emails.get("other")),
            ),
            kind=kind,
        ),
        postal_address=postal,
    )


def contact_page(body: dict[str, Any]) -> ContactPage:
    return ContactPage(
        contacts=[contact(item) for item in body.get("content", [])],
        total_pages=int(body.get("totalPages", 0)),
        total_elements=int(body.get("totalElements", 0)),
    )


def payment_state(body: dict[str, Any]) -> PaymentState:
    try:
        status = InvoiceStatus(body["voucherStatus"])
    except (KeyError, ValueError):
        raise UnexpectedResponse(f"unknown voucherStatus in {body!r}") from None
    return PaymentState(status, cents(body.get("openAmount", 0)), day(body.get("paidDate")))


def invoice_details(body: dict[str, Any]) -> InvoiceDetails:
    address = body.get("address") or {}
    return InvoiceDetails(
        language=str(body.get("language") or "de"),
        contact_id=address.get("contactId"),
        address_name=str(address.get("name") or ""),
        country_code=str(address.get("countryCode") or "DE"),
        tax_type=str((body.get("taxConditions") or {}).get("taxType") or "net"),
    )


def timestamp(day: date) -> str:
    """lexoffice wants milliseconds and an offset (`2026-11-27T00:00:00.000+01:00`); midnight
    in Berlin."""
    moment = datetime.combine(day, time(0, 0), ZoneInfo("Europe/Berlin"))
    return moment.isoformat(timespec="milliseconds")


def dunning_body(request: DunningRequest) -> dict[str, Any]:
    details = request.details
    address: dict[str, Any] = (
        {"contactId": details.contact_id}
        if details.contact_id
        else {"name": details.address_name, "countryCode": details.country_code}
    )
    items: list[dict[str, Any]] = [
        {"type": "text", "name": request.title, "description": request.introduction[:2000]}
    ]
    if request.fee_cents > 0:
        items.append(
            {
                "type": "custom",
                "name": "Mahngebühr",
                "quantity": 1,
                "unitName": "Stück",
                "unitPrice": {
                    "currency": "EUR",
                    "netAmount": request.fee_cents / 100,
                    "taxRatePercentage": 0,
                },
            }
        )
    return {
        "voucherDate": timestamp(request.voucher_date),
        "address": address,
        "lineItems": items,
        "totalPrice": {"currency": "EUR"},
        "taxConditions": {"taxType": details.tax_type},
        "shippingConditions": {"shippingType": "none"},
        "language": details.language,
        "title": request.title[:25],
        "introduction": request.introduction[:2000],
    }


def dunning_summary(body: dict[str, Any]) -> DunningSummary:
    return DunningSummary(
        id=str(body["id"]),
        title=str(body.get("title") or ""),
        voucher_date=day(body.get("voucherDate")),
    )


def profile(body: dict[str, Any]) -> Profile:
    return Profile(
        organization_id=str(body["organizationId"]),
        connection_id=body.get("connectionId"),
        company_name=str(body.get("companyName") or ""),
    )
