"""The parts of a message the renderer writes itself, in German and English: the list of
invoices, the fee lines (each naming its invoice) and the earlier message."""

from __future__ import annotations

from automahntion.adapters.formats import formats
from automahntion.app.mail.charge_texts import interest_periods
from automahntion.app.mail.rendering import InvoiceLine, MessageFacts
from automahntion.domain.escalation import SentLevel
from automahntion.domain.interest import Charge, ChargeKind

_ENGLISH_LABELS = {
    ChargeKind.LEVEL_FEE: "Reminder fee",
    ChargeKind.INTEREST: "Default interest (§ 288 BGB)",
    ChargeKind.FLAT_FEE: "Late payment flat fee (§ 288(5) BGB)",
}


def invoice_list(facts: MessageFacts, language: str) -> str:
    """One line per invoice: number, date, due date and what is still open."""
    f = formats(language)
    if language == "en":
        return "\n".join(
            f"Invoice {i.voucher_number} of {f.date(i.voucher_date)} (due on "
            f"{f.date(i.due_date)}), outstanding: {f.euro(i.open_cents)}"
            for i in facts.lines
        )
    return "\n".join(
        f"Rechnung {i.voucher_number} vom {f.date(i.voucher_date)} (fällig am "
        f"{f.date(i.due_date)}), offen: {f.euro(i.open_cents)}"
        for i in facts.lines
    )


def bundle_list(facts: MessageFacts, language: str) -> str:
    """Appended to a bundle's body that does not place `invoice_list` itself."""
    if len(facts.items) < 2:
        return ""
    heading = (
        "This message concerns the following invoices:"
        if language == "en"
        else "Diese Nachricht betrifft die folgenden Rechnungen:"
    )
    return f"\n\n{heading}\n{invoice_list(facts, language)}\n"


def _fee_line(fee: Charge, line: InvoiceLine, language: str) -> str:
    f = formats(language)
    if language == "en":
        text = f"{_ENGLISH_LABELS[fee.kind]} for invoice {line.voucher_number}: {f.euro(fee.cents)}"
    else:
        text = f"{fee.label} zu Rechnung {line.voucher_number}: {f.euro(fee.cents)}"
    how = (
        interest_periods(fee, language, euro=f.euro, day=f.date, percent=f.percent)
        if fee.kind is ChargeKind.INTEREST
        else ""
    )
    return f"{text} ({how})" if how else text


def fee_lines(facts: MessageFacts, language: str) -> str:
    """Each fee on its own line, naming the invoice it is charged on."""
    return "\n".join(_fee_line(fee, line, language) for line in facts.lines for fee in line.fees)


_KINDS_DE = {"M1": "1. Mahnung", "M2": "2. Mahnung", "M3": "3. Mahnung"}
_KINDS_EN = {
    "M1": "first formal reminder",
    "M2": "second formal reminder",
    "M3": "third formal reminder",
}


def previous_message(previous: SentLevel | None, language: str) -> str:
    """`unserer Zahlungserinnerung vom 30.11.2026` (fits after "trotz", "mit", "nach") /
    `our payment reminder of 30 November 2026`; empty when nothing was sent before."""
    if previous is None:
        return ""
    f = formats(language)
    level = previous.level.value
    if language == "en":
        kind = _KINDS_EN.get(level, "payment reminder")
        return f"our {kind} of {f.date(previous.sent_on)}"
    kind = _KINDS_DE.get(level, "Zahlungserinnerung")
    return f"unserer {kind} vom {f.date(previous.sent_on)}"
