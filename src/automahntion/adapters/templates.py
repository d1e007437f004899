"""Tenants' templates in jinja2's sandbox, with dates and amounts formatted the German way."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, parse_pattern
from babel.numbers import NumberPattern
from jinja2 import StrictUndefined, TemplateError

from automahntion.adapters.template_safety import BoundedSandbox, render_message, template_problem
from automahntion.app.mail.rendering import MessageFacts, Rendered, TemplateInvalid
from automahntion.domain.interest import Charge, ChargeKind
from automahntion.domain.templates import PLACEHOLDERS, Template

LOCALE = "de_DE"
COMPILED_TEMPLATES = 512
"""Compiled templates kept by their text: compiling costs far more than rendering, and a
cycle renders the same few templates for every message."""


_GERMAN = Locale.parse(LOCALE)
_EURO: NumberPattern = _GERMAN.currency_formats["standard"]
_DATE = parse_pattern("dd.MM.yyyy")
"""babel's patterns parsed once: every message formats several amounts and dates, and
babel's `format_*` functions look up the locale and parse the pattern on each call."""


def euro(cents: int) -> str:
    """`1.234,56 €` (with a no-break space)."""
    return str(_EURO.apply(Decimal(cents).scaleb(-2), _GERMAN, currency="EUR"))


def german_date(value: object) -> str:
    """`05.01.2026`."""
    if isinstance(value, date):
        return str(_DATE.apply(value, _GERMAN))
    return format_date(value, "dd.MM.yyyy", locale=LOCALE)  # type: ignore[arg-type]


def _fee_lines(fees: tuple[Charge, ...]) -> str:
    return "\n".join(f"{fee.label}: {euro(fee.cents)} ({fee.explanation})" for fee in fees)


def _invoice_list(facts: MessageFacts) -> str:
    if len(facts.items) < 2:
        return ""
    lines = "\n".join(
        f"- {i.voucher_number} vom {german_date(i.voucher_date)}, fällig seit "
        f"{german_date(i.due_date)}: {euro(i.open_cents)}"
        for i in facts.items
    )
    return f"\n\nDiese Nachricht betrifft die folgenden Rechnungen:\n{lines}\n"


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
)
"""What a template is tried with when it is saved."""


class SandboxedTemplateRenderer:
    def __init__(self) -> None:
        self._env = BoundedSandbox(
            undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
        )
        self._compiled = lru_cache(maxsize=COMPILED_TEMPLATES)(self._env.from_string)

    def _context(self, facts: MessageFacts) -> dict[str, object]:
        return {
            "customer_name": facts.customer_name,
            "invoice_number": facts.invoice_number,
            "invoice_date": german_date(facts.invoice_date),
            "due_date": german_date(facts.due_date),
            "open_amount": euro(facts.open_cents),
            "total_amount": euro(facts.total_cents),
            "days_overdue": facts.days_overdue,
            "fees": _fee_lines(facts.fees),
            "total_due": euro(facts.total_due_cents),
            "company_name": facts.company_name,
            "payment_details": facts.payment_details,
        }

    def check(self, text: str) -> str | None:
        return template_problem(self._env, text, PLACEHOLDERS, self._context(SAMPLE_FACTS))

    def render(self, template: Template, facts: MessageFacts) -> Rendered:
        context = self._context(facts)
        try:
            subject, body = render_message(
                self._compiled(template.subject), self._compiled(template.body), context
            )
        except TemplateError as error:
            raise TemplateInvalid(str(error)) from error
        return Rendered(" ".join(subject.split()), body + _invoice_list(facts))
