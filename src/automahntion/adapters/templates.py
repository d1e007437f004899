"""Tenants' templates in jinja2's sandbox, with dates and amounts formatted in the template's
language (German unless the template is the English one)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel.dates import format_date
from jinja2 import StrictUndefined, meta
from jinja2 import Template as Compiled

from automahntion.adapters.formats import GERMAN, formats
from automahntion.adapters.message_parts import (
    bundle_list,
    fee_lines,
    invoice_list,
    previous_message,
)
from automahntion.adapters.template_safety import (
    BoundedSandbox,
    compile_checked,
    render_message,
    template_problem,
)
from automahntion.app.mail.rendering import MessageFacts, Rendered, TemplateInvalid
from automahntion.domain.escalation import SentLevel
from automahntion.domain.interest import Charge, ChargeKind
from automahntion.domain.levels import AfterLastLevel, Level
from automahntion.domain.salutation import Addressee, Title, salutation
from automahntion.domain.templates import PLACEHOLDERS, Template

LOCALE = "de_DE"
COMPILED_TEMPLATES = 512
"""Compiled templates kept by their text: compiling costs far more than rendering, and a
cycle renders the same few templates for every message."""


def euro(cents: int) -> str:
    """`1.234,56 €` (with a no-break space)."""
    return GERMAN.euro(cents)


def german_date(value: object) -> str:
    """`05.01.2026`."""
    if isinstance(value, date):
        return GERMAN.date(value)
    return format_date(value, "dd.MM.yyyy", locale=LOCALE)  # type: ignore[arg-type]


SAMPLE_FACTS = MessageFacts(
    customer_name="Muster GmbH",
    invoice_number="RE-1001",
    invoice_date=date(2026, 1, 5),
    due_date=date(2026, 1, 19),
    open_cents=119_00,
    total_cents=238_00,
    days_overdue=15,
    fees=(Charge("Mahngebühr", 5_00, "laut Vereinbarung", kind=ChargeKind.LEVEL_FEE),),
    company_name="Bäckerei Sonnenschein",
    payment_details="IBAN DE02 1203 0000 0000 2020 51",
    addressee=Addressee(Title.MS, "Weber"),
    payment_deadline=date(2026, 2, 13),
    payment_days=10,
    previous=SentLevel(Level.R1, date(2026, 1, 22)),
    is_last_level=True,
    after_last_level=AfterLastLevel.COURT_PROCEDURE,
    document_attached=True,
)
"""What a template is tried with when it is saved."""


def message_context(facts: MessageFacts, language: str) -> dict[str, object]:
    """The placeholders' values (`domain.templates.PLACEHOLDERS`), formatted for `language`."""
    f = formats(language)
    previous = facts.previous
    numbers = [line.voucher_number for line in facts.lines]
    return {
        "customer_name": facts.customer_name,
        "invoice_number": facts.invoice_number,
        "invoice_date": f.date(facts.invoice_date),
        "due_date": f.date(facts.due_date),
        "open_amount": f.euro(facts.open_cents),
        "total_amount": f.euro(facts.total_cents),
        "days_overdue": facts.days_overdue,
        "fees": fee_lines(facts, language),
        "total_due": f.euro(facts.total_due_cents),
        "company_name": facts.company_name,
        "payment_details": facts.payment_details,
        "salutation": salutation(facts.addressee, language),
        "invoice_count": len(numbers),
        "invoice_numbers": f.words(numbers),
        "invoice_list": invoice_list(facts, language),
        "payment_deadline": f.date(facts.payment_deadline) if facts.payment_deadline else "",
        "payment_days": facts.payment_days,
        "previous_level": previous.level.value if previous else "",
        "previous_date": f.date(previous.sent_on) if previous else "",
        "previous_message": previous_message(previous, language),
        "is_last_level": facts.is_last_level,
        "next_step": facts.after_last_level.value,
        "document_attached": facts.document_attached,
    }


class SandboxedTemplateRenderer:
    def __init__(self) -> None:
        self._env = BoundedSandbox(
            undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
        )
        self._compiled = lru_cache(maxsize=COMPILED_TEMPLATES)(self._compile)
        self._places_list = lru_cache(maxsize=COMPILED_TEMPLATES)(self._uses_invoice_list)

    def _compile(self, text: str) -> Compiled:
        return compile_checked(self._env, text)

    def _uses_invoice_list(self, text: str) -> bool:
        return "invoice_list" in meta.find_undeclared_variables(self._env.parse(text))

    def check(self, text: str) -> str | None:
        return template_problem(self._env, text, PLACEHOLDERS, message_context(SAMPLE_FACTS, "de"))

    def render(self, template: Template, facts: MessageFacts, language: str = "de") -> Rendered:
        context = message_context(facts, language)
        try:
            subject, body = render_message(
                self._compiled(template.subject), self._compiled(template.body), context
            )
        except Exception as error:  # the tenant's code: Python's errors as well as jinja2's
            raise TemplateInvalid(str(error)) from error
        if not self._places_list(template.body):
            body += bundle_list(facts, language)
        return Rendered(" ".join(subject.split()), body)
