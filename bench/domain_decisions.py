"""How fast the pure rules decide: the day's plan for 1,000 tenants x 250 invoices.

This measures the domain alone (no database, no I/O): `day_plan`, the one pure function a
cycle calls (admission, escalation, and for what is due its channel, fee choice and message),
so that it compares with `bench/dunning_run.py`, which runs the same function on what it
loads. Admission plus escalation alone (`plan_day`, a part of it) is printed and recorded
besides, as this benchmark measured it before.
"""

from __future__ import annotations

import random
import resource
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from automahntion.domain.calendar import SendingCalendar
from automahntion.domain.cycle import InvoiceFile, TenantRules, plan_day
from automahntion.domain.day_plan import TenantFacts, day_plan
from automahntion.domain.escalation import Send, SentLevel
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.levels import DunningPolicy, Level
from automahntion.domain.recipients import Contact, EmailAddresses
from bench.figures import Recorder

TENANTS = int(__import__("os").environ.get("BENCH_TENANTS", "1000"))
INVOICES = 250
TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def _files(rng: random.Random) -> list[InvoiceFile]:
    files = []
    for n in range(INVOICES):
        due = TODAY - timedelta(days=rng.randint(-10, 60))
        invoice = Invoice(
            lexoffice_id=f"inv-{n:05d}",
            voucher_number=f"RE-{n:05d}",
            voucher_date=due - timedelta(days=14),
            due_date=due,
            total_cents=rng.randint(1_000, 500_000),
            open_cents=rng.randint(1, 500_000),
            contact_id=f"c-{n % 80}",
            status=InvoiceStatus.OPEN,
        )
        contact = Contact(f"c-{n % 80}", "Kunde", EmailAddresses(business=("a@b.example",)))
        history = (SentLevel(Level.R1, TODAY - timedelta(days=9)),) if n % 3 == 0 else ()
        files.append(InvoiceFile(invoice, contact, history, admitted_before=bool(history)))
    return files


def _rate(decide: Callable[[], int]) -> tuple[float, int]:
    """Decisions per second over TENANTS days of the same tenant, and the messages due."""
    started = time.perf_counter()
    sends = sum(decide() for _ in range(TENANTS))
    return TENANTS * INVOICES / (time.perf_counter() - started), sends


def main() -> None:
    rng = random.Random(7)
    tenant_files = _files(rng)
    rules = TenantRules(DunningPolicy.default(), SendingCalendar(), limit=250)
    facts = TenantFacts(activated=True, dunning_active=True, last_successful_sync_at=NOW)
    whole, due = _rate(
        lambda: len(day_plan(tenant_files, rules, facts, TODAY, NOW, sending=False).due)
    )
    part, sends = _rate(
        lambda: sum(isinstance(o.decision, Send) for o in plan_day(tenant_files, rules, TODAY))
    )
    if due != sends:
        raise RuntimeError(f"the day's plan has {due} messages due, plan_day {sends}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("domain decisions (the day's plan, in memory)")
    print(f"  invoices decided      {TENANTS * INVOICES:>10,}")
    print(f"  messages due          {due:>10,}")
    print(f"  decisions per second  {whole:>10,.0f}")
    print(f"  admission + escalation alone (plan_day) {part:,.0f} /s")
    print(f"  peak RSS (MB)         {peak_mb:>10.0f}")
    Recorder("domain")("decisions/s, rules alone in memory (day_plan)", whole, "/s")
    Recorder("domain")("decisions/s, admission + escalation alone (plan_day)", part, "/s")


if __name__ == "__main__":
    main()
