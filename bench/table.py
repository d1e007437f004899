"""`make bench`: every benchmark in its own process, then their figures as one table.

Each benchmark prints its own report as it runs and records its figures (bench/figures.py);
the table at the end shows each figure with its target and whether it was met. The exit status
is non-zero when a benchmark failed (not when a target was missed).
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.figures import FIGURES_ENV, Figure, read

BENCHMARKS = (
    "domain_decisions",
    "sync_calls",
    "dunning_run",
    "pro_tenant_run",
    "api_throughput",
    "pdf_letters",
)
SECTIONS = (
    ("api", "(a) API: GET /v1/invoices (250 rows) from SQL, its 304, and GET /health"),
    ("dunning", "(b) dunning run"),
    ("domain", "(b) for comparison: the rules alone"),
    ("sync", "(c) lexoffice sync calls"),
    ("pdf", "(d) voucher dunning PDFs"),
    ("memory", "(e) memory"),
)


def _machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores {model}, Python {platform.python_version()}".strip()


def _value(figure: Figure) -> str:
    if figure.unit == "%":
        return f"{figure.value:.0f} %"
    if figure.value >= 100 or figure.value.is_integer():
        return f"{figure.value:,.0f} {figure.unit}"
    return f"{figure.value:.1f} {figure.unit}"


def _target(figure: Figure) -> str:
    if figure.target is None:
        return ""
    sign = ">=" if figure.direction == "min" else "<="
    unit = " %" if figure.unit == "%" else f" {figure.unit}"
    return f"{sign} {figure.target:,.0f}{unit}"


def _met(figure: Figure) -> str:
    return {True: "yes", False: "NO", None: ""}[figure.met]


def table(figures: list[Figure], failed: list[str]) -> str:
    rows = [("figure", "value", "target", "met")]
    lines: list[str | tuple[str, str, str, str]] = []
    for section, title in SECTIONS:
        chosen = [f for f in figures if f.section == section]
        if not chosen:
            continue
        lines.append(title)
        lines += [("  " + f.name, _value(f), _target(f), _met(f)) for f in chosen]
    widths = [
        max(len(r[i]) for r in rows + [x for x in lines if isinstance(x, tuple)]) for i in range(4)
    ]

    def row(cells: tuple[str, str, str, str]) -> str:
        name, value, target, met = cells
        return (
            f"{name:<{widths[0]}}  {value:>{widths[1]}}  {target:>{widths[2]}}  {met:<{widths[3]}}"
        )

    out = [row(rows[0]), "-" * (sum(widths) + 6)]
    out += [x if isinstance(x, str) else row(x) for x in lines]
    out += [f"benchmark FAILED: {name}" for name in failed]
    return "\n".join(out)


def derived(figures: list[Figure]) -> list[Figure]:
    """Figures made of two benchmarks' figures: the dunning run's decisions including loading as
    a share of the rules alone measured by `domain_decisions` in the same `make bench`."""
    loading = next((f for f in figures if f.name.startswith("decisions/s incl. loading")), None)
    alone = next(
        (f for f in figures if f.section == "domain" and f.name.startswith("decisions/s, rules")),
        None,
    )
    if loading is None or alone is None or not alone.value:
        return []
    share = 100 * loading.value / alone.value
    name = "decisions incl. loading, share of the rules alone (bench/domain_decisions.py)"
    return [Figure("dunning", name, share, "%", 60, "min")]


def main() -> None:
    names = sys.argv[1:] or list(BENCHMARKS)
    started = time.perf_counter()
    failed = []
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "figures.jsonl")
        Path(path).touch()
        for name in names:
            print(f"== bench/{name}.py", flush=True)
            done = subprocess.run(
                [sys.executable, "-m", f"bench.{name}"], env={**os.environ, FIGURES_ENV: path}
            )
            if done.returncode != 0:
                failed.append(name)
            print(flush=True)
        figures = read(path)
    figures += derived(figures)
    minutes = (time.perf_counter() - started) / 60
    print(f"== figures ({_machine()}; {minutes:.1f} min in all)")
    print(table(figures, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
