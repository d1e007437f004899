"""The default thank-you templates (German and English), rendered in the sandbox, with and
without a link."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from automahntion.adapters.thank_you_templates import SandboxedThankYouRenderer
from automahntion.app.loyalty.ports import ThankYouFacts
from automahntion.app.loyalty.thank_yous import thank_you_texts
from automahntion.app.mail.rendering import TemplateInvalid
from automahntion.app.tenants.records import TenantSettings
from automahntion.domain.quota import Plan
from automahntion.domain.salutation import Addressee, Title
from automahntion.domain.thanks import (
    DEFAULT_THANK_YOU_BODY,
    DEFAULT_THANK_YOU_BODY_EN,
    DEFAULT_THANK_YOU_SUBJECT,
    DEFAULT_THANK_YOU_SUBJECT_EN,
    THANK_YOU_PLACEHOLDERS,
    thank_you_quota,
)

FACTS = ThankYouFacts(
    customer_name="Café Morgenrot",
    invoice_number="RE-2026-0815",
    invoice_date=date(2026, 11, 13),
    total_cents=1_238_50,
    company_name="Bäckerei Sonnenschein GmbH",
    feedback_question="Wie zufrieden sind Sie mit uns?",
    feedback_link="https://app.example/feedback/abc",
)


def test_default_template_thanks_in_german_with_the_link() -> None:
    rendered = SandboxedThankYouRenderer().render_thank_you(
        DEFAULT_THANK_YOU_SUBJECT, DEFAULT_THANK_YOU_BODY, FACTS
    )
    assert rendered.subject == "Vielen Dank für Ihre Zahlung: Rechnung RE-2026-0815"
    assert rendered.body.startswith("Sehr geehrte Damen und Herren,\n\n")
    assert "Rechnung RE-2026-0815 vom 13.11.2026 über 1.238,50\xa0€" in rendered.body
    assert "Wie zufrieden sind Sie mit uns?" in rendered.body
    assert "\nhttps://app.example/feedback/abc\n" in rendered.body
    assert rendered.body.endswith("Mit freundlichen Grüßen\nBäckerei Sonnenschein GmbH")


def test_default_template_thanks_in_english_with_english_formats() -> None:
    facts = replace(FACTS, addressee=Addressee(Title.MR, "Krüger"))
    rendered = SandboxedThankYouRenderer().render_thank_you(
        DEFAULT_THANK_YOU_SUBJECT_EN, DEFAULT_THANK_YOU_BODY_EN, facts, "en"
    )
    assert rendered.subject == "Thank you for your payment: invoice RE-2026-0815"
    assert rendered.body.startswith("Dear Mr Krüger,\n\nthank you: we have received")
    assert "invoice RE-2026-0815 of 13 November 2026 (EUR\xa01,238.50)" in rendered.body
    assert "\nhttps://app.example/feedback/abc\n" in rendered.body
    assert rendered.body.endswith("Kind regards\nBäckerei Sonnenschein GmbH")


def test_a_person_is_thanked_by_name() -> None:
    facts = replace(FACTS, addressee=Addressee(Title.MS, "Weber"))
    body = SandboxedThankYouRenderer().render_thank_you("x", DEFAULT_THANK_YOU_BODY, facts).body
    assert body.startswith("Sehr geehrte Frau Weber,\n\n")


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "en"), ("de", "de"), (None, "de"), ("fr", "de")]
)
def test_english_invoices_get_the_english_thank_you(language: str | None, expected: str) -> None:
    picked = thank_you_texts(TenantSettings(), language)
    assert picked[0] == expected
    english = (DEFAULT_THANK_YOU_SUBJECT_EN, DEFAULT_THANK_YOU_BODY_EN)
    german = (DEFAULT_THANK_YOU_SUBJECT, DEFAULT_THANK_YOU_BODY)
    assert picked[1:] == (english if expected == "en" else german)


def test_without_english_texts_english_invoices_are_thanked_in_german() -> None:
    settings = TenantSettings(thank_you_subject_en="", thank_you_body_en="")
    assert thank_you_texts(settings, "en")[0] == "de"


def test_without_a_link_the_survey_paragraph_is_left_out() -> None:
    facts = replace(FACTS, feedback_link="")
    body = SandboxedThankYouRenderer().render_thank_you("x", DEFAULT_THANK_YOU_BODY, facts).body
    assert "feedback" not in body
    assert "Wie zufrieden" not in body


@pytest.mark.parametrize("body", ["{{ unknown }}", "{{ ''.__class__.__mro__ }}", "{% for x in %}"])
def test_unknown_names_and_unsafe_expressions_are_refused(body: str) -> None:
    with pytest.raises(TemplateInvalid):
        SandboxedThankYouRenderer().render_thank_you("Danke", body, FACTS)


def test_no_loyalty_plan_means_no_quota() -> None:
    assert thank_you_quota(None) == 0
    assert [thank_you_quota(p) for p in Plan] == [30, 120, 480]


def test_the_default_templates_pass_the_check() -> None:
    renderer = SandboxedThankYouRenderer()
    assert renderer.check(DEFAULT_THANK_YOU_SUBJECT) is None
    assert renderer.check(DEFAULT_THANK_YOU_BODY) is None


@pytest.mark.parametrize("name", THANK_YOU_PLACEHOLDERS)
def test_every_documented_placeholder_passes_the_check(name: str) -> None:
    assert SandboxedThankYouRenderer().check(f"Danke: {{{{ {name}|upper }}}}") is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("{{ open_amount }}", "unknown placeholder open_amount"),
        ("{% if %}", "line 1"),
        ("{% for c in customer_name %}{{ c }}{% endfor %}", "{% for %}"),
        ("{{ customer_name.upper() }}", "calling"),
        ("{{ customer_name|center(999) }}", "filter 'center'"),
        ("{{ customer_name * 1000 }}", "too long"),
        ("{{ customer_name.__class__ }}", "cannot be rendered"),
        ("{{ feedback_link[0] }}", "cannot be rendered"),
    ],
)
def test_templates_outside_the_safe_subset_are_refused(text: str, why: str) -> None:
    """The last one renders with a link but not without: it is tried both ways."""
    problem = SandboxedThankYouRenderer().check(text)
    assert problem is not None
    assert why in problem


def test_a_template_failing_only_with_an_invoices_facts_is_a_template_error() -> None:
    """Python's own errors too (here a division by zero for a 14-character name), not only
    jinja2's: anything else escaped the run after the day's thank-yous were claimed, leaving
    the others `sending` for good."""
    body = "{{ 100 // (customer_name|length - 14) }}"
    assert SandboxedThankYouRenderer().check(body) is None
    with pytest.raises(TemplateInvalid, match="division"):
        SandboxedThankYouRenderer().render_thank_you("Danke", body, FACTS)


def test_a_stored_template_outside_the_subset_is_refused_when_rendered() -> None:
    """One stored without the check on save (by hand, or a path yet to come): `range` is a
    global of the environment, and nested loops over it print nothing, so no output cap ends
    them, and hold the process's event loop for hours."""
    body = "{% for i in range(3) %}{% for j in range(3) %}x{% endfor %}{% endfor %}"
    with pytest.raises(TemplateInvalid, match="not allowed in templates"):
        SandboxedThankYouRenderer().render_thank_you("Danke", body, FACTS)
