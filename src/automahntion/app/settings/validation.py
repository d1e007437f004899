"""The rules on a tenant's changes that the edges cannot check: they need the domain (display
names, the levels' order), the thank-you renderer or the stored values.

Problems name fields as the wire does (`thankYouBody`), levels as the domain does
(`levels.M2.days_after_due`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from automahntion.app.errors import AlreadyExists
from automahntion.app.settings.changes import (
    KEEP,
    AccountChange,
    Keep,
    LetterheadChange,
    SettingsChange,
)
from automahntion.app.tenants.records import TenantSettings
from automahntion.domain.display_names import bidi_problem
from automahntion.domain.errors import FieldProblem, InvalidLevelSettings
from automahntion.domain.levels import LevelSetting, validate_levels

TemplateCheck = Callable[[str], str | None]
"""Why a text cannot be a template, or None (the thank-you renderer's `check`)."""


class NoLevelEnabled(AlreadyExists):
    """Dunning cannot be switched on while every level is off: a conflict with the stored
    levels (409), not a bad value."""

    code = "no-level-enabled"

    def __init__(self) -> None:
        super().__init__(
            "levels", "switching dunning on needs an enabled level: enable one in /v1/levels"
        )


def _stripped(text: str | Keep) -> str | Keep:
    return text if isinstance(text, Keep) else text.strip()


def _deduplicated(addresses: tuple[str, ...] | Keep) -> tuple[str, ...] | Keep:
    return addresses if isinstance(addresses, Keep) else tuple(dict.fromkeys(addresses))


def normalized_account(change: AccountChange) -> AccountChange:
    """Names are stored without surrounding blanks."""
    return replace(change, name=_stripped(change.name))


def _normalized_letterhead(change: LetterheadChange | Keep) -> LetterheadChange | Keep:
    if isinstance(change, Keep):
        return change
    directors = change.managing_directors
    return replace(
        change,
        company_name=_stripped(change.company_name),
        street=_stripped(change.street),
        city=_stripped(change.city),
        seat=_stripped(change.seat),
        register_court=_stripped(change.register_court),
        register_number=_stripped(change.register_number),
        managing_directors=(
            directors if isinstance(directors, Keep) else tuple(d.strip() for d in directors)
        ),
    )


def normalized_settings(change: SettingsChange) -> SettingsChange:
    """Single-line texts are stored without surrounding blanks, an address once per list."""
    return replace(
        change,
        cc=_deduplicated(change.cc),
        bcc=_deduplicated(change.bcc),
        feedback_question=_stripped(change.feedback_question),
        thank_you_subject=_stripped(change.thank_you_subject),
        thank_you_subject_en=_stripped(change.thank_you_subject_en),
        letterhead=_normalized_letterhead(change.letterhead),
    )


def account_problems(change: AccountChange) -> list[FieldProblem]:
    if change.name is KEEP:
        return []
    problem = bidi_problem(change.name)
    return [] if problem is None else [FieldProblem("name", problem)]


def template_problems(change: SettingsChange, check: TemplateCheck | None) -> list[FieldProblem]:
    """The thank-you templates, tried in the renderer's sandbox; without it they cannot be
    changed."""
    problems = []
    for wire, text in (
        ("thankYouSubject", change.thank_you_subject),
        ("thankYouBody", change.thank_you_body),
        ("thankYouSubjectEn", change.thank_you_subject_en),
        ("thankYouBodyEn", change.thank_you_body_en),
    ):
        if isinstance(text, Keep):
            continue
        why = "cannot be checked here" if check is None else check(text)
        if why is not None:
            problems.append(FieldProblem(wire, why))
    return problems


def level_problems(
    levels: Sequence[LevelSetting], settings: TenantSettings, dunning_active: bool
) -> list[FieldProblem]:
    try:
        validate_levels(levels, min_gap_days=settings.min_gap_days, dunning_active=dunning_active)
    except InvalidLevelSettings as invalid:
        return list(invalid.problems)
    return []
