"""Rule 3: which level, if any, goes out for one invoice on one day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from automahntion.domain.calendar import SendingCalendar
from automahntion.domain.escalation import (
    Decision,
    DunningState,
    Hold,
    Send,
    SentLevel,
    Wait,
    decide,
)
from automahntion.domain.invoices import Invoice, InvoiceKind, InvoiceStatus
from automahntion.domain.levels import CatchUp, DunningPolicy, Level, LevelSetting
from automahntion.domain.pauses import Pause
from automahntion.domain.recipients import BlockReason

DUE = date(2026, 11, 2)  # a Monday; +3 Thu, +14 Mon, +28 Mon, +42 Mon
CAL = SendingCalendar()
DEFAULT = DunningPolicy.default()
HIGHEST = DunningPolicy.create(DEFAULT.levels, catch_up=CatchUp.HIGHEST)


def day(n: int, due: date = DUE) -> date:
    """The day `n` days after the due date."""
    return due + timedelta(days=n)


def invoice(
    *,
    status: InvoiceStatus = InvoiceStatus.OVERDUE,
    open_cents: int = 119_00,
    total_cents: int = 119_00,
    due: date = DUE,
    kind: InvoiceKind = InvoiceKind.INVOICE,
) -> Invoice:
    return Invoice(
        lexoffice_id="inv-1",
        voucher_number="RE-0001",
        voucher_date=due - timedelta(days=14),
        due_date=due,
        total_cents=total_cents,
        open_cents=open_cents,
        contact_id="c-1",
        status=status,
        kind=kind,
    )


def sent(*entries: tuple[Level, int], due: date = DUE) -> tuple[SentLevel, ...]:
    """History entries as (level, days after due)."""
    return tuple(SentLevel(level, day(n, due)) for level, n in entries)


def state(
    *entries: tuple[Level, int],
    inv: Invoice | None = None,
    **kwargs: object,
) -> DunningState:
    the_invoice = inv if inv is not None else invoice()
    return DunningState(the_invoice, sent(*entries, due=the_invoice.due_date), **kwargs)  # type: ignore[arg-type]


def policy(
    *changes: LevelSetting,
    min_gap_days: int = 7,
    catch_up: CatchUp = CatchUp.NEXT,
) -> DunningPolicy:
    levels = {s.level: s for s in DEFAULT.levels}
    for setting in changes:
        levels[setting.level] = setting
    return DunningPolicy.create(levels.values(), min_gap_days=min_gap_days, catch_up=catch_up)


def run(
    st: DunningState,
    n: int,
    pol: DunningPolicy = DEFAULT,
    cal: SendingCalendar = CAL,
) -> Decision:
    return decide(st, pol, cal, day(n, st.invoice.due_date))


# --- the first level ------------------------------------------------------------------------


def test_first_level_goes_out_exactly_on_its_day() -> None:
    assert run(state(), 3) == Send(Level.R1)


def test_first_level_waits_the_day_before() -> None:
    assert run(state(), 2) == Wait(Hold.NOT_YET_DUE, Level.R1)


def test_on_the_due_date_nothing_is_sent_even_if_lexoffice_says_overdue() -> None:
    assert run(state(inv=invoice(status=InvoiceStatus.OVERDUE)), 0) == Wait(Hold.NOT_OVERDUE)


def test_an_open_invoice_past_its_due_date_counts_as_overdue() -> None:
    assert run(state(inv=invoice(status=InvoiceStatus.OPEN)), 3) == Send(Level.R1)


def test_a_level_at_zero_days_goes_out_on_the_first_overdue_day() -> None:
    pol = policy(LevelSetting(Level.R1, True, 0))
    assert run(state(), 0, pol) == Wait(Hold.NOT_OVERDUE)
    assert run(state(), 1, pol) == Send(Level.R1)


def test_partly_paid_invoice_keeps_escalating() -> None:
    st = state((Level.R1, 3), inv=invoice(open_cents=50_00, total_cents=119_00))
    assert run(st, 14) == Send(Level.M1)


def test_revenue_voucher_is_dunned_like_an_invoice() -> None:
    assert run(state(inv=invoice(kind=InvoiceKind.VOUCHER)), 3) == Send(Level.R1)


# --- the default sequence -------------------------------------------------------------------


def test_default_sequence_r1_m1_m2_m3_then_finished() -> None:
    assert run(state(), 3) == Send(Level.R1)
    assert run(state((Level.R1, 3)), 11) == Wait(Hold.NOT_YET_DUE, Level.M1)
    assert run(state((Level.R1, 3)), 14) == Send(Level.M1)
    history: tuple[tuple[Level, int], ...] = ((Level.R1, 3), (Level.M1, 14))
    assert run(state(*history), 25) == Wait(Hold.NOT_YET_DUE, Level.M2)
    assert run(state(*history), 28) == Send(Level.M2)
    history += ((Level.M2, 28),)
    assert run(state(*history), 39) == Wait(Hold.NOT_YET_DUE, Level.M3)
    assert run(state(*history), 42) == Send(Level.M3)
    history += ((Level.M3, 42),)
    assert run(state(*history), 49) == Wait(Hold.FINISHED)


def test_after_m3_nothing_more_even_much_later() -> None:
    st = state((Level.R1, 3), (Level.M1, 14), (Level.M2, 28), (Level.M3, 42))
    assert run(st, 70) == Wait(Hold.FINISHED)
    assert run(st, 70, HIGHEST) == Wait(Hold.FINISHED)


def test_finished_when_the_highest_enabled_level_was_sent() -> None:
    pol = policy(LevelSetting(Level.M3, False, 42))
    assert run(state((Level.R1, 3), (Level.M1, 14), (Level.M2, 28)), 49, pol) == Wait(Hold.FINISHED)


# --- catch-up -------------------------------------------------------------------------------


def test_next_mode_never_skips_when_far_overdue() -> None:
    assert run(state(), 50) == Send(Level.R1)


def test_next_mode_walks_every_enabled_level_with_the_gap() -> None:
    assert run(state((Level.R1, 50)), 51) == Wait(Hold.GAP, Level.M1)
    assert run(state((Level.R1, 50)), 56) == Wait(Hold.GAP, Level.M1)
    assert run(state((Level.R1, 50)), 57) == Send(Level.M1)
    assert run(state((Level.R1, 50), (Level.M1, 57)), 64) == Send(Level.M2)


def test_next_mode_far_overdue_with_r1_sent_sends_m1_not_m3() -> None:
    assert run(state((Level.R1, 3)), 50) == Send(Level.M1)


def test_highest_mode_far_overdue_sends_the_highest_reached_level() -> None:
    assert run(state(), 50, HIGHEST) == Send(Level.M3)


def test_highest_mode_picks_highest_reached_above_last() -> None:
    assert run(state((Level.R1, 3)), 30, HIGHEST) == Send(Level.M2)
    assert run(state((Level.R1, 3)), 21, HIGHEST) == Send(Level.M1)
    assert run(state(), 17, HIGHEST) == Send(Level.M1)


def test_highest_mode_waits_when_nothing_above_last_is_reached() -> None:
    assert run(state((Level.R1, 3)), 11, HIGHEST) == Wait(Hold.NOT_YET_DUE, Level.M1)
    assert run(state(), 2, HIGHEST) == Wait(Hold.NOT_YET_DUE, Level.R1)


def test_highest_mode_respects_the_gap() -> None:
    st = state((Level.R1, 40))
    assert run(st, 44, HIGHEST) == Wait(Hold.GAP, Level.M1)
    assert run(st, 46, HIGHEST) == Wait(Hold.GAP, Level.M1)
    assert run(st, 49, HIGHEST) == Send(Level.M3)  # day 47 is a Saturday


# --- the minimum gap ------------------------------------------------------------------------


def test_gap_holds_back_a_level_whose_day_is_reached() -> None:
    st = state((Level.R1, 10))
    assert run(st, 14) == Wait(Hold.GAP, Level.M1)
    assert run(st, 16) == Wait(Hold.GAP, Level.M1)
    assert run(st, 17) == Send(Level.M1)


def test_gap_is_counted_from_the_latest_message() -> None:
    # M1 went out late, on day 24: M2 (28) waits until day 31 although 28 is reached.
    st = state((Level.R1, 3), (Level.M1, 24))
    assert run(st, 28) == Wait(Hold.GAP, Level.M2)
    assert run(st, 30) == Wait(Hold.GAP, Level.M2)
    assert run(st, 31) == Send(Level.M2)


def test_gap_is_counted_from_the_latest_date_whatever_the_history_order() -> None:
    st = DunningState(invoice(), (SentLevel(Level.M1, day(24)), SentLevel(Level.R1, day(3))))
    assert run(st, 28) == Wait(Hold.GAP, Level.M2)
    assert run(st, 31) == Send(Level.M2)


def test_a_custom_gap_is_used() -> None:
    pol = policy(min_gap_days=14)
    st = state((Level.R1, 3))
    assert run(st, 14, pol) == Wait(Hold.GAP, Level.M1)
    assert run(st, 16, pol) == Wait(Hold.GAP, Level.M1)
    assert run(st, 17, pol) == Send(Level.M1)


def test_zero_gap_never_allows_two_messages_on_one_day() -> None:
    pol = policy(min_gap_days=0)
    assert run(state(), 50, pol) == Send(Level.R1)
    assert run(state((Level.R1, 50)), 50, pol) == Wait(Hold.ALREADY_SENT_TODAY, Level.M1)
    assert run(state((Level.R1, 50)), 51, pol) == Send(Level.M1)


def test_zero_gap_in_highest_mode_never_allows_two_messages_on_one_day() -> None:
    pol = policy(min_gap_days=0, catch_up=CatchUp.HIGHEST)
    st = state((Level.R1, 16))
    assert run(st, 16, pol) == Wait(Hold.ALREADY_SENT_TODAY, Level.M1)
    assert run(st, 17, pol) == Send(Level.M1)


def test_a_rerun_on_the_day_of_a_send_waits_with_the_default_gap() -> None:
    assert isinstance(run(state((Level.R1, 3)), 3), Wait)
    assert isinstance(run(state((Level.R1, 3)), 3, HIGHEST), Wait)


# --- disabled levels ------------------------------------------------------------------------


def test_disabled_reminders_are_skipped_in_next_mode() -> None:
    # R2 is off by default although its day (10) lies between R1 and M1.
    assert run(state((Level.R1, 3)), 10) == Wait(Hold.NOT_YET_DUE, Level.M1)
    assert run(state((Level.R1, 3)), 14) == Send(Level.M1)


def test_disabled_reminders_are_skipped_in_highest_mode() -> None:
    assert run(state((Level.R1, 3)), 11, HIGHEST) == Wait(Hold.NOT_YET_DUE, Level.M1)
    assert run(state((Level.R1, 3)), 14, HIGHEST) == Send(Level.M1)


def test_highest_mode_does_not_pick_a_disabled_higher_level() -> None:
    pol = policy(LevelSetting(Level.M3, False, 42), catch_up=CatchUp.HIGHEST)
    assert run(state(), 50, pol) == Send(Level.M2)


def test_enabled_reminder_is_sent_in_order() -> None:
    pol = policy(LevelSetting(Level.R2, True, 10))
    assert run(state((Level.R1, 3)), 10, pol) == Send(Level.R2)
    assert run(state((Level.R1, 3), (Level.R2, 10)), 14, pol) == Wait(Hold.GAP, Level.M1)
    assert run(state((Level.R1, 3), (Level.R2, 10)), 17, pol) == Send(Level.M1)


def test_first_enabled_level_can_be_a_dunning_notice() -> None:
    pol = policy(LevelSetting(Level.R1, False, 3))
    assert run(state(), 3, pol) == Wait(Hold.NOT_YET_DUE, Level.M1)
    assert run(state(), 14, pol) == Send(Level.M1)


# --- settings changed after a level was sent ------------------------------------------------


def test_disabling_a_sent_level_moves_on_to_the_next() -> None:
    pol = policy(LevelSetting(Level.R1, False, 3))
    st = state((Level.R1, 3))
    assert run(st, 7, pol) == Wait(Hold.NOT_YET_DUE, Level.M1)
    assert run(st, 14, pol) == Send(Level.M1)


def test_lowering_days_of_a_sent_level_does_not_resend_it() -> None:
    pol = policy(LevelSetting(Level.R1, True, 1))
    st = state((Level.R1, 3))
    assert run(st, 4, pol) == Wait(Hold.NOT_YET_DUE, Level.M1)
    assert run(st, 14, pol) == Send(Level.M1)


def test_raising_days_of_a_sent_level_does_not_resend_it() -> None:
    pol = policy(LevelSetting(Level.R1, True, 10))
    st = state((Level.R1, 3))
    assert run(st, 10, pol) == Wait(Hold.NOT_YET_DUE, Level.M1)
    assert run(st, 14, pol) == Send(Level.M1)


def test_raising_days_of_the_next_level_delays_it() -> None:
    pol = policy(LevelSetting(Level.M1, True, 21))
    st = state((Level.R1, 3))
    assert run(st, 14, pol) == Wait(Hold.NOT_YET_DUE, Level.M1)
    assert run(st, 17, pol) == Wait(Hold.NOT_YET_DUE, Level.M1)
    assert run(st, 21, pol) == Send(Level.M1)


def test_lowering_days_of_the_next_level_still_keeps_the_gap() -> None:
    pol = policy(LevelSetting(Level.M1, True, 5))
    st = state((Level.R1, 3))
    assert run(st, 7, pol) == Wait(Hold.GAP, Level.M1)
    assert run(st, 10, pol) == Send(Level.M1)


def test_a_sent_level_now_disabled_still_counts_as_last() -> None:
    # R1 and M1 went out; now M1 is off and R2 is on. Next is M2, never R2 or R1.
    pol = policy(LevelSetting(Level.M1, False, 14), LevelSetting(Level.R2, True, 10))
    st = state((Level.R1, 3), (Level.M1, 14))
    assert run(st, 21, pol) == Wait(Hold.NOT_YET_DUE, Level.M2)
    assert run(st, 28, pol) == Send(Level.M2)
    assert run(st, 28, replace(pol, catch_up=CatchUp.HIGHEST)) == Send(Level.M2)


def test_enabling_a_lower_level_later_never_sends_it() -> None:
    pol = policy(LevelSetting(Level.R3, True, 12))
    st = state((Level.R1, 3), (Level.M1, 14))
    assert run(st, 21, pol) == Wait(Hold.NOT_YET_DUE, Level.M2)
    assert run(st, 28, pol) == Send(Level.M2)


def test_a_disabled_top_level_in_the_history_finishes() -> None:
    pol = policy(LevelSetting(Level.M3, False, 42))
    st = state((Level.R1, 3), (Level.M3, 42))
    assert run(st, 63, pol) == Wait(Hold.FINISHED)


# --- holds: the calendar --------------------------------------------------------------------


def test_nothing_is_sent_on_a_weekend_and_it_is_not_lost() -> None:
    # R1 would be due on Thursday, day 3; the cycle did not run until the weekend.
    assert run(state(), 5) == Wait(Hold.NOT_A_SENDING_DAY)  # Saturday
    assert run(state(), 6) == Wait(Hold.NOT_A_SENDING_DAY)  # Sunday
    assert run(state(), 7) == Send(Level.R1)  # Monday


def test_weekend_sending_when_the_tenant_allows_it() -> None:
    cal = SendingCalendar(send_on_weekends=True)
    assert run(state(), 5, cal=cal) == Send(Level.R1)


def test_gap_ending_on_a_weekend_sends_on_the_next_sending_day() -> None:
    st = state((Level.R1, 40))  # sent on a Saturday by a tenant that sent on weekends then
    assert run(st, 47) == Wait(Hold.NOT_A_SENDING_DAY)
    assert run(st, 49) == Send(Level.M1)


HOLIDAY_DUE = date(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize("weekends", [False, True])
@pytest.mark.parametrize("holiday", [date(2026, 12, 25), date(2026, 12, 26)], ids=str)
def test_nothing_is_sent_on_a_nationwide_holiday(weekends: bool, holiday: date) -> None:
    # 25 December 2026 is a Friday, 26 December a Saturday: closed even with weekend sending.
    cal = SendingCalendar(send_on_weekends=weekends)
    st = state(inv=invoice(due=HOLIDAY_DUE))
    assert decide(st, DEFAULT, cal, holiday) == Wait(Hold.NOT_A_SENDING_DAY)


def test_german_unity_day_on_a_weekday_is_not_a_sending_day() -> None:
    # 3 October 2025 is a Friday.
    st = state(inv=invoice(due=date(2025, 9, 1)))
    assert decide(st, DEFAULT, CAL, date(2025, 10, 3)) == Wait(Hold.NOT_A_SENDING_DAY)
    assert decide(st, DEFAULT, CAL, date(2025, 10, 2)) == Send(Level.R1)


@pytest.mark.parametrize("eve", [date(2026, 12, 24), date(2026, 12, 31)])
def test_christmas_eve_and_new_years_eve_are_not_sending_days(eve: date) -> None:
    st = state(inv=invoice(due=HOLIDAY_DUE))
    assert decide(st, DEFAULT, CAL, eve) == Wait(Hold.NOT_A_SENDING_DAY)


@pytest.mark.parametrize("eve", [date(2026, 12, 24), date(2026, 12, 31)])
def test_the_eves_open_with_weekend_sending(eve: date) -> None:
    st = state(inv=invoice(due=HOLIDAY_DUE))
    cal = SendingCalendar(send_on_weekends=True)
    assert decide(st, DEFAULT, cal, eve) == Send(Level.R1)


def test_a_regional_holiday_counts_only_for_its_bundesland() -> None:
    # Buß- und Bettag, 18 November 2026 (day 16), is a holiday only in Saxony.
    assert run(state(), 16, cal=SendingCalendar(bundesland="SN")) == Wait(Hold.NOT_A_SENDING_DAY)
    assert run(state(), 16, cal=SendingCalendar(bundesland="BY")) == Send(Level.R1)
    assert run(state(), 16) == Send(Level.R1)


# --- holds: the invoice ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [InvoiceStatus.PAID, InvoiceStatus.PAIDOFF, InvoiceStatus.VOIDED], ids=str
)
def test_closed_invoices_are_never_dunned(status: InvoiceStatus) -> None:
    st = state((Level.R1, 3), inv=invoice(status=status))
    assert run(st, 14) == Wait(Hold.CLOSED)
    paid_in_full = run(state(inv=invoice(status=status, open_cents=0)), 3)
    assert isinstance(paid_in_full, Wait)
    assert paid_in_full.hold in {Hold.CLOSED, Hold.NOTHING_OPEN}


@pytest.mark.parametrize("status", [InvoiceStatus.TRANSFERRED, InvoiceStatus.SEPADEBIT], ids=str)
def test_payment_in_progress_is_never_dunned(status: InvoiceStatus) -> None:
    st = state((Level.R1, 3), inv=invoice(status=status))
    assert run(st, 14) == Wait(Hold.PAYMENT_IN_PROGRESS)
    assert run(st, 14, HIGHEST) == Wait(Hold.PAYMENT_IN_PROGRESS)


def test_falling_back_to_open_after_a_payment_in_progress_dunns_again() -> None:
    st = state((Level.R1, 3), inv=invoice(status=InvoiceStatus.OPEN))
    assert run(st, 14) == Send(Level.M1)


@pytest.mark.parametrize("open_cents", [0, -100])
def test_nothing_open_is_never_dunned(open_cents: int) -> None:
    st = state(inv=invoice(open_cents=open_cents))
    assert run(st, 3) == Wait(Hold.NOTHING_OPEN)
    assert run(st, 50, HIGHEST) == Wait(Hold.NOTHING_OPEN)


def test_an_invoice_not_yet_due_is_not_overdue() -> None:
    st = state(inv=invoice(status=InvoiceStatus.OPEN))
    assert run(st, -5) == Wait(Hold.NOT_OVERDUE)
    assert run(st, 0) == Wait(Hold.NOT_OVERDUE)


# --- holds: admission, blocks, hand-over ----------------------------------------------------


@pytest.mark.parametrize("reason", list(BlockReason), ids=str)
def test_blocked_invoices_are_never_dunned(reason: BlockReason) -> None:
    assert run(state(blocked=reason), 3) == Wait(Hold.BLOCKED)


def test_handed_over_invoices_are_never_dunned() -> None:
    st = state((Level.R1, 3), (Level.M1, 14), handed_over=True)
    assert run(st, 28) == Wait(Hold.HANDED_OVER)


def test_invoices_not_admitted_are_never_dunned() -> None:
    assert run(state(admitted=False), 3) == Wait(Hold.NOT_ADMITTED)
    assert run(state(admitted=False), 50, HIGHEST) == Wait(Hold.NOT_ADMITTED)


# --- holds: pauses --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "position", [0, 1, 2], ids=["tenant_pause", "contact_pause", "invoice_pause"]
)
def test_any_pause_holds_the_invoice(position: int) -> None:
    pauses: list[Pause | None] = [None, None, None]
    pauses[position] = Pause("Kunde hat Ratenzahlung vereinbart")
    st = state((Level.R1, 3), pauses=tuple(pauses))
    assert run(st, 14) == Wait(Hold.PAUSED)
    assert run(st, 63, HIGHEST) == Wait(Hold.PAUSED)


def test_a_pause_holds_up_to_and_including_its_end_date() -> None:
    st = state(pauses=(Pause("Reklamation", until=day(7)),))
    assert run(st, 3) == Wait(Hold.PAUSED)
    assert run(st, 7) == Wait(Hold.PAUSED)


def test_dunning_resumes_the_day_after_the_pause_ended() -> None:
    st = state(pauses=(None, Pause("Reklamation", until=day(7)), None))
    assert run(st, 8) == Send(Level.R1)


def test_a_pause_that_ended_yesterday_lets_the_due_level_go_out() -> None:
    st = state((Level.R1, 3), pauses=(Pause("Urlaub", until=day(21)),))
    assert run(st, 21) == Wait(Hold.PAUSED)
    assert run(st, 22) == Send(Level.M1)


def test_one_active_pause_among_ended_ones_holds() -> None:
    st = state(
        pauses=(Pause("alt", until=day(1)), None, Pause("neu", until=day(30))),
    )
    assert run(st, 14) == Wait(Hold.PAUSED)
    assert run(st, 31) == Send(Level.R1)


# --- DunningState ---------------------------------------------------------------------------


def test_state_without_history_has_no_last() -> None:
    st = state()
    assert st.last is None
    assert st.last_sent_on is None


def test_last_is_the_highest_level_by_level_order_not_by_string() -> None:
    # As strings "R2" > "M1"; as levels M1 is higher.
    st = DunningState(
        invoice(),
        (SentLevel(Level.M1, day(14)), SentLevel(Level.R2, day(10)), SentLevel(Level.R1, day(3))),
    )
    assert st.last == SentLevel(Level.M1, day(14))
    assert st.last_sent_on == day(14)


def test_last_sent_on_is_the_latest_date_in_the_history() -> None:
    st = DunningState(invoice(), (SentLevel(Level.M1, day(14)), SentLevel(Level.R1, day(21))))
    assert st.last is not None
    assert st.last.level is Level.M1
    assert st.last_sent_on == day(21)


def test_state_defaults() -> None:
    st = DunningState(invoice())
    assert st.history == ()
    assert st.admitted is True
    assert st.blocked is None
    assert st.handed_over is False
    assert tuple(st.pauses) == ()


def test_a_tenant_with_dunning_switched_off_gets_nothing_sent() -> None:
    off = DunningPolicy.create(DEFAULT.levels, dunning_active=False)
    assert decide(state(), off, CAL, day(30)) == Wait(Hold.DUNNING_OFF)
    assert decide(state(), DEFAULT, CAL, day(30)) == Send(Level.R1)
