"""The worker gives a tenant's day time to finish: arq cuts a job off after 300 s unless its
function says otherwise, and a daily job cut off is not run again that day (its id is the
tenant's day, its failure kept as its result). The day cuts itself off first
(`run_day_within`, as `run` and `serve` do): arq's timeout is a small margin above it, the
last resort, and no longer than that, since a dead worker's jobs wait for the longest one."""

from __future__ import annotations

from datetime import UTC, datetime

from arq.worker import Worker

from automahntion.adapters.clock import AsOfClock
from automahntion.app.daily import DAILY_JOB_TIMEOUT_S
from automahntion.bootstrap.container import DAILY_JOB
from automahntion.bootstrap.settings import Settings
from automahntion.bootstrap.worker import build_worker

ARQ_DEFAULT_S = 300
ARQ_TAKEOVER_EXTRA_S = 10
"""arq lets another worker take a dead worker's job after the longest timeout and this."""


def _worker(**options: float) -> Worker:
    settings = Settings(
        database_url="sqlite:///unused.sqlite",
        secret_key="worker-timeouts-secret-0123456789abcdef",
        redis_url="redis://127.0.0.1:6379/15",
    )
    clock = AsOfClock(datetime(2026, 12, 7, 5, tzinfo=UTC))
    return build_worker(settings, clock, burst=True, **options)


def test_a_tenants_day_is_not_cut_off_at_arqs_default() -> None:
    daily = _worker().functions[DAILY_JOB]
    assert daily.timeout_s is not None
    assert daily.timeout_s >= 3600 > ARQ_DEFAULT_S


def test_arq_cuts_a_day_off_only_a_little_after_the_day_cut_itself_off() -> None:
    for worker, limit_s in ((_worker(), DAILY_JOB_TIMEOUT_S), (_worker(day_limit_s=15.0), 15.0)):
        timeout_s = worker.functions[DAILY_JOB].timeout_s
        assert timeout_s is not None
        assert limit_s < timeout_s <= limit_s + 60, "the day's own cut-off comes first, by little"


def test_a_dead_workers_jobs_wait_for_the_daily_job_and_its_small_margin_only() -> None:
    worker = _worker()
    daily = worker.functions[DAILY_JOB].timeout_s
    assert daily is not None
    assert max(f.timeout_s or worker.job_timeout_s for f in worker.functions.values()) == daily
    assert worker.in_progress_timeout_s == daily + ARQ_TAKEOVER_EXTRA_S <= DAILY_JOB_TIMEOUT_S + 70
