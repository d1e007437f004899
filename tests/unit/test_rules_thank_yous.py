"""Rule 5: first paid, first thanked — when a payment noticed by a sync was made."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from automahntion.domain.thanks import paid_at

NOTICED = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
markers = st.none() | st.datetimes(
    datetime(2026, 1, 1), datetime(2027, 12, 31), timezones=st.just(UTC)
)


def test_the_marker_that_moved_with_the_payment_is_when_it_was_paid() -> None:
    friday = NOTICED - timedelta(days=3)
    assert paid_at(NOTICED - timedelta(days=40), friday, NOTICED) == friday


def test_a_marker_that_did_not_move_or_is_missing_is_not_the_payments() -> None:
    old = NOTICED - timedelta(days=40)
    assert paid_at(old, old, NOTICED) == NOTICED
    assert paid_at(old, None, NOTICED) == NOTICED
    assert paid_at(None, None, NOTICED) == NOTICED


def test_a_marker_after_the_syncs_clock_is_the_syncs_clock() -> None:
    assert paid_at(None, NOTICED + timedelta(hours=2), NOTICED) == NOTICED


@given(before=markers, after=markers)
def test_a_payment_is_never_dated_after_it_was_noticed(
    before: datetime | None, after: datetime | None
) -> None:
    paid = paid_at(before, after, NOTICED)
    assert paid <= NOTICED
    assert paid in (NOTICED, after)
    if after is None or after == before:
        assert paid == NOTICED
