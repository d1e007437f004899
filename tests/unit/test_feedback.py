"""Feedback on thank-you e-mails (rule 6): validation, one per invoice, anonymized reports."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, datetime

import pytest

from automahntion.domain.errors import FeedbackAlreadyGiven, InvalidFeedback
from automahntion.domain.feedback import (
    Feedback,
    FeedbackReport,
    MonthReport,
    accept_feedback,
    check_token_strength,
    hash_token,
    report,
)

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def give(
    stars: int,
    comment: str | None = None,
    *,
    invoice_id: str = "INV-SECRET-0001",
    at: datetime = NOW,
) -> Feedback:
    return accept_feedback(None, invoice_id=invoice_id, stars=stars, comment=comment, now=at)


# --- accept_feedback ----------------------------------------------------------------------


@pytest.mark.parametrize("stars", [1, 2, 3, 4, 5])
def test_stars_one_to_five_are_accepted(stars: int) -> None:
    feedback = give(stars, "ok")
    assert feedback == Feedback("INV-SECRET-0001", stars, "ok", NOW)


@pytest.mark.parametrize("stars", [0, 6, -1, 10])
def test_stars_outside_one_to_five_are_refused(stars: int) -> None:
    with pytest.raises(InvalidFeedback) as caught:
        give(stars)
    assert [p.field for p in caught.value.problems] == ["stars"]
    assert caught.value.code == "invalid-feedback"


def test_comment_of_2000_characters_is_accepted() -> None:
    text = "x" * 2000
    assert give(4, text).comment == text


def test_comment_of_2001_characters_is_refused() -> None:
    with pytest.raises(InvalidFeedback) as caught:
        give(4, "x" * 2001)
    assert [p.field for p in caught.value.problems] == ["comment"]


def test_every_problem_is_named() -> None:
    with pytest.raises(InvalidFeedback) as caught:
        give(0, "y" * 2001)
    assert sorted(p.field for p in caught.value.problems) == ["comment", "stars"]


@pytest.mark.parametrize("blank", [None, "", "   ", "\n\t "])
def test_blank_comment_is_stored_as_none(blank: str | None) -> None:
    assert give(3, blank).comment is None


def test_comment_is_trimmed() -> None:
    assert give(5, "  Danke!  \n").comment == "Danke!"


def test_second_feedback_is_refused() -> None:
    first = give(5, "top")
    with pytest.raises(FeedbackAlreadyGiven) as caught:
        accept_feedback(first, invoice_id="INV-SECRET-0001", stars=1, comment=None, now=NOW)
    assert caught.value.invoice_id == "INV-SECRET-0001"
    assert caught.value.code == "feedback-already-given"


def test_second_feedback_is_refused_even_if_identical() -> None:
    first = give(4)
    with pytest.raises(FeedbackAlreadyGiven):
        accept_feedback(first, invoice_id="INV-SECRET-0001", stars=4, comment=None, now=NOW)


# --- tokens -------------------------------------------------------------------------------


def test_hash_token_is_deterministic_sha256_hex() -> None:
    token = "k3Y-random-token_value"
    hashed = hash_token(token)
    assert hashed == hash_token(token)
    assert hashed == hashlib.sha256(token.encode()).hexdigest()
    assert len(hashed) == 64
    assert set(hashed) <= set("0123456789abcdef")
    assert hashed != token
    assert token not in hashed


def test_hash_token_differs_per_token() -> None:
    assert hash_token("token-a") != hash_token("token-b")


def test_known_sha256_vector() -> None:
    assert hash_token("abc") == ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")


def test_token_needs_128_bits() -> None:
    check_token_strength(bytes(16))  # accepted
    with pytest.raises(ValueError, match="128"):
        check_token_strength(bytes(15))


# --- report -------------------------------------------------------------------------------

INVOICE_IDS = [f"INV-SECRET-{n:04d}" for n in range(1, 6)]


def utc(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def sample() -> list[Feedback]:
    ids = INVOICE_IDS
    return [
        give(5, "Zügig und freundlich", invoice_id=ids[0], at=utc(11, 3)),
        give(4, "alles gut", invoice_id=ids[1], at=utc(11, 10)),
        # 23:30 UTC on 30 November is 00:30 on 1 December in Berlin.
        give(1, "Mahnung kam zu früh", invoice_id=ids[2], at=utc(11, 30, 23, 30)),
        give(2, None, invoice_id=ids[3], at=utc(12, 15)),
        give(4, "Alles gut", invoice_id=ids[4], at=utc(12, 20)),
    ]


def test_report_counts_average_and_distribution() -> None:
    result = report(sample())
    assert result.count == 5
    assert result.average == 3.2
    assert result.distribution == {1: 1, 2: 1, 3: 0, 4: 2, 5: 1}


def test_report_groups_by_berlin_month() -> None:
    result = report(sample())
    assert result.months == (
        MonthReport("2026-11", 2, 4.5, ("Zügig und freundlich", "alles gut")),
        MonthReport("2026-12", 3, 2.33, ("Alles gut", "Mahnung kam zu früh")),
    )


def test_instant_at_month_end_utc_belongs_to_next_berlin_month() -> None:
    late = give(3, "spät", at=datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    assert [m.month for m in report([late]).months] == ["2026-12"]
    summer = give(3, "Sommer", at=datetime(2026, 6, 30, 22, 30, tzinfo=UTC))  # CEST, UTC+2
    assert [m.month for m in report([summer]).months] == ["2026-07"]
    before = give(3, "früh", at=datetime(2026, 11, 30, 22, 59, tzinfo=UTC))
    assert [m.month for m in report([before]).months] == ["2026-11"]


def test_report_comments_sorted_by_text_not_by_arrival() -> None:
    items = [
        give(3, "c", at=datetime(2026, 3, 1, 9, tzinfo=UTC)),
        give(3, "a", at=datetime(2026, 3, 2, 9, tzinfo=UTC)),
        give(3, "b", at=datetime(2026, 3, 3, 9, tzinfo=UTC)),
    ]
    assert report(items).months[0].comments == ("a", "b", "c")
    assert report(list(reversed(items))).months[0].comments == ("a", "b", "c")


def test_average_is_rounded_to_two_places() -> None:
    assert report([give(1), give(2), give(2)]).average == 1.67
    assert report([give(5), give(4), give(4)]).average == 4.33


def test_empty_report_has_all_five_stars() -> None:
    result = report([])
    assert result == FeedbackReport(
        count=0, average=None, distribution={1: 0, 2: 0, 3: 0, 4: 0, 5: 0}, months=()
    )


def test_distribution_always_lists_the_five_stars() -> None:
    assert report([give(5), give(5)]).distribution == {1: 0, 2: 0, 3: 0, 4: 0, 5: 2}


def test_report_carries_no_invoice_id() -> None:
    result = report(sample())
    text = f"{result!r} {result!s}"
    for invoice_id in INVOICE_IDS:
        assert invoice_id not in text
    assert "INV-SECRET" not in text
    assert "INV-SECRET" not in str(dataclasses.asdict(result))


@pytest.mark.parametrize("cls", [FeedbackReport, MonthReport])
def test_report_types_have_no_identifying_fields(cls: type) -> None:
    names = {f.name for f in dataclasses.fields(cls)}
    for forbidden in ("invoice", "contact", "email", "amount", "cents", "token"):
        assert not any(forbidden in name for name in names), (forbidden, names)
    assert names <= {"count", "average", "distribution", "months", "month", "comments"}


@pytest.mark.parametrize("stars", [True, 3.0, "4"])
def test_stars_must_be_a_whole_number_not_a_bool_float_or_text(stars: object) -> None:
    with pytest.raises(InvalidFeedback) as refused:
        accept_feedback(
            None,
            invoice_id="inv-x",
            stars=stars,
            comment=None,
            now=NOW,  # type: ignore[arg-type]
        )
    assert [p.field for p in refused.value.problems] == ["stars"]
