"""Tenants' thank-you templates in jinja2's sandbox, formatted like the dunning templates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from jinja2 import StrictUndefined

from automahntion.adapters.formats import formats
from automahntion.adapters.template_safety import (
    BoundedSandbox,
    compile_checked,
    render_message,
    template_problem,
)
from automahntion.app.loyalty.ports import ThankYouFacts
from automahntion.app.mail.rendering import Rendered, TemplateInvalid
from automahntion.domain.salutation import Addressee, Title, salutation
from automahntion.domain.thanks import THANK_YOU_PLACEHOLDERS

SAMPLE_FACTS = ThankYouFacts(
    customer_name="Muster GmbH",
    invoice_number="RE-1001",
    invoice_date=date(2026, 1, 5),
    total_cents=238_00,
    company_name="Bäckerei Sonnenschein",
    feedback_question="Wie zufrieden sind Sie mit unserem Service?",
    feedback_link="https://automahntion.example/feedback/beispiel",
    addressee=Addressee(Title.MS, "Weber"),
)
"""What a template is tried with when it is saved."""


def _context(facts: ThankYouFacts, language: str) -> dict[str, object]:
    f = formats(language)
    return {
        "customer_name": facts.customer_name,
        "invoice_number": facts.invoice_number,
        "invoice_date": f.date(facts.invoice_date),
        "total_amount": f.euro(facts.total_cents),
        "company_name": facts.company_name,
        "feedback_question": facts.feedback_question,
        "feedback_link": facts.feedback_link,
        "salutation": salutation(facts.addressee, language),
    }


class SandboxedThankYouRenderer:
    def __init__(self) -> None:
        self._env = BoundedSandbox(
            undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
        )

    def check(self, text: str) -> str | None:
        """Tried with and without a feedback link: a template must render either way."""
        for facts in (SAMPLE_FACTS, replace(SAMPLE_FACTS, feedback_link="")):
            context = _context(facts, "de")
            problem = template_problem(self._env, text, THANK_YOU_PLACEHOLDERS, context)
            if problem is not None:
                return problem
        return None

    def render_thank_you(
        self, subject: str, body: str, facts: ThankYouFacts, language: str = "de"
    ) -> Rendered:
        context = _context(facts, language)
        try:
            rendered_subject, rendered_body = render_message(
                compile_checked(self._env, subject), compile_checked(self._env, body), context
            )
        except Exception as error:  # the tenant's code: Python's errors as well as jinja2's
            raise TemplateInvalid(str(error)) from error
        return Rendered(" ".join(rendered_subject.split()), rendered_body)
