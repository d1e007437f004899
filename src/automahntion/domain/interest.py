"""Optional statutory extras of §§ 286, 288 BGB: default, interest, the 40 EUR flat fee (rule 7)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from automahntion.domain.errors import NoBaseRate
from automahntion.domain.money import euros, round_cents
from automahntion.domain.recipients import DebtorKind

BUSINESS_MARKUP = Decimal(9)
CONSUMER_MARKUP = Decimal(5)
FLAT_FEE_CENTS = 4000
BUSINESS_DEFAULT_AFTER = timedelta(days=30)
DAYS_PER_YEAR = Decimal(365)


@dataclass(frozen=True)
class BaseRate:
    valid_from: date
    percent: Decimal


_SPEC_RATES = (
    ("2002-01-01", "2.57"), ("2002-07-01", "2.47"), ("2003-01-01", "1.97"),
    ("2003-07-01", "1.22"), ("2004-01-01", "1.14"), ("2004-07-01", "1.13"),
    ("2005-01-01", "1.21"), ("2005-07-01", "1.17"), ("2006-01-01", "1.37"),
    ("2006-07-01", "1.95"), ("2007-01-01", "2.70"), ("2007-07-01", "3.19"),
    ("2008-01-01", "3.32"), ("2008-07-01", "3.19"), ("2009-01-01", "1.62"),
    ("2009-07-01", "0.12"), ("2011-07-01", "0.37"), ("2012-01-01", "0.12"),
    ("2013-01-01", "-0.13"), ("2013-07-01", "-0.38"), ("2014-01-01", "-0.63"),
    ("2014-07-01", "-0.73"), ("2015-01-01", "-0.83"), ("2016-07-01", "-0.88"),
    ("2023-01-01", "1.62"), ("2023-07-01", "3.12"), ("2024-01-01", "3.62"),
    ("2024-07-01", "3.37"), ("2025-01-01", "2.27"), ("2025-07-01", "1.27"),
    ("2026-01-01", "1.27"),
)  # fmt: skip
"""§ 247 BGB as published, (valid from, percent); only the half-years with a change before
2023 (the rate then stood still for years), every half-year since."""

DEFAULT_BASE_RATES = tuple(
    BaseRate(date.fromisoformat(day), Decimal(percent)) for day, percent in _SPEC_RATES
)
HALF_YEAR_STARTS = ((1, 1), (7, 1))
RATE_BOUNDS = (Decimal(-20), Decimal(20))


class BaseRateLineInvalid(ValueError):
    """A line of an operator's base-rate file that is not `YYYY-MM-DD PERCENT`."""


def _half_year_after(day: date) -> date:
    return date(day.year, 7, 1) if day.month < 7 else date(day.year + 1, 1, 1)


@dataclass(frozen=True)
class BaseRateTable:
    """The Basiszinssatz by date. An operator extends it with each half-year's new rate."""

    rates: tuple[BaseRate, ...] = DEFAULT_BASE_RATES

    def extended(self, extra: Iterable[BaseRate]) -> BaseRateTable:
        merged = {r.valid_from: r for r in (*self.rates, *extra)}
        return BaseRateTable(tuple(sorted(merged.values(), key=lambda r: r.valid_from)))

    @property
    def confirmed_through(self) -> date | None:
        """The last day a published rate covers: the end of the last listed half-year."""
        if not self.rates:
            return None
        last = max(r.valid_from for r in self.rates)
        return _half_year_after(last) - timedelta(days=1)

    def periods(self, first: date, last: date) -> list[tuple[date, date, Decimal]]:
        """(from, to inclusive, base percent) for every rate period touching first..last."""
        ordered = sorted(self.rates, key=lambda r: r.valid_from)
        if not ordered or first < ordered[0].valid_from:
            raise NoBaseRate(first)
        result = []
        successors = [r.valid_from - timedelta(days=1) for r in ordered[1:]] + [last]
        for rate, ends in zip(ordered, successors, strict=True):
            start, end = max(first, rate.valid_from), min(last, ends)
            if start <= end:
                result.append((start, end, rate.percent))
        return result


def parse_base_rates(text: str) -> list[BaseRate]:
    """An operator's additions: one `YYYY-MM-DD PERCENT` per line (a comma or semicolon may
    separate them; `#` starts a comment); each date starts a half-year (1 January or 1 July)."""
    found = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].replace(";", " ").replace(",", " ").strip()
        if line:
            found.append(_rate_line(number, line))
    return found


def _rate_line(number: int, line: str) -> BaseRate:
    parts = line.split()
    if len(parts) != 2:
        raise BaseRateLineInvalid(f"line {number}: expected 'YYYY-MM-DD PERCENT', got {line!r}")
    try:
        day = date.fromisoformat(parts[0])
    except ValueError:
        raise BaseRateLineInvalid(f"line {number}: {parts[0]!r} is not a date") from None
    if (day.month, day.day) not in HALF_YEAR_STARTS:
        raise BaseRateLineInvalid(f"line {number}: {day} is not 1 January or 1 July")
    try:
        percent = Decimal(parts[1])
    except ArithmeticError:
        raise BaseRateLineInvalid(f"line {number}: {parts[1]!r} is not a percentage") from None
    if not percent.is_finite() or not RATE_BOUNDS[0] <= percent <= RATE_BOUNDS[1]:
        raise BaseRateLineInvalid(f"line {number}: {parts[1]} % is no plausible base rate")
    return BaseRate(day, percent)


