"""What the default texts say, whatever the case: no earlier message claimed that was not sent,
a concrete date, the greeting, the last level's next step, the language's formats."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from automahntion.adapters.templates import SandboxedTemplateRenderer
from automahntion.app.mail.rendering import MessageFacts, Rendered
from automahntion.domain.default_texts import DEFAULT_TEMPLATES
from automahntion.domain.escalation import SentLevel
from automahntion.domain.levels import LEVELS, AfterLastLevel, Level
from automahntion.domain.salutation import Addressee, Title
from tests.unit.test_default_text_snapshots import bundle, single

RENDERER = SandboxedTemplateRenderer()
CLAIMS_AN_EARLIER_MESSAGE = {
    "de": ("unserer", "erneut", "erinnert", "trotz unser"),
    "en": ("our payment reminder", "formal reminder of", "once again", "reminded you"),
}


def _render(level: Level, language: str, facts: MessageFacts) -> Rendered:
    return RENDERER.render(DEFAULT_TEMPLATES[level].pick(language)[1], facts, language)


def _text(message: Rendered) -> str:
    return f"{message.subject}\n{message.body}"


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("make", [single, bundle])
def test_no_text_claims_an_earlier_message_when_none_was_sent(
    level: Level, language: str, make: object
) -> None:
    assert callable(make)
    facts = replace(make(level), previous=None)
    text = _text(_render(level, language, facts)).replace("unserer Buchhaltung", "")
    for claim in CLAIMS_AN_EARLIER_MESSAGE[language]:
        assert claim not in text, (level, language, claim)


@pytest.mark.parametrize("level", [lv for lv in LEVELS if lv is not Level.R1])
def test_a_sent_message_is_named_with_its_date(level: Level) -> None:
    facts = replace(single(level), previous=SentLevel(Level.M1, date(2026, 11, 30)))
    assert "unserer 1. Mahnung vom 30.11.2026" in _render(level, "de", facts).body
    assert "our first formal reminder of 30 November 2026" in _render(level, "en", facts).body


@pytest.mark.parametrize("level", LEVELS)
def test_every_text_names_the_date_to_pay_by(level: Level) -> None:
    facts = replace(single(level), payment_deadline=date(2026, 12, 14))
    assert "zum 14.12.2026" in _render(level, "de", facts).body
    assert "by 14 December 2026" in _render(level, "en", facts).body


def test_a_person_is_greeted_by_name_and_a_company_formally() -> None:
    woman = replace(single(Level.R1), addressee=Addressee(Title.MS, "Weber"))
    man = replace(single(Level.R1), addressee=Addressee(Title.MR, "Weber"))
    company = replace(single(Level.R1), addressee=None)
    assert _render(Level.R1, "de", woman).body.startswith("Sehr geehrte Frau Weber,\n")
    assert _render(Level.R1, "de", man).body.startswith("Sehr geehrter Herr Weber,\n")
    assert _render(Level.R1, "de", company).body.startswith("Sehr geehrte Damen und Herren,\n")
    assert _render(Level.R1, "en", woman).body.startswith("Dear Ms Weber,\n")
    assert _render(Level.R1, "en", company).body.startswith("Dear Sir or Madam,\n")


def test_a_bundle_names_its_invoices_and_each_fee_its_invoice() -> None:
    german = _render(Level.M2, "de", bundle(Level.M2))
    english = _render(Level.M2, "en", bundle(Level.M2))
    assert "Rechnungen RE-1, RE-2 und RE-3" in german.subject
    assert "Ihre Rechnungen RE-1, RE-2 und RE-3" in german.body
    assert "Mahngebühr zu Rechnung RE-2: 5,00\xa0€" in german.body
    assert "your invoices RE-1, RE-2 and RE-3" in english.body
    assert "Reminder fee for invoice RE-2: EUR\xa05.00" in english.body
    assert "Diese Nachricht betrifft" not in german.body


@pytest.mark.parametrize(
    ("step", "german", "english"),
    [
        (AfterLastLevel.COURT_PROCEDURE, "gerichtliche Mahnverfahren", "court order for payment"),
        (AfterLastLevel.COLLECTION_AGENCY, "Inkassounternehmen", "debt collection agency"),
    ],
)
@pytest.mark.parametrize("level", LEVELS)
def test_the_last_level_says_so_and_names_the_next_step(
    level: Level, step: AfterLastLevel, german: str, english: str
) -> None:
    facts = replace(single(level), is_last_level=True, after_last_level=step)
    de, en = _render(level, "de", facts).body, _render(level, "en", facts).body
    assert "Dies ist unsere letzte" in de
    assert german in de
    assert "This is our final" in en
    assert english in en


@pytest.mark.parametrize("level", LEVELS)
def test_a_level_that_is_not_the_last_announces_no_end(level: Level) -> None:
    facts = replace(single(level), is_last_level=False, after_last_level=AfterLastLevel.NONE)
    for language, words in (("de", ("letzte Mahnung", "letztmalig")), ("en", ("final formal",))):
        text = _text(_render(level, language, facts))
        assert not any(word in text for word in words), (level, language)


def test_the_last_level_with_no_next_step_threatens_nothing() -> None:
    facts = replace(single(Level.M3), after_last_level=AfterLastLevel.NONE)
    body = _render(Level.M3, "de", facts).body
    assert "Dies ist unsere letzte Mahnung.\n" in body
    assert "Mahnverfahren" not in body
    assert "Inkasso" not in body


def test_each_language_has_one_money_and_date_format() -> None:
    facts = single(Level.M1)
    german = _text(_render(Level.M1, "de", facts))
    english = _text(_render(Level.M1, "en", facts))
    assert "1.234,56\xa0€" in german
    assert "06.10.2026" in german
    assert "EUR" not in german
    assert "EUR\xa01,234.56" in english
    assert "6 October 2026" in english
    assert "€" not in english


def test_an_existing_template_keeps_rendering_and_gets_the_bundle_list_appended() -> None:
    from automahntion.domain.templates import Template

    old = Template(
        "Zahlungserinnerung: Rechnung {{ invoice_number }}",
        "Guten Tag {{ customer_name }},\n{{ fees }}\nBitte zahlen Sie {{ total_due }}.",
    )
    message = RENDERER.render(old, bundle(Level.M1))
    assert message.subject == "Zahlungserinnerung: Rechnung RE-1, RE-2, RE-3"
    assert "Diese Nachricht betrifft die folgenden Rechnungen:\nRechnung RE-1 vom" in message.body
