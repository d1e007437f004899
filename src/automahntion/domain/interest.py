"""Optional statutory extras of §§ 286, 288 BGB: default, interest, the 40 EUR flat fee (rule 7)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

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


DEFAULT_BASE_RATES = (
    BaseRate(date(2023, 1, 1), Decimal("1.62")),
    BaseRate(date(2023, 7, 1), Decimal("3.12")),
    BaseRate(date(2024, 1, 1), Decimal("3.62")),
    BaseRate(date(2024, 7, 1), Decimal("3.37")),
    BaseRate(date(2025, 1, 1), Decimal("2.27")),
    BaseRate(date(2025, 7, 1), Decimal("1.27")),
    BaseRate(date(2026, 1, 1), Decimal("1.27")),
)


@dataclass(frozen=True)
class BaseRateTable:
    """The Basiszinssatz by date. An operator extends it with each half-year's new rate."""

    rates: tuple[BaseRate, ...] = DEFAULT_BASE_RATES

    def extended(self, extra: Iterable[BaseRate]) -> BaseRateTable:
        merged = {r.valid_from: r for r in (*self.rates, *extra)}
        return BaseRateTable(tuple(sorted(merged.values(), key=lambda r: r.valid_from)))

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


@dataclass(frozen=True)
class Charge:
    """An amount shown on a message, with how it was computed."""

    label: str
    cents: int
    explanation: str


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
    for first, last, base in table.periods(in_default_from, through):
        days = (last - first).days + 1
        percent = base + markup
        amount = Decimal(principal_cents) * percent / 100 * days / DAYS_PER_YEAR
        periods.append(InterestPeriod(first, last, days, percent, amount))
    return round_cents(sum((p.amount for p in periods), Decimal(0))), tuple(periods)


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
        result.append(Charge("Mahngebühr", ctx.level_fee_cents, "Gebühr dieser Mahnstufe"))
    if not (statutory_extras and in_default and begins is not None):
        return result
    cents, periods = default_interest(ctx.open_cents, begins, ctx.send_on, ctx.debtor, table)
    if cents:
        explanation = "; ".join(
            f"{p.days} Tage ({p.first:%d.%m.%Y}–{p.last:%d.%m.%Y})"
            f" × {_de(p.annual_percent)} % p. a. auf {_de(euros(ctx.open_cents))} EUR"
            for p in periods
        )
        result.append(Charge("Verzugszinsen (§ 288 BGB)", cents, explanation))
    if ctx.debtor is DebtorKind.BUSINESS and not ctx.flat_fee_claimed_before:
        result.append(
            Charge("Verzugspauschale (§ 288 Abs. 5 BGB)", FLAT_FEE_CENTS, "einmalig 40,00 EUR")
        )
    return result
