"""The JSON shapes lexoffice answers with, built from the sandbox's state."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from automahntion_sandboxes.lexoffice.clock import day_timestamp, timestamp
from automahntion_sandboxes.lexoffice.money import euros, split_gross
from automahntion_sandboxes.lexoffice.state import (
    CREDIT_NOTE_TYPES,
    Contact,
    Dunning,
    Organization,
    Voucher,
)

REVENUE_CATEGORY_ID = "8f8664a8-fd86-11e1-a21f-0800200c9a66"
CONTACT_FIELDS = (
    "roles",
    "company",
    "person",
    "addresses",
    "xRechnung",
    "emailAddresses",
    "phoneNumbers",
    "note",
)


def _day(value: date | None) -> str | None:
    return day_timestamp(value) if value is not None else None


def page(
    items: Sequence[dict[str, Any]],
    total: int,
    number: int,
    size: int,
    sort: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    total_pages = (total + size - 1) // size if size else 0
    return {
        "content": list(items),
        "first": number == 0,
        "last": number >= total_pages - 1,
        "totalPages": total_pages,
        "totalElements": total,
        "numberOfElements": len(items),
        "size": size,
        "number": number,
        "sort": [
            {
                "property": prop,
                "direction": direction,
                "ignoreCase": False,
                "nullHandling": "NATIVE",
                "ascending": direction == "ASC",
            }
            for prop, direction in sort
        ],
    }


def voucherlist_item(organization: Organization, voucher: Voucher, today: date) -> dict[str, Any]:
    return {
        "id": voucher.id,
        "voucherType": voucher.voucher_type,
        "voucherStatus": voucher.listed_status(today),
        "voucherNumber": voucher.voucher_number,
        "voucherDate": day_timestamp(voucher.voucher_date),
        "createdDate": timestamp(voucher.created),
        "updatedDate": timestamp(voucher.updated),
        "dueDate": _day(voucher.due_date),
        "contactId": voucher.contact_id,
        "contactName": organization.contact_name(voucher),
        "totalAmount": euros(voucher.total_cents),
        "openAmount": None if voucher.status == "draft" else euros(voucher.open_cents),
        "currency": "EUR",
        "archived": voucher.archived,
    }


def _amounts(voucher: Voucher) -> tuple[float, float, float]:
    net, tax = split_gross(voucher.total_cents, voucher.tax_rate)
    return euros(net), euros(tax), euros(voucher.total_cents)


def related_dunnings(organization: Organization, voucher: Voucher) -> list[dict[str, Any]]:
    """The dunnings that pursue this invoice, as its `relatedVouchers` list them."""
    return [
        {"id": d.id, "voucherNumber": voucher.voucher_number, "voucherType": "dunning"}
        for d in organization.dunnings.values()
        if d.invoice_id == voucher.id
    ]


def invoice_view(voucher: Voucher, related: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """GET /v1/invoices/{id} and /v1/down-payment-invoices/{id}."""
    net, tax, gross = _amounts(voucher)
    english = voucher.language == "en"
    draft = voucher.status == "draft"
    if voucher.voucher_type == "downpaymentinvoice":
        title = "Down payment invoice" if english else "Abschlagsrechnung"
    else:
        title = "Invoice" if english else "Rechnung"
    view: dict[str, Any] = {
        "id": voucher.id,
        "organizationId": voucher.organization_id,
        "createdDate": timestamp(voucher.created),
        "updatedDate": timestamp(voucher.updated),
        "version": voucher.version,
        "language": voucher.language,
        "archived": voucher.archived,
        "voucherStatus": voucher.status,
        "voucherNumber": voucher.voucher_number,
        "voucherDate": day_timestamp(voucher.voucher_date),
        "dueDate": None if draft else _day(voucher.due_date),
        "address": dict(voucher.address or {}),
        "electronicDocumentProfile": "NONE",
        "lineItems": [
            {
                "type": "custom",
                "name": "Services as agreed" if english else "Leistung wie vereinbart",
                "quantity": 1,
                "unitName": "piece" if english else "Stück",
                "unitPrice": {
                    "currency": "EUR",
                    "netAmount": net,
                    "grossAmount": gross,
                    "taxRatePercentage": voucher.tax_rate,
                },
                "discountPercentage": 0,
                "lineItemAmount": net,
            }
        ],
        "totalPrice": {
            "currency": "EUR",
            "totalNetAmount": net,
            "totalGrossAmount": gross,
            "totalTaxAmount": tax,
        },
        "taxAmounts": [{"taxRatePercentage": voucher.tax_rate, "taxAmount": tax, "netAmount": net}],
        "taxConditions": {"taxType": "net"},
        "shippingConditions": {"shippingType": "none"},
        "closingInvoice": False,
        "claimedGrossAmount": 0.0,
        "downPaymentDeductions": [],
        "recurringTemplateId": None,
        "relatedVouchers": related or [],
        "printLayoutId": None,
        "title": title,
        "introduction": (
            "We invoice you for our services as follows."
            if english
            else "Unsere Leistungen stellen wir Ihnen wie folgt in Rechnung."
        ),
        "remark": "Thank you for your order." if english else "Vielen Dank für Ihren Auftrag.",
    }
    if voucher.due_date is not None:
        days = (voucher.due_date - voucher.voucher_date).days
        label = "Payable by {paymentEndDate}." if english else "Zahlbar bis {paymentEndDate}."
        view["paymentConditions"] = {
            "paymentTermLabel": label.replace("{paymentEndDate}", f"{voucher.due_date:%d.%m.%Y}"),
            "paymentTermLabelTemplate": label,
            "paymentTermDuration": days,
        }
    if not draft:
        view["files"] = {"documentFileId": voucher.file_id}
    return view


def voucher_view(organization: Organization, voucher: Voucher) -> dict[str, Any]:
    """GET /v1/vouchers/{id}: a bookkeeping voucher (salesinvoice, salescreditnote)."""
    net, tax, gross = _amounts(voucher)
    del net
    return {
        "id": voucher.id,
        "organizationId": voucher.organization_id,
        "type": voucher.voucher_type,
        "voucherStatus": voucher.status,
        "voucherNumber": voucher.voucher_number,
        "voucherDate": day_timestamp(voucher.voucher_date),
        "shippingDate": day_timestamp(voucher.voucher_date),
        "dueDate": _day(voucher.due_date),
        "totalGrossAmount": gross,
        "totalTaxAmount": tax,
        "taxType": "gross",
        "useCollectiveContact": voucher.contact_id is None,
        "contactId": voucher.contact_id,
        "contactName": organization.contact_name(voucher),
        "remark": None,
        "voucherItems": [
            {
                "amount": gross,
                "taxAmount": tax,
                "taxRatePercent": voucher.tax_rate,
                "categoryId": REVENUE_CATEGORY_ID,
            }
        ],
        "files": [],
        "createdDate": timestamp(voucher.created),
        "updatedDate": timestamp(voucher.updated),
        "version": voucher.version,
    }


def contact_view(contact: Contact) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": contact.id,
        "organizationId": contact.organization_id,
        "version": contact.version,
    }
    for name in CONTACT_FIELDS:
        if name in contact.data:
            view[name] = contact.data[name]
    view["archived"] = bool(contact.data.get("archived", False))
    return view


def payments_view(voucher: Voucher) -> dict[str, Any]:
    """GET /v1/payments/{id}."""
    if voucher.open_cents == 0:
        payment_status = "balanced"
    elif voucher.voucher_type in CREDIT_NOTE_TYPES:
        payment_status = "openExpense"
    else:
        payment_status = "openRevenue"
    view: dict[str, Any] = {
        "openAmount": euros(voucher.open_cents),
        "currency": "EUR",
        "paymentStatus": payment_status,
        "voucherType": voucher.voucher_type,
        "voucherStatus": voucher.status,
    }
    paid_date = voucher.paid_date
    if paid_date is not None:
        view["paidDate"] = day_timestamp(paid_date)
    view["paymentItems"] = [
        {
            "paymentItemType": payment.item_type,
            "postingDate": day_timestamp(payment.day),
            "amount": euros(payment.cents),
            "currency": "EUR",
        }
        for payment in voucher.payments
    ]
    return view


def dunning_view(organization: Organization, dunning: Dunning) -> dict[str, Any]:
    body = dunning.body
    invoice = organization.vouchers.get(dunning.invoice_id)
    related = (
        [
            {
                "id": invoice.id,
                "voucherNumber": invoice.voucher_number,
                "voucherType": invoice.voucher_type,
            }
        ]
        if invoice is not None
        else []
    )
    return {
        "id": dunning.id,
        "organizationId": dunning.organization_id,
        "createdDate": timestamp(dunning.created),
        "updatedDate": timestamp(dunning.updated),
        "version": dunning.version,
        "language": body.get("language", "de"),
        "archived": False,
        "voucherStatus": "draft",
        "voucherDate": body["voucherDate"],
        "address": body["address"],
        "electronicDocumentProfile": "NONE",
        "lineItems": body["lineItems"],
        "totalPrice": body["totalPrice"],
        "taxAmounts": body["taxAmounts"],
        "taxConditions": body["taxConditions"],
        "shippingConditions": body["shippingConditions"],
        "relatedVouchers": related,
        "printLayoutId": body.get("printLayoutId"),
        "title": body.get("title", "Mahnung"),
        "introduction": body.get("introduction"),
        "remark": body.get("remark"),
        "files": {"documentFileId": dunning.file_id},
    }
