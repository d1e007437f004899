"""Voucher dunning PDFs per second: our own letter layout through Debian's wkhtmltopdf.

The letter is the one the dunning engine builds for a revenue voucher (logo, two bank accounts,
address block, open items, fees, interest), rendered by the production renderer
(`WkhtmltopdfRenderer.pdf`: jinja2 HTML, then one wkhtmltopdf process per document).
BENCH_PDF_LETTERS (default 30) letters one after the other, then the same number with two
conversions at a time (the machine has two cores).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import time
from datetime import date

from automahntion.adapters.pdf import WkhtmltopdfRenderer
from automahntion.app.post.letter_layout import DunningLetter, FeeLine, OpenItem
from automahntion.app.tenants.letterhead import BankAccount, Letterhead, Logo
from bench.figures import Recorder

LETTERS = int(os.environ.get("BENCH_PDF_LETTERS", "30"))
PARALLEL = 2
LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
    '<rect width="120" height="40" rx="6" fill="#e6a000"/>'
    '<text x="12" y="26" font-size="16" fill="#fff">Sonnenschein</text></svg>'
)


LETTERHEAD = Letterhead(
    company_name="Bäckerei Sonnenschein GmbH",
    street="Sonnenallee 12",
    postal_code="12045",
    city="Berlin",
    phone="+49 30 1234567",
    legal_form="GmbH",
    seat="Berlin",
    register_court="Amtsgericht Charlottenburg",
    register_number="HRB 123456 B",
    managing_directors=("Anna Sonnenschein",),
    vat_id="DE123456789",
    bank_accounts=(
        BankAccount("DE89370400440532013000", "COBADEFFXXX", "Commerzbank"),
        BankAccount("DE02120300000000202051", None, "DKB"),
    ),
    logo=Logo("image/svg+xml", LOGO_SVG.encode()),
)


def _letter(n: int) -> DunningLetter:
    return DunningLetter(
        sender=LETTERHEAD,
        company_name=LETTERHEAD.company_name,
        recipient_name=f"Café Müller {n}",
        recipient_address=("z. Hd. Frau Jürgens", "Hauptstraße 5", "80331 München"),
        letter_date=date(2026, 11, 27),
        title=f"1. Mahnung: Rechnung RE-2026-{n:05d}",
        deadline=date(2026, 12, 4),
        items=(OpenItem(f"RE-2026-{n:05d}", date(2026, 9, 1), date(2026, 10, 1), 123_450 + n),),
        fees=(
            FeeLine("Mahngebühr", 500, "Gebühr dieser Mahnstufe"),
            FeeLine("Verzugszinsen (§ 288 BGB)", 1234, "57 Tage × 10,27 % p. a. auf 1234,50 EUR"),
        ),
    )


async def _render(renderer: WkhtmltopdfRenderer, n: int) -> int:
    pdf = await renderer.pdf(_letter(n))
    if not pdf.startswith(b"%PDF-"):
        raise RuntimeError("wkhtmltopdf returned no PDF")
    return len(pdf)


async def _sequential(renderer: WkhtmltopdfRenderer) -> tuple[float, int]:
    started = time.perf_counter()
    sizes = [await _render(renderer, n) for n in range(LETTERS)]
    return LETTERS / (time.perf_counter() - started), sum(sizes) // len(sizes)


async def _parallel(renderer: WkhtmltopdfRenderer) -> float:
    slots = asyncio.Semaphore(PARALLEL)

    async def one(n: int) -> int:
        async with slots:
            return await _render(renderer, n)

    started = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(LETTERS)))
    return LETTERS / (time.perf_counter() - started)


def main() -> None:
    if shutil.which("wkhtmltopdf") is None:
        sys.exit("wkhtmltopdf is missing: run `scripts/bench-deps.sh` as root")

    async def run() -> tuple[float, int, float]:
        renderer = WkhtmltopdfRenderer()
        await _render(renderer, -1)
        sequential, size = await _sequential(renderer)
        return sequential, size, await _parallel(renderer)

    sequential, size, parallel = asyncio.run(run())
    print(f"voucher dunning PDFs (wkhtmltopdf, {LETTERS} letters each way)")
    print(f"  average PDF size             {size / 1024:>10.0f} KiB")
    print(f"  PDFs per second, sequential  {sequential:>10.1f}")
    print(f"  PDFs per second, {PARALLEL} at a time {parallel:>10.1f}  (target >= 3)")
    record = Recorder("pdf")
    record("voucher PDFs/s, sequential", sequential, "PDF/s")
    record(f"voucher PDFs/s, {PARALLEL} at a time", parallel, "PDF/s", at_least=3)


if __name__ == "__main__":
    main()
