"""PDF documents of invoices and dunnings, and the Accept check of the file endpoints."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from litestar import Response

from automahntion_sandboxes.lexoffice import layout
from automahntion_sandboxes.lexoffice.layout import Item, SalesDocument
from automahntion_sandboxes.lexoffice.money import euros, split_gross
from automahntion_sandboxes.lexoffice.state import Dunning, Organization, Voucher

PDF_MEDIA_RANGES = ("*/*", "application/*", "application/pdf")


def accepts_pdf(accept: str | None) -> bool:
    if not accept or not accept.strip():
        return True
    ranges = {part.split(";")[0].strip().lower() for part in accept.split(",")}
    return any(media in ranges for media in PDF_MEDIA_RANGES)


LABELS = {
    "de": {
        "date": "Datum",
        "invoice": "Rechnungsnr.",
        "invoice_date": "Rechnungsdatum",
        "due": "Zahlbar bis",
        "headings": ("Pos.", "Bezeichnung", "Menge", "Einzelpreis", "Gesamtpreis"),
        "net": "Gesamtbetrag netto",
        "tax": "zzgl. Umsatzsteuer {rate} %",
        "total": "Gesamtbetrag",
        "invoice_title": "Rechnung",
        "down_payment_title": "Abschlagsrechnung",
        "dunning_title": "Mahnung",
        "service": "Leistung",
        "pages": "Seite {number} von {count}",
    },
    "en": {
        "date": "Date",
        "invoice": "Invoice no.",
        "invoice_date": "Invoice date",
        "due": "Due date",
        "headings": ("Item", "Description", "Qty", "Unit price", "Amount"),
        "net": "Total net",
        "tax": "plus VAT {rate} %",
        "total": "Total amount",
        "invoice_title": "Invoice",
        "down_payment_title": "Down payment invoice",
        "dunning_title": "Reminder",
        "service": "Service",
        "pages": "Page {number} of {count}",
    },
}


def _labels(language: object) -> dict[str, Any]:
    return LABELS["en" if language == "en" else "de"]


def money(value: float, language: object = "de") -> str:
    """ "1.234,56 €" in German, "EUR 1,234.56" in English."""
    text = f"{value:,.2f}"
    if language == "en":
        return f"EUR {text}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".") + " €"


MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _day(value: date, language: object = "de") -> str:
    """ "06.12.2026" in German, "6 December 2026" in English."""
    if language == "en":
        return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"
    return f"{value:%d.%m.%Y}"


def _quantity(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}"
    return ""


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text) or "document"


def _address_lines(address: dict[str, Any]) -> list[str]:
    keys = ("name", "supplement", "contactPerson", "street")
    lines = [str(address.get(key)) for key in keys if address.get(key)]
    place = " ".join(str(address[key]) for key in ("zip", "city") if address.get(key))
    return [*lines, place] if place else lines


def _item(position: int, item: dict[str, Any], language: object) -> Item:
    price = item.get("unitPrice") or {}
    unit = price.get("grossAmount", price.get("netAmount"))
    amount = item.get("lineItemAmount")
    return Item(
        position=str(position),
        name=str(item.get("name") or ""),
        description=str(item.get("description") or ""),
        quantity=_quantity(item.get("quantity")) if item.get("type") != "text" else "",
        unit_price=money(float(unit), language) if isinstance(unit, int | float) else "",
        amount=money(float(amount), language) if isinstance(amount, int | float) else "",
    )


def _totals(
    body: dict[str, Any], labels: dict[str, Any], language: object
) -> list[tuple[str, str]]:
    """Net and tax only when there is tax; the total always."""
    total = body.get("totalPrice") or {}
    taxes = [t for t in body.get("taxAmounts") or [] if t.get("taxAmount")]
    rows = []
    if taxes:
        rows.append((labels["net"], money(float(total.get("totalNetAmount") or 0), language)))
    for tax in taxes:
        rate = f"{float(tax['taxRatePercentage']):g}"
        rows.append((labels["tax"].format(rate=rate), money(float(tax["taxAmount"]), language)))
    rows.append((labels["total"], money(float(total.get("totalGrossAmount") or 0), language)))
    return rows


def invoice_pdf(organization: Organization, voucher: Voucher) -> Response[bytes]:
    labels = _labels(voucher.language)
    net, tax = split_gross(voucher.total_cents, voucher.tax_rate)
    lang = voucher.language
    info = [
        (labels["invoice"], voucher.voucher_number),
        (labels["date"], _day(voucher.voucher_date, lang)),
    ]
    if voucher.due_date is not None:
        info.append((labels["due"], _day(voucher.due_date, lang)))
    kind = "down_payment_title" if voucher.voucher_type == "downpaymentinvoice" else "invoice_title"
    title = f"{labels[kind]} {voucher.voucher_number}"
    item = Item("1", labels["service"], "", "1", money(euros(net), lang), money(euros(net), lang))
    document = SalesDocument(
        sender=organization.company_name,
        sender_address=organization.address_lines,
        recipient=_address_lines(voucher.address or {}),
        info=info,
        title=title,
        introduction="",
        headings=labels["headings"],
        items=[item],
        totals=[
            (labels["net"], money(euros(net), lang)),
            (labels["tax"].format(rate=voucher.tax_rate), money(euros(tax), lang)),
            (labels["total"], money(euros(voucher.total_cents), lang)),
        ],
        pages=labels["pages"],
    )
    return pdf_response(layout.render(document), title.replace(" ", "_"))


def dunning_pdf(organization: Organization, dunning: Dunning) -> Response[bytes]:
    body = dunning.body
    language = body.get("language", "de")
    labels = _labels(language)
    invoice = organization.vouchers.get(dunning.invoice_id)
    number = invoice.voucher_number if invoice is not None else ""
    dated = str(body.get("voucherDate") or "")[:10]
    day = date.fromisoformat(dated) if dated else dunning.created.date()
    info = [(labels["date"], _day(day, language))]
    if invoice is not None:
        info += [
            (labels["invoice"], number),
            (labels["invoice_date"], _day(invoice.voucher_date, language)),
        ]
    document = SalesDocument(
        sender=organization.company_name,
        sender_address=organization.address_lines,
        recipient=_address_lines(body.get("address") or {}),
        info=info,
        title=str(body.get("title") or labels["dunning_title"]),
        introduction=str(body.get("introduction") or ""),
        headings=labels["headings"],
        items=[_item(n, item, language) for n, item in enumerate(body["lineItems"], start=1)],
        totals=_totals(body, labels, language),
        remark=str(body.get("remark") or ""),
        pages=labels["pages"],
    )
    return pdf_response(layout.render(document), f"Mahnung_{number}")


def pdf_response(content: bytes, name: str) -> Response[bytes]:
    return Response(
        content=content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{_safe(name)}.pdf"'},
    )
