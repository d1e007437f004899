"""The nine levels, their settings, defaults and validation (rule 3)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from automahntion.domain.errors import FieldProblem, InvalidLevelSettings


class Level(StrEnum):
    """A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then dunning notices
    (Mahnungen) M1–M3."""

    R1 = "R1"
    R2 = "R2"
    R3 = "R3"
    R4 = "R4"
    R5 = "R5"
    R6 = "R6"
    M1 = "M1"
    M2 = "M2"
    M3 = "M3"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @property
    def is_dunning_notice(self) -> bool:
        """True for the formal Mahnungen M1–M3, false for the friendly reminders."""
        return self.value.startswith("M")

    def __lt__(self, other: object) -> bool:
        return self.rank < _rank_of(other)

    def __le__(self, other: object) -> bool:
        return self.rank <= _rank_of(other)

    def __gt__(self, other: object) -> bool:
        return self.rank > _rank_of(other)

    def __ge__(self, other: object) -> bool:
        return self.rank >= _rank_of(other)


def _rank_of(other: object) -> int:
    if not isinstance(other, Level):
        raise TypeError(f"a Level compares only with a Level, not {type(other).__name__}")
    return other.rank


LEVELS: tuple[Level, ...] = tuple(Level)
_RANKS = {level: index for index, level in enumerate(LEVELS)}


class CatchUp(StrEnum):
    """After a pause or a late start: send the next level due (`next`) or jump to the highest level
    due (`highest`)."""

    NEXT = "next"
    """Send the next enabled level; never skip one."""
    HIGHEST = "highest"
    """Send the highest enabled level whose day is reached, skipping the ones in between."""


class AfterLastLevel(StrEnum):
    """What the tenant does when the last enabled level stays unpaid; its text names it."""

    COURT_PROCEDURE = "court_procedure"
    """gerichtliches Mahnverfahren"""
    COLLECTION_AGENCY = "collection_agency"
    """Inkasso"""
    NONE = "none"


@dataclass(frozen=True)
class LevelSetting:
    level: Level
    enabled: bool
    days_after_due: int
    by_post: bool = False
    registered: bool = False
    fee_cents: int = 0
    payment_days: int | None = None
    """Days the message gives to pay; left out, the level's default (`DEFAULT_PAYMENT_DAYS`)."""

    def __post_init__(self) -> None:
        if self.payment_days is None:
            object.__setattr__(self, "payment_days", DEFAULT_PAYMENT_DAYS[self.level])

    @property
    def days_to_pay(self) -> int:
        return self.payment_days if self.payment_days is not None else 0


DEFAULT_PAYMENT_DAYS = {
    **dict.fromkeys((Level.R1, Level.R2, Level.R3, Level.R4, Level.R5, Level.R6), 7),
    Level.M1: 10,
    Level.M2: 7,
    Level.M3: 5,
}
MAX_PAYMENT_DAYS = 90

_DEFAULT_DAYS = {
    Level.R1: 3,
    Level.R2: 10,
    Level.R3: 17,
    Level.R4: 24,
    Level.R5: 31,
    Level.R6: 38,
    Level.M1: 14,
    Level.M2: 28,
    Level.M3: 42,
}
_ENABLED_BY_DEFAULT = frozenset({Level.R1, Level.M1, Level.M2, Level.M3})
DEFAULT_MIN_GAP_DAYS = 7


def default_levels() -> tuple[LevelSetting, ...]:
    return tuple(
        LevelSetting(level, level in _ENABLED_BY_DEFAULT, _DEFAULT_DAYS[level]) for level in LEVELS
    )


