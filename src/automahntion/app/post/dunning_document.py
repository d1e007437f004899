"""What a dunning created in lexoffice says (rule 8): a title that fits lexoffice's field, the
invoice's number, date and open amount in the introduction, and the open amount, each fee and
the interest as line items of their own, so that the document's total is what the message asks
(`MessageFacts.total_due_cents`). German or English, as the invoice is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial

from automahntion.app.lexoffice.ports import DunningLine, DunningRequest, InvoiceDetails
from automahntion.app.mail.charge_texts import interest_periods
from automahntion.app.mail.rendering import MessageFacts
from automahntion.domain.interest import Charge, ChargeKind
from automahntion.domain.levels import Level

TITLE_LENGTH = 25
"""lexoffice's limit for a voucher's title."""
INTRODUCTION_LENGTH = 2000
LINE_NAME_LENGTH = 255
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ENGLISH_CHARGES = {
    ChargeKind.LEVEL_FEE: "Dunning fee",
    ChargeKind.INTEREST: "Default interest (section 288 BGB)",
    ChargeKind.FLAT_FEE: "Flat-rate default charge (section 288 (5) BGB)",
}


@dataclass(frozen=True)
class DunningFacts:
    """What the document is made of: the notice's level and the invoice's facts as the message
    used them."""

    invoice_id: str
    level: Level
    today: date
    facts: MessageFacts


def level_number(level: Level) -> int:
    """1 for M1, 2 for M2, 3 for M3."""
    return int(level.value[1:])


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def title(level: Level, language: str) -> str:
    """ "1. Mahnung" or "1st reminder": short enough for lexoffice's title."""
    number = level_number(level)
    text = f"{_ordinal(number)} reminder" if language == "en" else f"{number}. Mahnung"
    return text[:TITLE_LENGTH]


def money(cents: int, language: str) -> str:
    """ "1.234,56 €" in German, "EUR 1,234.56" in English."""
    sign = "-" if cents < 0 else ""
    grouped = f"{abs(cents) // 100:,}"
    rest = f"{abs(cents) % 100:02d}"
    if language == "en":
        return f"{sign}EUR {grouped}.{rest}"
    return f"{sign}{grouped.replace(',', '.')},{rest} €"


def day(value: date, language: str) -> str:
    if language == "en":
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return f"{value:%d.%m.%Y}"


def _percent(value: Decimal, language: str) -> str:
    text = f"{value:.2f}"
    return text if language == "en" else text.replace(".", ",")


def explanation(charge: Charge, language: str) -> str:
    """How a charge was computed, in the message's language and formats."""
    if charge.kind is ChargeKind.INTEREST and charge.periods:
        return interest_periods(
            charge,
            language,
            euro=partial(money, language=language),
            day=partial(day, language=language),
            percent=partial(_percent, language=language),
        )
    if charge.kind is ChargeKind.FLAT_FEE:
        once = "one-off" if language == "en" else "einmalig"
        return f"{once} {money(charge.cents, language)}"
    if language != "en":
        return charge.explanation
    return "fee of this dunning level" if charge.kind is ChargeKind.LEVEL_FEE else ""


def introduction(facts: MessageFacts, language: str) -> str:
    number, total = facts.invoice_number, money(facts.total_due_cents, language)
    issued, due = day(facts.invoice_date, language), day(facts.due_date, language)
    open_now = money(facts.open_cents, language)
    if language == "en":
        text = (
            f"Our invoice {number} of {issued}, due on {due}, still shows {open_now} "
            f"outstanding.\nPlease transfer the total of {total} shown below."
        )
    else:
        text = (
            f"Zu unserer Rechnung {number} vom {issued}, fällig am {due}, ist noch ein Betrag "
            f"von {open_now} offen.\nBitte überweisen Sie den unten aufgeführten Gesamtbetrag "
            f"von {total}."
        )
    return text[:INTRODUCTION_LENGTH]


def _open_line(facts: MessageFacts, language: str) -> DunningLine:
    issued = day(facts.invoice_date, language)
    if language == "en":
        name = f"Amount outstanding on invoice {facts.invoice_number} of {issued}"
    else:
        name = f"Offener Betrag aus Rechnung {facts.invoice_number} vom {issued}"
    return DunningLine(name[:LINE_NAME_LENGTH], facts.open_cents)


def _charge_line(charge: Charge, language: str) -> DunningLine:
    if language == "en":
        return DunningLine(
            ENGLISH_CHARGES[charge.kind], charge.cents, explanation(charge, language)
        )
    return DunningLine(charge.label[:LINE_NAME_LENGTH], charge.cents, explanation(charge, language))


def lines(facts: MessageFacts, language: str) -> tuple[DunningLine, ...]:
    """The open amount, then each fee and the interest: they add up to what the message asks."""
    charges = tuple(_charge_line(c, language) for c in facts.fees if c.cents)
    return (_open_line(facts, language), *charges)


def dunning_request(made: DunningFacts, details: InvoiceDetails) -> DunningRequest:
    language = details.language
    return DunningRequest(
        invoice_id=made.invoice_id,
        voucher_date=made.today,
        title=title(made.level, language),
        introduction=introduction(made.facts, language),
        lines=lines(made.facts, language),
        details=details,
        remark=made.facts.payment_details[:INTRODUCTION_LENGTH],
    )
