"""How fast the pure rules decide: admission plus escalation for 1,000 tenants x 250 invoices.

This measures the domain alone (no database, no I/O); the end-to-end dunning benchmark with
loading from PostgreSQL comes with the dunning engine.
"""

from __future__ import annotations

import random
import resource
import time
from datetime import date, timedelta

from automahntion.domain.calendar import SendingCalendar
from automahntion.domain.cycle import InvoiceFile, TenantRules, plan_day
from automahntion.domain.escalation import Send, SentLevel
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.levels import DunningPolicy, Level
from automahntion.domain.recipients import Contact, EmailAddresses
from bench.figures import Recorder

TENANTS = int(__import__("os").environ.get("BENCH_TENANTS", "1000"))
INVOICES = 250
TODAY = date(2026, 11, 27)


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


def main() -> None:
    rng = random.Random(7)
    tenant_files = _files(rng)
    rules = TenantRules(DunningPolicy.default(), SendingCalendar(), limit=250)
    started = time.perf_counter()
    sends = 0
    for _ in range(TENANTS):
        sends += sum(isinstance(o.decision, Send) for o in plan_day(tenant_files, rules, TODAY))
    elapsed = time.perf_counter() - started
    decided = TENANTS * INVOICES
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("domain decisions (admission + escalation, in memory)")
    print(f"  invoices decided      {decided:>10,}")
    print(f"  messages due          {sends:>10,}")
    print(f"  seconds               {elapsed:>10.2f}")
    print(f"  decisions per second  {decided / elapsed:>10,.0f}")
    print(f"  peak RSS (MB)         {peak_mb:>10.0f}")
    Recorder("domain")("decisions/s, rules alone in memory", decided / elapsed, "/s")


if __name__ == "__main__":
    main()
