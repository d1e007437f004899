"""One money, date and list format per language, with babel (rule 8): German `1.234,56 €` and
`07.12.2026`, English `EUR 1,234.56` and `6 December 2026`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel import Locale
from babel.dates import DateTimePattern, parse_pattern
from babel.lists import format_list
from babel.numbers import NumberPattern
from babel.numbers import parse_pattern as parse_number_pattern


@dataclass(frozen=True)
class Formats:
    """babel's patterns parsed once: every message formats several amounts and dates, and
    babel's `format_*` functions look up the locale and parse the pattern on each call."""

    locale: Locale
    money: NumberPattern
    day: DateTimePattern
    decimals: NumberPattern

    def euro(self, cents: int) -> str:
        return str(self.money.apply(Decimal(cents).scaleb(-2), self.locale, currency="EUR"))

    def date(self, value: date) -> str:
        return str(self.day.apply(value, self.locale))

    def words(self, items: Sequence[str]) -> str:
        """`RE-1, RE-2 und RE-3` / `RE-1, RE-2 and RE-3`."""
        return str(format_list(list(items), locale=self.locale)) if items else ""

    def percent(self, value: Decimal) -> str:
        """`9,27` / `9.27` (the sign is the text's)."""
        return str(self.decimals.apply(value, self.locale))


_GERMAN = Locale.parse("de_DE")
_ENGLISH = Locale.parse("en_GB")

_DECIMALS = parse_number_pattern("#,##0.00")

GERMAN = Formats(
    _GERMAN, _GERMAN.currency_formats["standard"], parse_pattern("dd.MM.yyyy"), _DECIMALS
)
ENGLISH = Formats(
    _ENGLISH, parse_number_pattern("¤¤\xa0#,##0.00"), parse_pattern("d MMMM yyyy"), _DECIMALS
)


def formats(language: str) -> Formats:
    """English for `en`, German for everything else."""
    return ENGLISH if language == "en" else GERMAN
