"""The worker gives a tenant's day time to finish: arq cuts a job off after 300 s unless its
function says otherwise, and a daily job cut off is not run again that day (its id is the
tenant's day, its failure kept as its result)."""

from __future__ import annotations

from datetime import UTC, datetime

from automahntion.adapters.clock import AsOfClock
from automahntion.bootstrap.container import DAILY_JOB
from automahntion.bootstrap.settings import Settings
from automahntion.bootstrap.worker import build_worker

ARQ_DEFAULT_S = 300


def test_a_tenants_day_is_not_cut_off_at_arqs_default() -> None:
    settings = Settings(
        database_url="sqlite:///unused.sqlite",
        secret_key="worker-timeouts-secret-0123456789abcdef",
        redis_url="redis://127.0.0.1:6379/15",
    )
    worker = build_worker(settings, AsOfClock(datetime(2026, 12, 7, 5, tzinfo=UTC)), burst=True)
    daily = worker.functions[DAILY_JOB]
    assert daily.timeout_s is not None
    assert daily.timeout_s >= 3600 > ARQ_DEFAULT_S
