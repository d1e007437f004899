"""Errors the rules raise. They know nothing of HTTP; the API maps them by `code`."""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """A rule refused something. `code` is stable and names the kind of refusal."""

    code = "domain-error"


@dataclass(frozen=True)
class FieldProblem:
    """Why a value was refused, and where (`field`, e.g. ``levels.M2.days_after_due``)."""

    field: str
    message: str


class ValidationFailed(DomainError):
    """Input breaks a rule; every problem names the field it concerns."""

    code = "validation-failed"

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))


class RuleViolated(ValidationFailed):
    """Well-formed input that breaks a rule across fields, or against today or what is stored
    (a conflict, not a malformed request); every problem still names its field."""

    code = "rule-violated"


class InvalidLevelSettings(RuleViolated):
    code = "invalid-level-settings"


class InvalidFeedback(ValidationFailed):
    code = "invalid-feedback"


class FeedbackAlreadyGiven(DomainError):
    code = "feedback-already-given"

    def __init__(self, invoice_id: str) -> None:
        self.invoice_id = invoice_id
        super().__init__("feedback was already given for this invoice")


class ThankYouAlreadyQueued(DomainError):
    code = "thank-you-already-queued"

    def __init__(self, invoice_id: str) -> None:
        self.invoice_id = invoice_id
        super().__init__(f"a thank-you e-mail is already due or sent for invoice {invoice_id}")


class NoBaseRate(DomainError):
    code = "no-base-rate"

    def __init__(self, day: object) -> None:
        super().__init__(f"no base interest rate is known for {day}")
