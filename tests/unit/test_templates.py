from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from babel.dates import format_date
from babel.numbers import format_currency

from automahntion.adapters.templates import euro, german_date
from automahntion.domain.default_texts import DEFAULT_TEMPLATES
from automahntion.domain.errors import ValidationFailed
from automahntion.domain.levels import LEVELS, Level
from automahntion.domain.templates import (
    PLACEHOLDERS,
    LevelTemplates,
    Template,
    revise,
)

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
DE = Template("Erinnerung {{ invoice_number }}", "Hallo {{ customer_name }}")
EN = Template("Reminder {{ invoice_number }}", "Hello {{ customer_name }}")


def test_english_invoice_gets_the_english_template_when_there_is_one() -> None:
    assert LevelTemplates(DE, EN).for_language("en") == EN


@pytest.mark.parametrize("language", ["en", "de", None, "fr"])
def test_german_is_used_when_there_is_no_english_version(language: str | None) -> None:
    assert LevelTemplates(DE).for_language(language) == DE


def test_german_invoice_gets_german_even_when_english_exists() -> None:
    assert LevelTemplates(DE, EN).for_language("de") == DE


def test_an_edit_makes_a_new_version_and_keeps_the_old_one() -> None:
    first = revise([], Level.R1, LevelTemplates(DE), NOW)
    second = revise([first], Level.R1, LevelTemplates(DE, EN), NOW)
    other_level = revise([first, second], Level.M1, LevelTemplates(DE), NOW)
    assert (first.version, second.version, other_level.version) == (1, 2, 1)
    assert first.templates == LevelTemplates(DE)
    assert second.templates.en == EN


@pytest.mark.parametrize(
    ("template", "field"),
    [
        (Template("", "body"), "levels.R1.templates.de.subject"),
        (Template("Betreff\r\nBcc: x@evil.example", "body"), "levels.R1.templates.de.subject"),
        (Template("Betreff", "  "), "levels.R1.templates.de.body"),
    ],
)
def test_bad_templates_are_refused_naming_the_field(template: Template, field: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        revise([], Level.R1, LevelTemplates(template), NOW)
    assert [p.field for p in refused.value.problems] == [field]


def test_a_bad_english_version_names_the_english_field() -> None:
    with pytest.raises(ValidationFailed) as refused:
        revise([], Level.M2, LevelTemplates(DE, Template("x", "")), NOW)
    assert [p.field for p in refused.value.problems] == ["levels.M2.templates.en.body"]


def test_every_level_has_valid_default_german_and_english_templates() -> None:
    assert set(DEFAULT_TEMPLATES) == set(LEVELS)
    for level, templates in DEFAULT_TEMPLATES.items():
        templates.validate(level)
        assert templates.en is not None
        for template in (templates.de, templates.en):
            assert "{{ invoice_number }}" in template.subject


def test_every_level_has_its_own_default_text() -> None:
    for language in ("de", "en"):
        texts = [t.pick(language)[1] for t in DEFAULT_TEMPLATES.values()]
        assert len({t.subject for t in texts}) == len(LEVELS)
        assert len({t.body for t in texts}) == len(LEVELS)


def test_default_dunning_notices_are_numbered_and_mention_fees() -> None:
    assert DEFAULT_TEMPLATES[Level.M2].de.subject.startswith("2. ")
    assert "Mahnung: " in DEFAULT_TEMPLATES[Level.M2].de.subject
    assert "{{ fees }}" in DEFAULT_TEMPLATES[Level.M3].de.body
    assert "Zahlungserinnerung" in DEFAULT_TEMPLATES[Level.R1].de.subject


def test_default_templates_use_only_documented_placeholders() -> None:
    used = {
        name
        for templates in DEFAULT_TEMPLATES.values()
        for template in (templates.de, templates.en)
        if template is not None
        for text in (template.subject, template.body)
        for name in re.findall(r"{{\s*(\w+)\s*}}", text)
    }
    assert used <= set(PLACEHOLDERS)
    assert {
        "salutation",
        "invoice_number",
        "open_amount",
        "company_name",
        "payment_deadline",
        "previous_message",
        "invoice_numbers",
    } <= used


@pytest.mark.parametrize(
    "cents", [0, 1, 5, 99, 100, 105, 99_999, 100_000, 123_456_789, -1, -5, -123_456, 10**14]
)
def test_amounts_are_written_as_babel_writes_german_euros(cents: int) -> None:
    assert euro(cents) == format_currency(cents / 100, "EUR", locale="de_DE")


@pytest.mark.parametrize(
    "day",
    [date(2026, 1, 5), date(2026, 12, 31), date(999, 3, 4), datetime(2026, 2, 3, 23, 30)],
)
def test_dates_are_written_as_babel_writes_dd_mm_yyyy(day: date) -> None:
    assert german_date(day) == format_date(day, "dd.MM.yyyy", locale="de_DE")