@dataclass(frozen=True)
class DunningPolicy:
    """A tenant's escalation settings. Build it with `DunningPolicy.create` to validate."""

    levels: tuple[LevelSetting, ...]
    min_gap_days: int = DEFAULT_MIN_GAP_DAYS
    catch_up: CatchUp = CatchUp.NEXT
    active: bool = True
    """A tenant may switch dunning off; then nothing is sent and no level needs to be enabled."""
    _by_level: dict[Level, LevelSetting] = field(init=False, repr=False, compare=False)
    _above: dict[Level | None, tuple[LevelSetting, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        """Looked up for every invoice of a cycle: worked out once per policy, not per call."""
        by_level: dict[Level, LevelSetting] = {}
        for setting in self.levels:
            by_level.setdefault(setting.level, setting)
        enabled = [s for s in self.levels if s.enabled]
        above: dict[Level | None, tuple[LevelSetting, ...]] = {None: tuple(enabled)}
        for level in LEVELS:
            above[level] = tuple(s for s in enabled if s.level.rank > level.rank)
        object.__setattr__(self, "_by_level", by_level)
        object.__setattr__(self, "_above", above)

    @classmethod
    def create(
        cls,
        levels: Iterable[LevelSetting],
        *,
        min_gap_days: int = DEFAULT_MIN_GAP_DAYS,
        catch_up: CatchUp = CatchUp.NEXT,
        dunning_active: bool = True,
    ) -> DunningPolicy:
        ordered = tuple(sorted(levels, key=lambda s: s.level.rank))
        return _validated(ordered, min_gap_days, catch_up, dunning_active)

    @classmethod
    def default(cls) -> DunningPolicy:
        return cls(default_levels())

    def setting(self, level: Level) -> LevelSetting:
        return self._by_level[level]

    def is_last(self, level: Level) -> bool:
        """No enabled level follows `level`: its message is the last one."""
        return not self._above[level]

    def enabled_above(self, last: Level | None) -> list[LevelSetting]:
        """The enabled levels above `last` (all enabled ones when `last` is None), in order."""
        return list(self._above[last])

    def with_level(self, setting: LevelSetting) -> DunningPolicy:
        levels = tuple(setting if s.level is setting.level else s for s in self.levels)
        return DunningPolicy.create(
            levels,
            min_gap_days=self.min_gap_days,
            catch_up=self.catch_up,
            dunning_active=self.active,
        )


@lru_cache(maxsize=64, typed=True)
def _validated(
    levels: tuple[LevelSetting, ...],
    min_gap_days: int,
    catch_up: CatchUp,
    dunning_active: bool,
) -> DunningPolicy:
    """One policy for the same settings: a dunning run builds one for every tenant it reads,
    and most tenants keep the default levels. A policy never changes once made, so tenants
    with equal settings may share it; settings that fail validation raise each time."""
    validate_levels(levels, min_gap_days=min_gap_days, dunning_active=dunning_active)
    return DunningPolicy(levels, min_gap_days, catch_up, dunning_active)


def validate_levels(
    levels: Sequence[LevelSetting], *, min_gap_days: int = 0, dunning_active: bool = True
) -> None:
    """Refuse settings that break rule 3, naming each offending level and field."""
    problems: list[FieldProblem] = []
    seen = [s.level for s in levels]
    for level in LEVELS:
        if seen.count(level) != 1:
            problems.append(FieldProblem(f"levels.{level}", "must be given exactly once"))
    if min_gap_days < 0:
        problems.append(FieldProblem("min_gap_days", "must be 0 or more"))
    previous: LevelSetting | None = None
    for setting in sorted(levels, key=lambda s: s.level.rank):
        problems += _problems_of(setting)
        if not setting.enabled:
            continue
        if previous is not None and setting.days_after_due <= previous.days_after_due:
            problems.append(
                FieldProblem(
                    f"levels.{setting.level}.days_after_due",
                    f"must be greater than {previous.level}'s {previous.days_after_due}"
                    " (enabled levels' days strictly increase)",
                )
            )
        previous = setting
    if dunning_active and not any(s.enabled for s in levels):
        problems.append(FieldProblem("levels", "at least one level must be enabled"))
    if problems:
        raise InvalidLevelSettings(problems)


def _problems_of(setting: LevelSetting) -> list[FieldProblem]:
    where = f"levels.{setting.level}"
    problems = []
    if setting.days_after_due < 0:
        problems.append(FieldProblem(f"{where}.days_after_due", "must be 0 or more"))
    if setting.fee_cents < 0:
        problems.append(FieldProblem(f"{where}.fee_cents", "must be 0 or more"))
    if not 1 <= setting.days_to_pay <= MAX_PAYMENT_DAYS:
        problems.append(
            FieldProblem(f"{where}.payment_days", f"must be between 1 and {MAX_PAYMENT_DAYS}")
        )
    if not setting.level.is_dunning_notice:
        if setting.by_post:
            problems.append(FieldProblem(f"{where}.by_post", "only M-levels can go by post"))
        if setting.registered:
            problems.append(FieldProblem(f"{where}.registered", "only M-levels can be registered"))
        if setting.fee_cents:
            problems.append(FieldProblem(f"{where}.fee_cents", "only M-levels carry a fee"))
    elif setting.registered and not setting.by_post:
        problems.append(FieldProblem(f"{where}.registered", "requires by_post"))
    return problems
