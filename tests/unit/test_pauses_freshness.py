"""Rule 3: Mahnstopp (pauses) and the payment-freshness gate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from automahntion.domain.errors import ValidationFailed
from automahntion.domain.freshness import (
    MAX_SYNC_AGE,
    confirmed_unpaid,
    still_as_stated,
    sync_is_fresh,
)
from automahntion.domain.invoices import Invoice, InvoiceKind, InvoiceStatus
from automahntion.domain.pauses import Pause, active_pause

S = InvoiceStatus
NOW = datetime(2026, 3, 16, 6, 0, tzinfo=UTC)  # a Monday morning cycle


def reread(*, status: InvoiceStatus = InvoiceStatus.OVERDUE, open_cents: int = 119_00) -> Invoice:
    return Invoice(
        lexoffice_id="inv-1",
        voucher_number="RE-2026-0001",
        voucher_date=date(2026, 2, 1),
        due_date=date(2026, 2, 15),
        total_cents=119_00,
        open_cents=open_cents,
        contact_id="contact-1",
        status=status,
        kind=InvoiceKind.INVOICE,
    )


# === pauses ===============================================================================


def test_pause_keeps_reason_and_end_date() -> None:
    pause = Pause(reason="Kunde hat Ratenzahlung vereinbart", until=date(2026, 4, 30))
    assert pause.reason == "Kunde hat Ratenzahlung vereinbart"
    assert pause.until == date(2026, 4, 30)
    assert Pause(reason="Reklamation").until is None


@pytest.mark.parametrize("blank", ["", " ", "   ", "\t", "\n", " \r\n "])
def test_blank_reason_is_refused(blank: str) -> None:
    with pytest.raises(ValidationFailed) as excinfo:
        Pause(reason=blank, until=date(2026, 4, 30))
    assert [p.field for p in excinfo.value.problems] == ["reason"]


@pytest.mark.parametrize(
    ("today", "active"),
    [
        (date(2026, 3, 1), True),  # set before the end date
        (date(2026, 4, 29), True),
        (date(2026, 4, 30), True),  # the end date itself is still paused
        (date(2026, 5, 1), False),  # dunning resumes the day after
        (date(2026, 5, 2), False),
        (date(2027, 4, 30), False),
    ],
)
def test_pause_is_active_through_until_inclusive(today: date, active: bool) -> None:
    assert Pause(reason="Ratenzahlung", until=date(2026, 4, 30)).is_active(today) is active


@pytest.mark.parametrize(
    "today", [date(2020, 1, 1), date(2026, 3, 16), date(2099, 12, 31), date.max]
)
def test_pause_without_end_date_is_active_forever(today: date) -> None:
    assert Pause(reason="Insolvenzverfahren").is_active(today) is True


def test_pause_ending_over_new_year() -> None:
    pause = Pause(reason="Betriebsferien", until=date(2026, 12, 31))
    assert pause.is_active(date(2026, 12, 31)) is True
    assert pause.is_active(date(2027, 1, 1)) is False


def test_active_pause_none_when_nothing_set() -> None:
    assert active_pause([], date(2026, 3, 16)) is None
    assert active_pause([None, None, None], date(2026, 3, 16)) is None


def test_active_pause_ignores_expired_pauses() -> None:
    expired = Pause(reason="alt", until=date(2026, 3, 15))
    assert active_pause([expired, None, expired], date(2026, 3, 16)) is None


@pytest.mark.parametrize("position", [0, 1, 2])
def test_active_pause_finds_a_pause_at_any_level(position: int) -> None:
    # Tenant, contact and invoice pauses: any one active pause holds the invoice.
    active = Pause(reason="Reklamation offen", until=date(2026, 3, 31))
    expired = Pause(reason="alt", until=date(2026, 3, 1))
    pauses: list[Pause | None] = [None, expired, None]
    pauses[position] = active
    assert active_pause(pauses, date(2026, 3, 16)) is active


def test_active_pause_with_several_active_returns_one_of_them() -> None:
    tenant = Pause(reason="Urlaub", until=date(2026, 3, 20))
    contact = Pause(reason="Vergleichsverhandlung")
    invoice = Pause(reason="Reklamation", until=date(2026, 3, 31))
    found = active_pause([tenant, contact, invoice], date(2026, 3, 16))
    assert found in (tenant, contact, invoice)
    # After the tenant's pause ended, the others still hold.
    later = active_pause([tenant, contact, invoice], date(2026, 3, 25))
    assert later in (contact, invoice)
    # After the invoice pause ended, the open-ended contact pause still holds.
    assert active_pause([tenant, contact, invoice], date(2026, 4, 1)) is contact


def test_active_pause_accepts_any_iterable() -> None:
    pause = Pause(reason="Reklamation")
    assert active_pause(iter([None, pause]), date(2026, 3, 16)) is pause
    assert active_pause((p for p in [None, pause]), date(2026, 3, 16)) is pause


_days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
_pauses = st.none() | st.builds(Pause, reason=st.just("Grund"), until=st.none() | _days)


@given(pauses=st.lists(_pauses, max_size=3), today=_days)
def test_active_pause_is_active_iff_any_pause_is(pauses: list[Pause | None], today: date) -> None:
    found = active_pause(pauses, today)
    any_active = any(p is not None and p.is_active(today) for p in pauses)
    if any_active:
        assert found is not None
        assert found in pauses
        assert found.is_active(today)
    else:
        assert found is None


@given(until=_days, today=_days)
def test_pause_activity_matches_end_date(until: date, today: date) -> None:
    assert Pause(reason="Grund", until=until).is_active(today) is (today <= until)


# === freshness ============================================================================


def test_max_sync_age_is_26_hours() -> None:
    assert timedelta(hours=26) == MAX_SYNC_AGE


@pytest.mark.parametrize(
    ("age", "fresh"),
    [
        (timedelta(0), True),
        (timedelta(minutes=5), True),
        (timedelta(hours=24), True),
        (timedelta(hours=25, minutes=59, seconds=59), True),
        (timedelta(hours=26), True),  # exactly 26 hours is still fresh
        (timedelta(hours=26, seconds=1), False),
        (timedelta(hours=26, microseconds=1), False),
        (timedelta(hours=27), False),
        (timedelta(days=3), False),
    ],
)
def test_sync_age_limit(age: timedelta, fresh: bool) -> None:
    assert sync_is_fresh(NOW - age, NOW) is fresh


def test_never_synced_is_stale() -> None:
    assert sync_is_fresh(None, NOW) is False


@pytest.mark.parametrize(
    "ahead", [timedelta(seconds=1), timedelta(hours=5), timedelta(hours=30), timedelta(days=10)]
)
def test_sync_later_than_the_clock_is_fresh(ahead: timedelta) -> None:
    # A what-if run with --as-of in the past sees a sync recorded "after" its clock.
    assert sync_is_fresh(NOW + ahead, NOW) is True


def test_freshness_compares_instants_across_timezones() -> None:
    # 2026-03-15 06:00 Berlin (CET) is 05:00 UTC: 25h before NOW, so fresh.
    cet = timezone(timedelta(hours=1))
    assert sync_is_fresh(datetime(2026, 3, 15, 6, 0, tzinfo=cet), NOW) is True
    # 2026-03-15 04:00 UTC expressed in CET is 26h before NOW: still fresh, one second more not.
    assert sync_is_fresh(datetime(2026, 3, 15, 5, 0, tzinfo=cet), NOW) is True
    assert sync_is_fresh(datetime(2026, 3, 15, 4, 59, 59, tzinfo=cet), NOW) is False


@given(
    now=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
    ),
    age_seconds=st.integers(min_value=-10 * 86_400, max_value=10 * 86_400),
)
def test_fresh_iff_at_most_26_hours_old(now: datetime, age_seconds: int) -> None:
    last = now - timedelta(seconds=age_seconds)
    assert sync_is_fresh(last, now) is (age_seconds <= 26 * 3600)


# --- confirmed_unpaid: the re-read right before a send -------------------------------------


def test_failed_reread_is_not_confirmed() -> None:
    assert confirmed_unpaid(None) is False


@pytest.mark.parametrize(
    ("status", "open_cents"),
    [
        (S.OPEN, 119_00),
        (S.OVERDUE, 119_00),
        (S.OVERDUE, 19_00),  # partly paid: still to be dunned for the rest
        (S.OPEN, 1),
    ],
)
def test_unpaid_reread_is_confirmed(status: InvoiceStatus, open_cents: int) -> None:
    assert confirmed_unpaid(reread(status=status, open_cents=open_cents)) is True


@pytest.mark.parametrize(
    ("status", "open_cents"),
    [
        pytest.param(S.PAID, 0, id="paid"),
        pytest.param(S.PAID, 119_00, id="paid-stale-amount"),
        pytest.param(S.PAIDOFF, 0, id="paidoff"),
        pytest.param(S.VOIDED, 119_00, id="voided"),
        pytest.param(S.TRANSFERRED, 119_00, id="transferred"),
        pytest.param(S.SEPADEBIT, 119_00, id="sepadebit"),
        pytest.param(S.OPEN, 0, id="open-zero"),
        pytest.param(S.OVERDUE, 0, id="overdue-zero"),
        pytest.param(S.OVERDUE, -100, id="overdue-credit"),
    ],
)
def test_paid_voided_in_payment_or_zero_rereads_are_refused(
    status: InvoiceStatus, open_cents: int
) -> None:
    assert confirmed_unpaid(reread(status=status, open_cents=open_cents)) is False


@given(
    status=st.sampled_from(InvoiceStatus),
    open_cents=st.integers(min_value=-10_000, max_value=10_000_000),
)
def test_confirmed_unpaid_only_for_open_debts(status: InvoiceStatus, open_cents: int) -> None:
    confirmed = confirmed_unpaid(reread(status=status, open_cents=open_cents))
    assert confirmed is (status in {S.OPEN, S.OVERDUE} and open_cents > 0)


@given(
    status=st.sampled_from(InvoiceStatus),
    open_cents=st.integers(min_value=-1_000_00, max_value=1_000_00),
    stated=st.integers(min_value=1, max_value=1_000_00),
)
def test_the_last_look_lets_a_message_go_only_for_what_the_re_check_would_still_confirm(
    status: InvoiceStatus, open_cents: int, stated: int
) -> None:
    """At the hand-over, the invoice as stored now: as the gate's re-read would decide, and
    never for more than is open."""
    expected = confirmed_unpaid(reread(status=status, open_cents=open_cents)) and (
        stated <= open_cents
    )
    assert still_as_stated(status, open_cents, stated) is expected
