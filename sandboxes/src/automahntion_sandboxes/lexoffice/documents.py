"""PDF documents of invoices and dunnings, and the Accept check of the file endpoints."""

from __future__ import annotations

import re
from typing import Any

from litestar import Response

from automahntion_sandboxes.lexoffice import pdf
from automahntion_sandboxes.lexoffice.money import euros, split_gross
from automahntion_sandboxes.lexoffice.state import Dunning, Organization, Voucher

PDF_MEDIA_RANGES = ("*/*", "application/*", "application/pdf")


def accepts_pdf(accept: str | None) -> bool:
    if not accept or not accept.strip():
        return True
    ranges = {part.split(";")[0].strip().lower() for part in accept.split(",")}
    return any(media in ranges for media in PDF_MEDIA_RANGES)


def _money(value: float) -> str:
    return f"{value:,.2f} EUR".replace(",", "X").replace(".", ",").replace("X", ".")


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text) or "document"


def _address_lines(address: dict[str, Any]) -> list[str]:
    lines = [str(address.get(key)) for key in ("name", "supplement", "street") if address.get(key)]
    place = " ".join(str(address[key]) for key in ("zip", "city") if address.get(key))
    return [*lines, place] if place else lines


def invoice_pdf(organization: Organization, voucher: Voucher) -> Response[bytes]:
    net, tax = split_gross(voucher.total_cents, voucher.tax_rate)
    lines = [
        organization.company_name,
        "",
        *_address_lines(voucher.address or {}),
        "",
        f"Rechnungsnummer: {voucher.voucher_number}",
        f"Rechnungsdatum: {voucher.voucher_date:%d.%m.%Y}",
    ]
    if voucher.due_date is not None:
        lines.append(f"Zahlbar bis: {voucher.due_date:%d.%m.%Y}")
    lines += [
        "",
        f"Netto: {_money(euros(net))}",
        f"Umsatzsteuer {voucher.tax_rate} %: {_money(euros(tax))}",
        f"Gesamtbetrag: {_money(euros(voucher.total_cents))}",
    ]
    title = "Abschlagsrechnung" if voucher.voucher_type == "downpaymentinvoice" else "Rechnung"
    return pdf_response(
        pdf.render(f"{title} {voucher.voucher_number}", lines), f"{title}_{voucher.voucher_number}"
    )


def dunning_pdf(organization: Organization, dunning: Dunning) -> Response[bytes]:
    body = dunning.body
    invoice = organization.vouchers.get(dunning.invoice_id)
    number = invoice.voucher_number if invoice is not None else ""
    lines = [organization.company_name, "", *_address_lines(body["address"]), ""]
    lines.append(f"zu Rechnung {number}")
    if body.get("introduction"):
        lines += ["", *str(body["introduction"]).splitlines()]
    lines.append("")
    for item in body["lineItems"]:
        price = item.get("unitPrice") or {}
        amount = price.get("grossAmount", price.get("netAmount"))
        suffix = f": {_money(float(amount))}" if isinstance(amount, int | float) else ""
        lines.append(f"{item.get('quantity', '')} x {item.get('name', '')}{suffix}")
    total = body["totalPrice"].get("totalGrossAmount")
    if isinstance(total, int | float):
        lines += ["", f"Gesamtbetrag: {_money(float(total))}"]
    if body.get("remark"):
        lines += ["", *str(body["remark"]).splitlines()]
    title = str(body.get("title") or "Mahnung")
    return pdf_response(pdf.render(title, lines), f"Mahnung_{number}")


def pdf_response(content: bytes, name: str) -> Response[bytes]:
    return Response(
        content=content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{_safe(name)}.pdf"'},
    )
