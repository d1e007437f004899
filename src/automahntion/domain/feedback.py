"""Feedback on a thank-you e-mail: one per invoice, reported anonymously (rule 6)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from automahntion.domain.calendar import berlin_month
from automahntion.domain.errors import FeedbackAlreadyGiven, FieldProblem, InvalidFeedback

MAX_COMMENT_CHARS = 2000
COMMENT_HAS_NUL = "contains a NUL character"
MIN_TOKEN_BYTES = 16
STARS = (1, 2, 3, 4, 5)


def hash_token(token: str) -> str:
    """Tokens are stored only as this hash."""
    return hashlib.sha256(token.encode()).hexdigest()


def check_token_strength(token_bytes: bytes) -> None:
    if len(token_bytes) < MIN_TOKEN_BYTES:
        raise ValueError("a feedback token needs at least 128 random bits")


@dataclass(frozen=True)
class Feedback:
    invoice_id: str
    stars: int
    comment: str | None
    given_at: datetime


def accept_feedback(
    existing: Feedback | None,
    *,
    invoice_id: str,
    stars: int,
    comment: str | None,
    now: datetime,
) -> Feedback:
    """Exactly one feedback per invoice; 1 = very unsatisfied, 5 = very satisfied."""
    if existing is not None:
        raise FeedbackAlreadyGiven(invoice_id)
    problems = []
    if type(stars) is not int or stars not in STARS:
        problems.append(FieldProblem("stars", "must be a whole number from 1 to 5"))
    text = (comment or "").strip() or None
    if text is not None and len(text) > MAX_COMMENT_CHARS:
        problems.append(FieldProblem("comment", f"at most {MAX_COMMENT_CHARS} characters"))
    elif text is not None and "\x00" in text:
        problems.append(FieldProblem("comment", COMMENT_HAS_NUL))
    if problems:
        raise InvalidFeedback(problems)
    return Feedback(invoice_id=invoice_id, stars=stars, comment=text, given_at=now)


@dataclass(frozen=True)
class MonthReport:
    month: str
    count: int
    average: float | None
    comments: tuple[str, ...]


@dataclass(frozen=True)
class Comment:
    month: str
    stars: int
    text: str


@dataclass(frozen=True)
class FeedbackReport:
    """Counts and comments only: nothing in it points back to an invoice or a person."""

    count: int
    average: float | None
    distribution: dict[int, int]
    months: tuple[MonthReport, ...]
    comments: tuple[Comment, ...] = ()
    """Sorted by month, then text: their order tells nothing of who wrote them."""


def month_of(feedback: Feedback) -> str:
    year, month = berlin_month(feedback.given_at)
    return f"{year:04d}-{month:02d}"


def in_months(
    feedback: Iterable[Feedback], first: str | None = None, last: str | None = None
) -> list[Feedback]:
    """Those given from month `first` through month `last` (YYYY-MM, both included)."""
    return [
        f
        for f in feedback
        if (first is None or month_of(f) >= first) and (last is None or month_of(f) <= last)
    ]


def _average(stars: list[int]) -> float | None:
    return round(sum(stars) / len(stars), 2) if stars else None


def report(feedback: Iterable[Feedback]) -> FeedbackReport:
    """Comments of a month are sorted by text, so their order tells nothing of who wrote them."""
    items = list(feedback)
    counts = Counter(f.stars for f in items)
    by_month: dict[str, list[Feedback]] = {}
    for item in items:
        by_month.setdefault(month_of(item), []).append(item)
    months = tuple(
        MonthReport(
            month=key,
            count=len(group),
            average=_average([f.stars for f in group]),
            comments=tuple(sorted(f.comment for f in group if f.comment)),
        )
        for key, group in sorted(by_month.items())
    )
    return FeedbackReport(
        count=len(items),
        average=_average([f.stars for f in items]),
        distribution={star: counts.get(star, 0) for star in STARS},
        months=months,
        comments=tuple(
            sorted(
                (Comment(month_of(f), f.stars, f.comment) for f in items if f.comment),
                key=lambda c: (c.month, c.text, c.stars),
            )
        ),
    )