def with_operator_rates(table: BaseRateTable, extra: Iterable[BaseRate]) -> BaseRateTable:
    """The published table plus an operator's lines; a line may repeat a published rate but
    never contradict it (a typo must not rewrite history)."""
    published = {r.valid_from: r.percent for r in table.rates}
    for rate in extra:
        known = published.get(rate.valid_from)
        if known is not None and known != rate.percent:
            raise BaseRateLineInvalid(
                f"{rate.valid_from}: {rate.percent} % contradicts the published {known} %"
            )
    return table.extended(extra)


def default_begins(
    due_date: date, first_level_sent_on: date | None, debtor: DebtorKind
) -> date | None:
    """The first day of default: the day after the first message, or for a business customer
    at the latest 30 days after the due date."""
    candidates = []
    if first_level_sent_on is not None:
        candidates.append(first_level_sent_on + timedelta(days=1))
    if debtor is DebtorKind.BUSINESS:
        candidates.append(due_date + BUSINESS_DEFAULT_AFTER)
    return min(candidates, default=None)


@dataclass(frozen=True)
class InterestPeriod:
    first: date
    last: date
    days: int
    annual_percent: Decimal
    amount: Decimal
    confirmed: bool = True
    """False past the table's last half-year: the last known rate, not a published one."""


class ChargeKind(StrEnum):
    """What a charge is, whatever its label says: only the level's fee is lexoffice's
    `Mahngebühr` on a dunning document."""

    LEVEL_FEE = "level_fee"
    INTEREST = "interest"
    FLAT_FEE = "flat_fee"


@dataclass(frozen=True)
class Charge:
    """An amount shown on a message, with how it was computed."""

    label: str
    cents: int
    explanation: str
    unconfirmed_from: date | None = None
    """Set when the amount counts days past the base-rate table with its last rate."""
    kind: ChargeKind = field(kw_only=True)
    periods: tuple[InterestPeriod, ...] = field(default=(), kw_only=True)
    """For interest: the periods it was computed over, on `principal_cents`."""
    principal_cents: int = field(default=0, kw_only=True)


def default_interest(
    principal_cents: int,
    in_default_from: date,
    through: date,
    debtor: DebtorKind,
    table: BaseRateTable,
) -> tuple[int, tuple[InterestPeriod, ...]]:
    """Interest for each day of default from `in_default_from` through `through`, inclusive,
    period by period of the base rate, rounded to the cent once at the end."""
    if through < in_default_from or principal_cents <= 0:
        return 0, ()
    markup = BUSINESS_MARKUP if debtor is DebtorKind.BUSINESS else CONSUMER_MARKUP
    periods = []
    for first, last, base, confirmed in _marked(table, in_default_from, through):
        days = (last - first).days + 1
        percent = base + markup
        amount = Decimal(principal_cents) * percent / 100 * days / DAYS_PER_YEAR
        periods.append(InterestPeriod(first, last, days, percent, amount, confirmed))
    return round_cents(sum((p.amount for p in periods), Decimal(0))), tuple(periods)


def _marked(
    table: BaseRateTable, first: date, last: date
) -> list[tuple[date, date, Decimal, bool]]:
    """The table's periods, the one reaching past `confirmed_through` cut in two there."""
    through = table.confirmed_through
    marked = []
    for start, end, base in table.periods(first, last):
        if through is None or end <= through:
            marked.append((start, end, base, True))
        elif start > through:
            marked.append((start, end, base, False))
        else:
            marked += [
                (start, through, base, True),
                (through + timedelta(days=1), end, base, False),
            ]
    return marked


@dataclass(frozen=True)
class MessageContext:
    open_cents: int
    due_date: date
    debtor: DebtorKind
    first_level_sent_on: date | None
    send_on: date
    level_fee_cents: int
    flat_fee_claimed_before: bool


def _de(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def charges(ctx: MessageContext, *, statutory_extras: bool, table: BaseRateTable) -> list[Charge]:
    """What a message may claim beyond the open amount.

    A level's own fee only when the debtor is already in default when it is sent — so never on
    the message that creates the default. Interest and the flat fee only with statutory extras on.
    """
    begins = default_begins(ctx.due_date, ctx.first_level_sent_on, ctx.debtor)
    in_default = begins is not None and begins <= ctx.send_on
    result = []
    if ctx.level_fee_cents > 0 and in_default:
        result.append(
            Charge(
                "Mahngebühr",
                ctx.level_fee_cents,
                "Gebühr dieser Mahnstufe",
                kind=ChargeKind.LEVEL_FEE,
            )
        )
    if not (statutory_extras and in_default and begins is not None):
        return result
    cents, periods = default_interest(ctx.open_cents, begins, ctx.send_on, ctx.debtor, table)
    if cents:
        explanation = "; ".join(
            f"{p.days} Tage ({p.first:%d.%m.%Y}–{p.last:%d.%m.%Y})"
            f" × {_de(p.annual_percent)} % p. a. auf {_de(euros(ctx.open_cents))} EUR"
            for p in periods
        )
        unconfirmed = next((p.first for p in periods if not p.confirmed), None)
        result.append(
            Charge(
                "Verzugszinsen (§ 288 BGB)",
                cents,
                explanation,
                unconfirmed,
                kind=ChargeKind.INTEREST,
                periods=periods,
                principal_cents=ctx.open_cents,
            )
        )
    if ctx.debtor is DebtorKind.BUSINESS and not ctx.flat_fee_claimed_before:
        result.append(
            Charge(
                "Verzugspauschale (§ 288 Abs. 5 BGB)",
                FLAT_FEE_CENTS,
                "einmalig 40,00 EUR",
                kind=ChargeKind.FLAT_FEE,
            )
        )
    return result
