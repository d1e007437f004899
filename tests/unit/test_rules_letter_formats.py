"""Rule 8: amounts "1.234,56 €" and dates "DD.MM.YYYY" in German texts, "EUR 1,234.56" and
"6 December 2026" in English ones — the same on every surface that writes them: the e-mail
texts (`adapters.formats`), the letters we lay out (`adapters.pdf.layout`) and the dunning
documents made in lexoffice (`app.post.dunning_document`), whose total must read as the
e-mail's. A space may be a no-break space; nothing else may differ.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from automahntion.adapters.formats import ENGLISH, GERMAN, formats
from automahntion.adapters.pdf.layout import (
    format_day,
    format_day_en,
    format_money,
    format_money_en,
)
from automahntion.app.post.dunning_document import day, money

GERMAN_MONEY = re.compile(r"(0|[1-9]\d{0,2}(\.\d{3})*),\d{2} €")
ENGLISH_MONEY = re.compile(r"EUR (0|[1-9]\d{0,2}(,\d{3})*)\.\d{2}")
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

cents = st.integers(0, 10**13)
days = st.dates(date(2000, 1, 1), date(2100, 12, 31))


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


@given(cents)
def test_german_amounts_read_the_same_everywhere_and_as_the_rule_writes_them(n: int) -> None:
    shown = {plain(GERMAN.euro(n)), plain(format_money(n)), plain(money(n, "de"))}
    assert len(shown) == 1, shown
    text = shown.pop()
    assert GERMAN_MONEY.fullmatch(text), text
    euros, rest = text.removesuffix(" €").split(",")
    assert int(euros.replace(".", "")) * 100 + int(rest) == n


@given(cents)
def test_english_amounts_read_the_same_everywhere_and_as_the_rule_writes_them(n: int) -> None:
    shown = {plain(ENGLISH.euro(n)), plain(format_money_en(n)), plain(money(n, "en"))}
    assert len(shown) == 1, shown
    text = shown.pop()
    assert ENGLISH_MONEY.fullmatch(text), text
    euros, rest = text.removeprefix("EUR ").split(".")
    assert int(euros.replace(",", "")) * 100 + int(rest) == n


@given(days)
def test_dates_read_the_same_everywhere_and_as_the_rule_writes_them(value: date) -> None:
    assert {GERMAN.date(value), format_day(value), day(value, "de")} == {
        f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
    }
    assert {ENGLISH.date(value), format_day_en(value), day(value, "en")} == {
        f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    }


@pytest.mark.parametrize(
    ("cents", "german", "english"),
    [
        (123456, "1.234,56 €", "EUR 1,234.56"),
        (5, "0,05 €", "EUR 0.05"),
        (4000, "40,00 €", "EUR 40.00"),
        (100000000, "1.000.000,00 €", "EUR 1,000,000.00"),
    ],
)
def test_the_rules_own_examples(cents: int, german: str, english: str) -> None:
    assert plain(GERMAN.euro(cents)) == german
    assert plain(ENGLISH.euro(cents)) == english
    assert ENGLISH.date(date(2026, 12, 6)) == "6 December 2026"
    assert GERMAN.date(date(2026, 12, 6)) == "06.12.2026"


@pytest.mark.parametrize("language", ["de", "fr", "", "EN", "en-GB"])
def test_only_english_texts_get_english_formats(language: str) -> None:
    """The invoice's language is `de` or `en` once read (rule 2); anything else is German."""
    assert formats(language) is GERMAN
    assert formats("en") is ENGLISH
