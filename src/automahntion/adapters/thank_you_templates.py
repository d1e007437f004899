"""Tenants' thank-you templates in jinja2's sandbox, formatted like the dunning templates."""

from __future__ import annotations

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from automahntion.adapters.templates import euro, german_date
from automahntion.app.rendering import Rendered, TemplateInvalid
from automahntion.app.thank_yous import ThankYouFacts


class SandboxedThankYouRenderer:
    def __init__(self) -> None:
        self._env = SandboxedEnvironment(
            undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
        )

    def render_thank_you(self, subject: str, body: str, facts: ThankYouFacts) -> Rendered:
        context = {
            "customer_name": facts.customer_name,
            "invoice_number": facts.invoice_number,
            "invoice_date": german_date(facts.invoice_date),
            "total_amount": euro(facts.total_cents),
            "company_name": facts.company_name,
            "feedback_question": facts.feedback_question,
            "feedback_link": facts.feedback_link,
        }
        try:
            rendered_subject = self._env.from_string(subject).render(context)
            rendered_body = self._env.from_string(body).render(context)
        except TemplateError as error:
            raise TemplateInvalid(str(error)) from error
        return Rendered(" ".join(rendered_subject.split()), rendered_body)
