"""Rule 3, validation, as a property: any nine level settings are accepted exactly when the rule
accepts them, and a refusal names every offending level and field — no more, no fewer.

The oracle is written from the rule's words, not from the code:
- `days_after_due` is an int >= 0;
- the enabled levels' `days_after_due` strictly increase in level order (the later of two
  is the one named);
- at least one level is enabled when dunning is active;
- `registered` requires `by_post`; `by_post`/`registered` are refused on R-levels;
- only M-levels carry a fee (in cents, so >= 0);
- plus the code's own bounds the API documents: `payment_days` 1..90, `min_gap_days` >= 0.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from automahntion.domain.errors import InvalidLevelSettings
from automahntion.domain.levels import (
    LEVELS,
    MAX_PAYMENT_DAYS,
    CatchUp,
    DunningPolicy,
    LevelSetting,
)

MUTATIONS = ("days", "days", "days", "by_post", "registered", "fee", "negative_fee", "payment_days")


@st.composite
def level_settings(draw: st.DrawFn) -> tuple[LevelSetting, ...]:
    """Valid settings, then up to three breaks of one field each: half the examples are
    valid and the others break one or more rules, so both answers are exercised."""
    flags = draw(st.lists(st.booleans(), min_size=3 * len(LEVELS), max_size=3 * len(LEVELS)))
    offsets = draw(st.lists(st.integers(0, 4), min_size=len(LEVELS), max_size=len(LEVELS)))
    levels = []
    for rank, level in enumerate(LEVELS):
        enabled, post, registered = flags[3 * rank : 3 * rank + 3]
        m_level = level.is_dunning_notice
        levels.append(
            LevelSetting(
                level,
                enabled,
                5 * rank + offsets[rank],
                by_post=m_level and post,
                registered=m_level and post and registered,
                fee_cents=500 if m_level and registered else 0,
                payment_days=None if post else 1 + 3 * rank,
            )
        )
    breaks = draw(
        st.lists(st.tuples(st.integers(0, len(LEVELS) - 1), st.sampled_from(MUTATIONS)), max_size=3)
    )
    if draw(st.integers(0, 7)) == 0:
        levels = [replace(s, enabled=False) for s in levels]
    for rank, how in breaks:
        s = levels[rank]
        if how == "days":  # often onto or below an earlier level's day
            earlier = levels[rank - 1].days_after_due if rank else 0
            if rank and draw(st.booleans()):  # both enabled: the ordering rule applies
                levels[rank - 1] = replace(levels[rank - 1], enabled=True)
                s = replace(s, enabled=True)
            s = replace(s, days_after_due=draw(st.sampled_from([-1, 0, earlier, earlier - 1])))
        elif how == "by_post":
            s = replace(s, by_post=not s.by_post)
        elif how == "registered":
            s = replace(s, registered=not s.registered)
        elif how == "fee":
            s = replace(s, fee_cents=0 if s.fee_cents else 250)
        elif how == "negative_fee":
            s = replace(s, fee_cents=-1)
        else:
            s = replace(s, payment_days=draw(st.sampled_from([0, MAX_PAYMENT_DAYS + 1, 90, 1])))
        levels[rank] = s
    return tuple(levels)


def oracle(levels: tuple[LevelSetting, ...], *, min_gap: int, active: bool) -> set[str]:
    problems: set[str] = set()
    if min_gap < 0:
        problems.add("min_gap_days")
    last_enabled: int | None = None
    for s in levels:
        where = f"levels.{s.level}"
        m_level = s.level.value.startswith("M")
        if s.days_after_due < 0:
            problems.add(f"{where}.days_after_due")
        if s.enabled:
            if last_enabled is not None and s.days_after_due <= last_enabled:
                problems.add(f"{where}.days_after_due")
            last_enabled = s.days_after_due
        if s.fee_cents < 0 or (s.fee_cents and not m_level):
            problems.add(f"{where}.fee_cents")
        if not m_level and s.by_post:
            problems.add(f"{where}.by_post")
        if s.registered and (not m_level or not s.by_post):
            problems.add(f"{where}.registered")
        if s.payment_days is not None and not 1 <= s.payment_days <= MAX_PAYMENT_DAYS:
            problems.add(f"{where}.payment_days")
    if active and not any(s.enabled for s in levels):
        problems.add("levels")
    return problems


@settings(max_examples=100)
@given(level_settings(), st.integers(-1, 30), st.booleans(), st.permutations(range(len(LEVELS))))
def test_level_settings_are_refused_exactly_when_the_rule_refuses_them(
    levels: tuple[LevelSetting, ...], min_gap: int, active: bool, order: list[int]
) -> None:
    expected = oracle(levels, min_gap=min_gap, active=active)
    shuffled = [levels[i] for i in order]  # the order they are given in does not matter
    if expected:
        with pytest.raises(InvalidLevelSettings) as refused:
            DunningPolicy.create(
                shuffled, min_gap_days=min_gap, catch_up=CatchUp.NEXT, dunning_active=active
            )
        assert {p.field for p in refused.value.problems} == expected
        assert all(p.message for p in refused.value.problems)
        return
    policy = DunningPolicy.create(
        shuffled, min_gap_days=min_gap, catch_up=CatchUp.NEXT, dunning_active=active
    )
    assert [s.level for s in policy.levels] == list(LEVELS)
    enabled = [s.days_after_due for s in policy.levels if s.enabled]
    assert enabled == sorted(set(enabled))
