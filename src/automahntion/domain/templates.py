"""Subject and body templates of a level, German and optionally English, kept in versions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from automahntion.domain.errors import FieldProblem, ValidationFailed
from automahntion.domain.levels import Level

PLACEHOLDERS = (
    "customer_name",
    "invoice_number",
    "invoice_date",
    "due_date",
    "open_amount",
    "total_amount",
    "days_overdue",
    "fees",
    "total_due",
    "company_name",
    "payment_details",
)
"""The names a template may use, e.g. ``{{ invoice_number }}``; dates and amounts come formatted."""


@dataclass(frozen=True)
class Template:
    subject: str
    body: str

    def problems(self, where: str) -> list[FieldProblem]:
        problems = []
        if not self.subject.strip():
            problems.append(FieldProblem(f"{where}.subject", "must not be empty"))
        if any(c in self.subject for c in "\r\n"):
            problems.append(FieldProblem(f"{where}.subject", "must be a single line"))
        if not self.body.strip():
            problems.append(FieldProblem(f"{where}.body", "must not be empty"))
        return problems


@dataclass(frozen=True)
class LevelTemplates:
    de: Template
    en: Template | None = None

    def for_language(self, language: str | None) -> Template:
        """The invoice's language picks; German when there is no English version."""
        if language == "en" and self.en is not None:
            return self.en
        return self.de

    def validate(self, level: Level) -> None:
        problems = self.de.problems(f"levels.{level}.templates.de")
        if self.en is not None:
            problems += self.en.problems(f"levels.{level}.templates.en")
        if problems:
            raise ValidationFailed(problems)


@dataclass(frozen=True)
class TemplateVersion:
    """An immutable version: a message records the version it was rendered from."""

    level: Level
    version: int
    templates: LevelTemplates
    created_at: datetime


def revise(
    history: Sequence[TemplateVersion], level: Level, templates: LevelTemplates, now: datetime
) -> TemplateVersion:
    """An edit never changes a version; it makes the next one."""
    templates.validate(level)
    versions = [v.version for v in history if v.level is level]
    return TemplateVersion(level, max(versions, default=0) + 1, templates, now)


_GREETING = "Guten Tag {{ customer_name }},\n\n"
_CLOSING = "\n\nMit freundlichen Grüßen\n{{ company_name }}"
_FACTS = (
    "Rechnung {{ invoice_number }} vom {{ invoice_date }}, fällig seit {{ due_date }}: "
    "offen sind noch {{ open_amount }}."
)

DEFAULT_TEMPLATES: dict[Level, LevelTemplates] = {
    **{
        level: LevelTemplates(
            Template(
                "Zahlungserinnerung: Rechnung {{ invoice_number }}",
                _GREETING + "sicher ist es Ihnen im Alltag entgangen: " + _FACTS + "\n\n"
                "Bitte überweisen Sie den Betrag in den nächsten Tagen.\n"
                "{{ payment_details }}\n\n"
                "Falls Sie bereits gezahlt haben, betrachten Sie diese E-Mail bitte als "
                "gegenstandslos." + _CLOSING,
            ),
            Template(
                "Payment reminder: invoice {{ invoice_number }}",
                "Dear {{ customer_name }},\n\nour invoice {{ invoice_number }} of "
                "{{ invoice_date }} was due on {{ due_date }}; {{ open_amount }} are still "
                "open. Please transfer the amount within the next few days.\n"
                "{{ payment_details }}\n\nIf you have already paid, please ignore this e-mail."
                "\n\nKind regards\n{{ company_name }}",
            ),
        )
        for level in (Level.R1, Level.R2, Level.R3, Level.R4, Level.R5, Level.R6)
    },
    **{
        level: LevelTemplates(
            Template(
                f"{number}. Mahnung: Rechnung {{{{ invoice_number }}}}",
                _GREETING + "trotz unserer Erinnerung ist die folgende Rechnung noch nicht "
                "beglichen: " + _FACTS + "\n{{ fees }}\n"
                "Bitte zahlen Sie {{ total_due }} innerhalb von 7 Tagen.\n"
                "{{ payment_details }}" + _CLOSING,
            )
        )
        for number, level in enumerate((Level.M1, Level.M2, Level.M3), start=1)
    },
}
