"""Subject and body templates of a level, German and optionally English, kept in versions."""

from __future__ import annotations

import hashlib
import json
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
    "salutation",
    "invoice_count",
    "invoice_numbers",
    "invoice_list",
    "payment_deadline",
    "payment_days",
    "previous_level",
    "previous_date",
    "previous_message",
    "is_last_level",
    "next_step",
    "document_attached",
)
"""The names a template may use, e.g. ``{{ invoice_number }}``; dates and amounts come formatted
in the template's language.

- `salutation`: "Sehr geehrte Frau Weber" / "Dear Ms Weber"; "Sehr geehrte Damen und Herren" /
  "Dear Sir or Madam" for companies.
- `invoice_count`, `invoice_numbers` ("RE-1, RE-2 und RE-3"), `invoice_list` (one line per
  invoice; a bundle's list is appended to a body that does not use it).
- `payment_deadline` ("14.12.2026"), `payment_days`.
- `previous_level` ("R1", … or empty), `previous_date`, `previous_message` ("unserer
  Zahlungserinnerung vom 30.11.2026" / "our payment reminder of 30 November 2026"; empty when
  nothing was sent before).
- `is_last_level`; `next_step`: `court_procedure`, `collection_agency` or `none`.
- `document_attached`: true when the e-mail carries the notice's document (lexoffice's
  dunning, or our letter for a revenue voucher); a text names an attachment only then.
"""


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
        return self.pick(language)[1]

    def pick(self, language: str | None) -> tuple[str, Template]:
        """The language used and its template: German when there is no English version."""
        if language == "en" and self.en is not None:
            return "en", self.en
        return "de", self.de

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


def fingerprint(templates: LevelTemplates) -> str:
    """SHA-256 of a level's texts: recognises a stored copy of a known text without keeping it."""
    en = templates.en
    texts = [templates.de.subject, templates.de.body, en.subject if en else None]
    texts.append(en.body if en else None)
    return hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode()).hexdigest()


def revise(
    history: Sequence[TemplateVersion], level: Level, templates: LevelTemplates, now: datetime
) -> TemplateVersion:
    """An edit never changes a version; it makes the next one."""
    templates.validate(level)
    versions = [v.version for v in history if v.level is level]
    return TemplateVersion(level, max(versions, default=0) + 1, templates, now)
