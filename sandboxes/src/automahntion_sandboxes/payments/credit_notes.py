"""Credit notes as Stripe issues them on a finalized invoice: a credit first lowers what is still
due on an open invoice; what the invoice's payment already covered goes, as the caller says,
to the customer's balance (`credit_amount`, taken off the next invoice when it is finalized),
back as a refund (`refund_amount`) or outside Stripe (`out_of_band_amount`)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency

from automahntion_sandboxes.payments import forms
from automahntion_sandboxes.payments.errors import StripeError
from automahntion_sandboxes.payments.ledger import Ledger, new_id

AnyRequest = Request[Any, Any, Any]


def _credited_quantity(ledger: Ledger, line_id: str) -> int:
    return sum(
        line["quantity"]
        for note in ledger.of_kind("credit_note")
        if note["status"] == "issued"
        for line in note["lines"]["data"]
        if line["invoice_line_item"] == line_id
    )


def _lines(ledger: Ledger, invoice: dict[str, Any], params: dict[str, Any]) -> list[dict[str, Any]]:
    own = {line["id"]: line for line in invoice["lines"]["data"]}
    lines = []
    for index, entry in enumerate(forms.indexed(params.get("lines"), "lines")):
        param = f"lines[{index}]"
        if not isinstance(entry, dict) or entry.get("type") != "invoice_line_item":
            raise StripeError(400, "The sandbox credits invoice line items only.", param=param)
        line = own.get(str(entry.get("invoice_line_item")))
        if line is None:
            raise StripeError(
                400, "The line item is not on this invoice.", param=f"{param}[invoice_line_item]"
            )
        quantity = forms.integer(entry, "quantity", 0) or 0
        if quantity < 1 or quantity + _credited_quantity(ledger, line["id"]) > line["quantity"]:
            raise StripeError(
                400,
                "The quantity to credit exceeds what is left of the line item.",
                param=f"{param}[quantity]",
            )
        unit = line["price"]["unit_amount"]
        lines.append(
            {
                "id": new_id("cnli"),
                "object": "credit_note_line_item",
                "type": "invoice_line_item",
                "invoice_line_item": line["id"],
                "description": line["description"],
                "quantity": quantity,
                "unit_amount": unit,
                "amount": unit * quantity,
            }
        )
    if not lines:
        raise StripeError(400, "Missing required param: lines.", param="lines")
    return lines


@post("/credit_notes", status_code=200)
async def create_credit_note(request: AnyRequest, ledger: NamedDependency[Ledger]) -> Any:
    params = forms.parse(await request.body())
    invoice = ledger.get("invoice", forms.text(params, "invoice", required=True) or "", "invoice")
    if invoice["status"] not in ("open", "paid"):
        status = invoice["status"]
        message = f"Invoice {invoice['id']} is {status}: only an open or paid one is credited."
        raise StripeError(400, message, param="invoice")
    lines = _lines(ledger, invoice, params)
    total = sum(line["amount"] for line in lines)
    pre_payment = min(total, invoice["amount_remaining"]) if invoice["status"] == "open" else 0
    post_payment = total - pre_payment
    credit = forms.integer(params, "credit_amount", 0) or 0
    refund = forms.integer(params, "refund_amount", 0) or 0
    out_of_band = forms.integer(params, "out_of_band_amount", 0) or 0
    settled = credit + refund + out_of_band
    if settled != post_payment:
        raise StripeError(
            400,
            f"The sum of credit_amount, refund_amount and out_of_band_amount ({settled}) must "
            f"equal the credit note's post-payment amount ({post_payment}).",
        )
    customer = ledger.get("customer", invoice["customer"])
    note = ledger.put(
        {
            "id": new_id("cn"),
            "object": "credit_note",
            "invoice": invoice["id"],
            "customer": invoice["customer"],
            "currency": "eur",
            "status": "issued",
            "type": "pre_payment" if post_payment == 0 else "post_payment",
            "lines": {"object": "list", "data": lines, "has_more": False},
            "subtotal": total,
            "total": total,
            "amount": total,
            "pre_payment_amount": pre_payment,
            "post_payment_amount": post_payment,
            "credit_amount": credit,
            "refund_amount": refund,
            "out_of_band_amount": out_of_band,
            "memo": forms.text(params, "memo"),
            "reason": forms.text(params, "reason"),
            "metadata": forms.metadata(params),
            "created": ledger.now(),
            "livemode": False,
        }
    )
    if pre_payment:
        invoice["amount_due"] -= pre_payment
        invoice["amount_remaining"] -= pre_payment
        invoice["pre_payment_credit_notes_amount"] = (
            invoice.get("pre_payment_credit_notes_amount", 0) + pre_payment
        )
    if post_payment:
        invoice["post_payment_credit_notes_amount"] = (
            invoice.get("post_payment_credit_notes_amount", 0) + post_payment
        )
    if credit:
        customer["balance"] = customer.get("balance", 0) - credit
    ledger.emit("credit_note.created", note)
    if invoice["status"] == "open" and invoice["amount_remaining"] == 0:
        ledger.settle_by_credit(invoice)
    return note


@get("/credit_notes")
async def list_credit_notes(request: AnyRequest, ledger: NamedDependency[Ledger]) -> Any:
    params = forms.parse(request.url.query or "")
    invoice = forms.text(params, "invoice")
    notes = [n for n in ledger.of_kind("credit_note") if invoice in (None, n["invoice"])]
    notes.sort(key=lambda n: n["created"], reverse=True)
    return {"object": "list", "data": notes, "has_more": False, "url": "/v1/credit_notes"}


ROUTES = [create_credit_note, list_credit_notes]
