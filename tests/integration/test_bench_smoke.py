"""The benchmarks still run, each on a few tenants and pages: `make bench` is not part of the
suite, and a change that breaks a benchmark's seeding (as a claim that came to require an
activated tenant once did) would otherwise go unseen until the next measurement."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.conftest import POSTGRES_ADMIN_URL

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.postgres


def _bench(module: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", f"bench.{module}"],
        cwd=ROOT,
        env={**os.environ, "AUTOMAHNTION_TEST_POSTGRES_URL": POSTGRES_ADMIN_URL, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stdout


def test_the_invoice_page_benchmark_runs(empty_postgres_url: str) -> None:
    out = _bench("page_cpu", BENCH_PAGE_CPU_PAGES="3")
    assert "invoice page CPU, 3 pages of 250" in out
    assert "PostgreSQL backend CPU per page" in out


def test_the_dunning_run_benchmark_runs(empty_postgres_url: str) -> None:
    out = _bench("dunning_run", BENCH_TENANTS="3", BENCH_SEND_TENANTS="2")
    assert _figure(out, "invoices decided") == "750"
    assert _figure(out, "incl. loading / rules alone") is not None
    assert _figure(out, "messages sent") == "10"


def _figure(out: str, name: str) -> str | None:
    """The first word after `name` on its line of the report."""
    for line in out.splitlines():
        if line.strip().startswith(name):
            return line.strip()[len(name) :].split()[0]
    return None
