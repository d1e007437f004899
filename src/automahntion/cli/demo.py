"""`automahntion demo`: the rules run on a sample bakery's invoices, as a table and a timeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TextIO

from babel.dates import format_date
from babel.numbers import format_currency

from automahntion.cli.sample import COMPANY, sample_files, sample_rules
from automahntion.domain.calendar import BERLIN, SendingCalendar, berlin_today
from automahntion.domain.cycle import InvoiceFile, Outlook, Standing, TenantRules, plan_day
from automahntion.domain.escalation import Send, SentLevel
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.levels import Level

TIMELINE_DAYS = 45
PAID_ON_DAY = 8
PAYING_INVOICE = "RE-2026-101"


def _day(d: date) -> str:
    return format_date(d, "EEE dd.MM.yyyy", locale="de_DE")


def _eur(cents: int) -> str:
    return format_currency(cents / 100, "EUR", locale="de_DE")


def _decision(outlook: Outlook) -> str:
    decision = outlook.decision
    if isinstance(decision, Send):
        return f"SEND {decision.level}"
    nxt = f", next {decision.next_level}" if decision.next_level else ""
    return f"wait: {decision.hold}{nxt}"


def _standing(outlook: Outlook) -> str:
    if outlook.blocked is not None:
        return f"blocked: {outlook.blocked}"
    return str(outlook.standing)


def print_table(outlooks: Sequence[Outlook], today: date, out: TextIO) -> None:
    header = (
        f"{'invoice':<12} {'customer':<19} {'due':<10} {'days':>4} {'open':>12}  "
        f"{'standing':<22} {'recipient':<31} decision"
    )
    print(header, file=out)
    print("-" * len(header), file=out)
    for o in outlooks:
        inv = o.file.invoice
        customer = o.file.contact.name if o.file.contact else "(Sammelkunde)"
        print(
            f"{inv.voucher_number:<12} {customer[:19]:<19} {inv.due_date:%d.%m.%Y} "
            f"{inv.days_overdue(today):>4} {_eur(inv.open_cents):>12}  {_standing(o):<22} "
            f"{(o.recipient or '-')[:31]:<31} {_decision(o)}",
            file=out,
        )


def _advance(files: list[InvoiceFile], outlooks: Sequence[Outlook], day: date) -> list[InvoiceFile]:
    advanced = []
    for file, outlook in zip(files, outlooks, strict=True):
        history = file.history
        if isinstance(outlook.decision, Send):
            history = (*history, SentLevel(outlook.decision.level, day))
        advanced.append(
            replace(file, history=history, admitted_before=outlook.standing is Standing.ADMITTED)
        )
    return advanced


def _pay(files: list[InvoiceFile], number: str) -> list[InvoiceFile]:
    return [
        replace(f, invoice=replace(f.invoice, status=InvoiceStatus.PAID, open_cents=0))
        if f.invoice.voucher_number == number
        else f
        for f in files
    ]


def print_timeline(
    files: list[InvoiceFile], rules: TenantRules, start: date, out: TextIO
) -> list[tuple[date, str, Level]]:
    paid_on = start + timedelta(days=PAID_ON_DAY)
    print(
        f"\nThe next {TIMELINE_DAYS} days as the daily cycle would send them "
        f"({PAYING_INVOICE} gets paid on {_day(paid_on)}):",
        file=out,
    )
    sent: list[tuple[date, str, Level]] = []
    for offset in range(TIMELINE_DAYS):
        day = start + timedelta(days=offset)
        if day == paid_on:
            files = _pay(files, PAYING_INVOICE)
        outlooks = plan_day(files, rules, day)
        for o in outlooks:
            if isinstance(o.decision, Send):
                sent.append((day, o.file.invoice.voucher_number, o.decision.level))
                print(
                    f"  {_day(day)}  {o.file.invoice.voucher_number:<12} "
                    f"{o.decision.level:<3} to {o.recipient}",
                    file=out,
                )
        files = _advance(files, outlooks, day)
    pairs = [(number, level) for _, number, level in sent]
    after_payment = [s for s in sent if s[1] == PAYING_INVOICE and s[0] >= paid_on]
    print(
        f"{len(sent)} messages in {TIMELINE_DAYS} days; levels sent twice: "
        f"{len(pairs) - len(set(pairs))}; sent after payment: {len(after_payment)}",
        file=out,
    )
    return sent


def demo_moment(now: datetime, out: TextIO) -> datetime:
    """The moment the demo runs at: `now`, or the same time on the next sending day when
    `now` is none (a weekend or a holiday), so that the demo always sends something."""
    today = berlin_today(now)
    day = SendingCalendar().next_sending_day(today)
    if day == today:
        return now
    print(
        f"{_day(today)} is not a sending day: the demo runs the next sending day, {_day(day)}.\n",
        file=out,
    )
    return now.astimezone(BERLIN).replace(year=day.year, month=day.month, day=day.day)


def run_demo(today: date, out: TextIO) -> None:
    rules = sample_rules(today)
    files = sample_files(today)
    kind = "a sending day" if rules.calendar.is_sending_day(today) else "NOT a sending day"
    print(
        f"automahntion demo — {COMPANY}, {_day(today)} ({kind}); "
        f"plan limit {rules.limit} open and overdue invoices\n",
        file=out,
    )
    outlooks = plan_day(files, rules, today)
    print_table(outlooks, today, out)
    admitted = sum(o.standing is Standing.ADMITTED for o in outlooks)
    waiting = sum(o.standing is Standing.WAITING for o in outlooks)
    print(f"\nquota: {admitted} of {rules.limit} slots taken, {waiting} waiting", file=out)
    print_timeline(files, rules, today, out)
