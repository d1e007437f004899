"""Rule 3: the nine levels, their order, defaults and the validation of a tenant's settings."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest

from automahntion.domain.errors import InvalidLevelSettings, ValidationFailed
from automahntion.domain.levels import (
    DEFAULT_MIN_GAP_DAYS,
    LEVELS,
    MAX_PAYMENT_DAYS,
    CatchUp,
    DunningPolicy,
    Level,
    LevelSetting,
    default_levels,
    validate_levels,
)

ORDER = [
    Level.R1,
    Level.R2,
    Level.R3,
    Level.R4,
    Level.R5,
    Level.R6,
    Level.M1,
    Level.M2,
    Level.M3,
]


def settings(**changes: LevelSetting) -> list[LevelSetting]:
    """The default settings with some levels replaced (keyed by level name)."""
    result = list(default_levels())
    for name, setting in changes.items():
        assert setting.level == Level(name)
        result[ORDER.index(Level(name))] = setting
    return result


def problem_fields(error: ValidationFailed) -> set[str]:
    return {p.field for p in error.problems}


def refused_fields(levels: list[LevelSetting], **kwargs: object) -> set[str]:
    with pytest.raises(InvalidLevelSettings) as caught:
        validate_levels(levels, **kwargs)  # type: ignore[arg-type]
    return problem_fields(caught.value)


# --- order ---------------------------------------------------------------------------------


def test_there_are_nine_levels_in_fixed_order() -> None:
    assert list(Level) == ORDER
    assert list(LEVELS) == ORDER
    assert [str(level) for level in LEVELS] == [
        "R1",
        "R2",
        "R3",
        "R4",
        "R5",
        "R6",
        "M1",
        "M2",
        "M3",
    ]


@pytest.mark.parametrize(
    ("a", "b"), list(itertools.product(ORDER, ORDER)), ids=lambda level: str(level)
)
def test_comparisons_follow_level_order(a: Level, b: Level) -> None:
    i, j = ORDER.index(a), ORDER.index(b)
    assert (a < b) is (i < j)
    assert (a <= b) is (i <= j)
    assert (a > b) is (i > j)
    assert (a >= b) is (i >= j)
    assert (a == b) is (i == j)


def test_dunning_notices_rank_above_all_reminders_unlike_strings() -> None:
    # As plain strings "M1" < "R2"; as levels every M-level is above every R-level.
    assert "M1" < "R2"
    assert Level.M1 > Level.R2
    assert not Level.M1 < Level.R2
    assert Level.M1 >= Level.R6
    assert Level.R6 <= Level.M1
    assert Level.M3 > Level.R1
    for reminder in ORDER[:6]:
        for notice in ORDER[6:]:
            assert reminder < notice
            assert notice > reminder


def test_sorting_min_and_max_use_level_order() -> None:
    shuffled = ORDER.copy()
    random.Random(4711).shuffle(shuffled)
    assert sorted(shuffled) == ORDER
    assert sorted(shuffled, reverse=True) == ORDER[::-1]
    assert max([Level.R6, Level.M1, Level.R2]) is Level.M1
    assert min([Level.M2, Level.R3, Level.M1]) is Level.R3
    assert sorted([Level.R2, Level.M1, Level.R1]) == [Level.R1, Level.R2, Level.M1]


def test_rank_is_position_in_order() -> None:
    assert [level.rank for level in ORDER] == list(range(9))


def test_comparing_a_level_with_a_plain_string_is_refused() -> None:
    # A silent string comparison would put "M1" below "R2".
    with pytest.raises(TypeError):
        _ = Level.M1 < "R2"


def test_only_m_levels_are_dunning_notices() -> None:
    assert [level.is_dunning_notice for level in ORDER] == [False] * 6 + [True] * 3


# --- defaults ------------------------------------------------------------------------------


def test_default_levels_are_exactly_as_specified() -> None:
    assert default_levels() == (
        LevelSetting(Level.R1, True, 3),
        LevelSetting(Level.R2, False, 10),
        LevelSetting(Level.R3, False, 17),
        LevelSetting(Level.R4, False, 24),
        LevelSetting(Level.R5, False, 31),
        LevelSetting(Level.R6, False, 38),
        LevelSetting(Level.M1, True, 14),
        LevelSetting(Level.M2, True, 28),
        LevelSetting(Level.M3, True, 42),
    )


def test_default_levels_carry_no_post_registered_or_fee() -> None:
    for setting in default_levels():
        assert setting.by_post is False
        assert setting.registered is False
        assert setting.fee_cents == 0


def test_default_policy_gap_and_catch_up() -> None:
    policy = DunningPolicy.default()
    assert DEFAULT_MIN_GAP_DAYS == 7
    assert policy.min_gap_days == 7
    assert policy.catch_up is CatchUp.NEXT
    assert policy.levels == default_levels()


def test_default_settings_are_valid() -> None:
    validate_levels(default_levels(), min_gap_days=7)
    assert DunningPolicy.create(default_levels()) == DunningPolicy.default()


def test_equal_settings_share_one_policy_and_refused_ones_are_refused_every_time() -> None:
    """A dunning run builds a policy for every tenant it reads: equal settings (in any order)
    give the same policy, and settings that break rule 3 are never remembered as valid."""
    shuffled = list(default_levels())
    random.Random(7).shuffle(shuffled)
    first = DunningPolicy.create(default_levels(), min_gap_days=5, catch_up=CatchUp.HIGHEST)
    assert DunningPolicy.create(shuffled, min_gap_days=5, catch_up=CatchUp.HIGHEST) is first
    assert DunningPolicy.create(default_levels(), min_gap_days=6) != first
    broken = settings(M1=LevelSetting(Level.M1, True, 3))
    for _ in range(2):
        with pytest.raises(InvalidLevelSettings):
            DunningPolicy.create(broken)


def test_enabled_levels_of_the_default_policy() -> None:
    policy = DunningPolicy.default()
    assert [s.level for s in policy.enabled_above(None)] == [
        Level.R1,
        Level.M1,
        Level.M2,
        Level.M3,
    ]
    assert [s.level for s in policy.enabled_above(Level.R1)] == [Level.M1, Level.M2, Level.M3]
    assert [s.level for s in policy.enabled_above(Level.R4)] == [Level.M1, Level.M2, Level.M3]
    assert [s.level for s in policy.enabled_above(Level.M2)] == [Level.M3]
    assert policy.enabled_above(Level.M3) == []
    assert policy.setting(Level.M2) == LevelSetting(Level.M2, True, 28)


# --- validation: days strictly increase ----------------------------------------------------


def test_strictly_increasing_enabled_days_are_accepted() -> None:
    levels = [LevelSetting(level, True, 5 * i) for i, level in enumerate(ORDER)]
    validate_levels(levels)


def test_equal_days_of_enabled_levels_are_refused() -> None:
    levels = settings(M1=LevelSetting(Level.M1, True, 3))
    assert refused_fields(levels) == {"levels.M1.days_after_due"}


def test_decreasing_days_are_refused_naming_the_later_level() -> None:
    levels = settings(M2=LevelSetting(Level.M2, True, 10))
    assert refused_fields(levels) == {"levels.M2.days_after_due"}


def test_enabling_a_reminder_later_than_m1_is_refused_on_m1() -> None:
    # R3 (17) comes before M1 (14) in level order, so M1 would no longer be later.
    levels = settings(R3=LevelSetting(Level.R3, True, 17))
    assert refused_fields(levels) == {"levels.M1.days_after_due"}


def test_enabling_r2_at_its_default_day_is_valid() -> None:
    validate_levels(settings(R2=LevelSetting(Level.R2, True, 10)))


def test_disabled_levels_are_ignored_for_the_ordering() -> None:
    # R2 disabled at 100 between R1 (3) and M1 (14); R3 disabled at 3, equal to R1.
    levels = settings(
        R2=LevelSetting(Level.R2, False, 100),
        R3=LevelSetting(Level.R3, False, 3),
        R4=LevelSetting(Level.R4, False, 0),
    )
    validate_levels(levels)


def test_ordering_compares_with_previous_enabled_level_across_disabled_ones() -> None:
    # M1 disabled: M2 must still be later than R1, not merely later than M1.
    levels = settings(
        M1=LevelSetting(Level.M1, False, 14),
        M2=LevelSetting(Level.M2, True, 3),
    )
    assert refused_fields(levels) == {"levels.M2.days_after_due"}


def test_order_of_the_given_sequence_does_not_matter() -> None:
    levels = list(default_levels())[::-1]
    validate_levels(levels)
    policy = DunningPolicy.create(levels)
    assert [s.level for s in policy.levels] == ORDER


# --- validation: at least one level enabled ------------------------------------------------


def all_disabled() -> list[LevelSetting]:
    return [replace(s, enabled=False) for s in default_levels()]


def test_no_enabled_level_is_refused_while_dunning_is_active() -> None:
    fields = refused_fields(all_disabled(), dunning_active=True)
    assert fields == {"levels"}


def test_no_enabled_level_is_allowed_while_dunning_is_off() -> None:
    validate_levels(all_disabled(), dunning_active=False)
    policy = DunningPolicy.create(all_disabled(), dunning_active=False)
    assert policy.enabled_above(None) == []


def test_single_enabled_level_is_enough() -> None:
    levels = all_disabled()
    levels[ORDER.index(Level.M3)] = LevelSetting(Level.M3, True, 42)
    validate_levels(levels, dunning_active=True)


# --- validation: post, registered, fee -----------------------------------------------------


def test_registered_without_by_post_is_refused() -> None:
    levels = settings(M2=LevelSetting(Level.M2, True, 28, by_post=False, registered=True))
    assert refused_fields(levels) == {"levels.M2.registered"}


def test_registered_with_by_post_and_fee_on_m_levels_are_accepted() -> None:
    levels = settings(
        M1=LevelSetting(Level.M1, True, 14, by_post=True, fee_cents=500),
        M3=LevelSetting(Level.M3, True, 42, by_post=True, registered=True, fee_cents=1000),
    )
    validate_levels(levels)


@pytest.mark.parametrize("level", ORDER[:6], ids=str)
def test_by_post_on_reminders_is_refused(level: Level) -> None:
    setting = replace(default_levels()[level.rank], by_post=True)
    assert refused_fields(settings(**{str(level): setting})) == {f"levels.{level}.by_post"}


@pytest.mark.parametrize("level", ORDER[:6], ids=str)
def test_registered_on_reminders_is_refused(level: Level) -> None:
    setting = replace(default_levels()[level.rank], by_post=True, registered=True)
    fields = refused_fields(settings(**{str(level): setting}))
    assert fields == {f"levels.{level}.by_post", f"levels.{level}.registered"}


def test_registered_alone_on_a_reminder_is_refused() -> None:
    levels = settings(R1=LevelSetting(Level.R1, True, 3, registered=True))
    assert "levels.R1.registered" in refused_fields(levels)


@pytest.mark.parametrize("level", ORDER[:6], ids=str)
def test_fee_on_reminders_is_refused(level: Level) -> None:
    setting = replace(default_levels()[level.rank], fee_cents=250)
    assert refused_fields(settings(**{str(level): setting})) == {f"levels.{level}.fee_cents"}


# --- validation: ranges and completeness ---------------------------------------------------


def test_negative_days_are_refused() -> None:
    levels = settings(R1=LevelSetting(Level.R1, True, -1))
    assert refused_fields(levels) == {"levels.R1.days_after_due"}


def test_negative_days_of_a_disabled_level_are_refused_too() -> None:
    levels = settings(R5=LevelSetting(Level.R5, False, -3))
    assert refused_fields(levels) == {"levels.R5.days_after_due"}


def test_zero_days_are_accepted() -> None:
    validate_levels(settings(R1=LevelSetting(Level.R1, True, 0)))


def test_negative_fee_is_refused() -> None:
    levels = settings(M1=LevelSetting(Level.M1, True, 14, fee_cents=-1))
    assert refused_fields(levels) == {"levels.M1.fee_cents"}


def test_negative_min_gap_is_refused() -> None:
    assert refused_fields(list(default_levels()), min_gap_days=-1) == {"min_gap_days"}


def test_a_missing_level_is_refused() -> None:
    levels = [s for s in default_levels() if s.level is not Level.R4]
    assert refused_fields(levels) == {"levels.R4"}


def test_a_level_given_twice_is_refused() -> None:
    levels = [*default_levels(), LevelSetting(Level.M2, False, 28)]
    assert refused_fields(levels) == {"levels.M2"}


def test_an_empty_list_names_every_level_and_the_missing_enabled_one() -> None:
    fields = refused_fields([])
    assert fields == {f"levels.{level}" for level in ORDER} | {"levels"}


def test_several_problems_are_reported_at_once() -> None:
    levels = settings(
        R2=LevelSetting(Level.R2, False, 10, by_post=True),
        R3=LevelSetting(Level.R3, False, 17, fee_cents=100),
        M1=LevelSetting(Level.M1, True, 3),
        M2=LevelSetting(Level.M2, True, 28, registered=True),
        M3=LevelSetting(Level.M3, True, 42, fee_cents=-5),
    )
    fields = refused_fields(levels)
    assert fields == {
        "levels.R2.by_post",
        "levels.R3.fee_cents",
        "levels.M1.days_after_due",
        "levels.M2.registered",
        "levels.M3.fee_cents",
    }


def test_the_error_is_a_validation_failure_with_a_stable_code() -> None:
    with pytest.raises(InvalidLevelSettings) as caught:
        validate_levels(settings(M2=LevelSetting(Level.M2, True, 10)))
    error = caught.value
    assert isinstance(error, ValidationFailed)
    assert error.code == "invalid-level-settings"
    assert len(error.problems) == 1
    assert "levels.M2.days_after_due" in str(error)
    assert error.problems[0].message != ""


# --- DunningPolicy.create / with_level -----------------------------------------------------


def test_create_keeps_gap_and_catch_up() -> None:
    policy = DunningPolicy.create(default_levels(), min_gap_days=3, catch_up=CatchUp.HIGHEST)
    assert policy.min_gap_days == 3
    assert policy.catch_up is CatchUp.HIGHEST
    assert policy.levels == default_levels()


def test_create_refuses_invalid_settings() -> None:
    with pytest.raises(InvalidLevelSettings) as caught:
        DunningPolicy.create(settings(M3=LevelSetting(Level.M3, True, 28)))
    assert problem_fields(caught.value) == {"levels.M3.days_after_due"}


def test_create_refuses_negative_gap() -> None:
    with pytest.raises(InvalidLevelSettings) as caught:
        DunningPolicy.create(default_levels(), min_gap_days=-7)
    assert problem_fields(caught.value) == {"min_gap_days"}


def test_with_level_replaces_one_setting_and_keeps_the_rest() -> None:
    policy = DunningPolicy.create(default_levels(), min_gap_days=5, catch_up=CatchUp.HIGHEST)
    changed = policy.with_level(LevelSetting(Level.R2, True, 7))
    assert changed.setting(Level.R2) == LevelSetting(Level.R2, True, 7)
    assert [s for s in changed.levels if s.level is not Level.R2] == [
        s for s in default_levels() if s.level is not Level.R2
    ]
    assert changed.min_gap_days == 5
    assert changed.catch_up is CatchUp.HIGHEST
    assert [s.level for s in changed.levels] == ORDER
    # The original is unchanged.
    assert policy.setting(Level.R2) == LevelSetting(Level.R2, False, 10)


def test_with_level_validates_the_result() -> None:
    policy = DunningPolicy.default()
    with pytest.raises(InvalidLevelSettings) as caught:
        policy.with_level(LevelSetting(Level.M1, True, 30))
    assert problem_fields(caught.value) == {"levels.M2.days_after_due"}


def test_with_level_refuses_post_on_a_reminder() -> None:
    with pytest.raises(InvalidLevelSettings) as caught:
        DunningPolicy.default().with_level(LevelSetting(Level.R1, True, 3, by_post=True))
    assert problem_fields(caught.value) == {"levels.R1.by_post"}


def test_with_level_can_disable_a_level() -> None:
    policy = DunningPolicy.default().with_level(LevelSetting(Level.R1, False, 3))
    assert [s.level for s in policy.enabled_above(None)] == [Level.M1, Level.M2, Level.M3]


def test_with_level_on_an_inactive_tenant_with_no_level_enabled_is_allowed() -> None:
    # Rule 3 asks for an enabled level only while dunning is active. A tenant with dunning
    # switched off may keep every level disabled and still edit one of them.
    policy = DunningPolicy.create(all_disabled(), dunning_active=False)
    changed = policy.with_level(LevelSetting(Level.R1, False, 5))
    assert changed.setting(Level.R1) == LevelSetting(Level.R1, False, 5)
    assert changed.enabled_above(None) == []


# --- payment days --------------------------------------------------------------------------


def test_payment_days_default_by_level() -> None:
    days = {s.level: s.days_to_pay for s in default_levels()}
    assert days == {
        **dict.fromkeys(ORDER[:6], 7),
        Level.M1: 10,
        Level.M2: 7,
        Level.M3: 5,
    }
    assert LevelSetting(Level.M1, True, 14) == LevelSetting(Level.M1, True, 14, payment_days=10)


@pytest.mark.parametrize("days", [0, -3, MAX_PAYMENT_DAYS + 1])
def test_payment_days_out_of_range_are_refused_naming_the_level(days: int) -> None:
    levels = settings(M2=LevelSetting(Level.M2, True, 28, payment_days=days))
    assert refused_fields(levels) == {"levels.M2.payment_days"}


@pytest.mark.parametrize("days", [1, 14, MAX_PAYMENT_DAYS])
def test_payment_days_in_range_are_accepted(days: int) -> None:
    validate_levels(settings(R1=LevelSetting(Level.R1, True, 3, payment_days=days)))


def test_the_last_enabled_level_is_known() -> None:
    policy = DunningPolicy.default()
    assert [level for level in ORDER if policy.is_last(level)] == [Level.M3]
    without_m3 = policy.with_level(LevelSetting(Level.M3, False, 42))
    assert without_m3.is_last(Level.M2)
    assert not without_m3.is_last(Level.M1)
