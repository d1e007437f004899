"""A revenue voucher's language (rule 2): lexoffice keeps none for it, and its contacts carry no
language either (lexoffice-api.md, contacts), so rule 2's "`de` when absent" applies: German,
without asking lexoffice. An invoice's language is lexoffice's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from automahntion.app.lexoffice.languages import language_of
from automahntion.app.lexoffice.ports import InvoiceDetails
from automahntion.domain.invoices import Invoice, InvoiceKind, InvoiceStatus


@dataclass
class _Details:
    language: str
    asked: list[str] = field(default_factory=list)

    async def invoice_details(self, invoice_id: str, kind: InvoiceKind) -> InvoiceDetails:
        self.asked.append(invoice_id)
        return InvoiceDetails(self.language, "c-1", "Lakeside Ltd", "GB", "net")


def _invoice(kind: InvoiceKind) -> Invoice:
    return Invoice(
        "lx-1", "RE-1", date(2026, 10, 1), date(2026, 10, 15), 100, 100, "c-1",
        InvoiceStatus.OPEN, kind,
    )  # fmt: skip


async def test_a_revenue_voucher_is_german_without_asking_lexoffice() -> None:
    api = _Details("en")
    language = await language_of(api, _invoice(InvoiceKind.VOUCHER))  # type: ignore[arg-type]
    assert language == "de"
    assert api.asked == []


async def test_an_invoice_has_lexoffices_language() -> None:
    api = _Details("en")
    assert await language_of(api, _invoice(InvoiceKind.INVOICE)) == "en"  # type: ignore[arg-type]
    assert api.asked == ["lx-1"]
