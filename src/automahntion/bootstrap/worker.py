"""`automahntion worker`: the arq worker — webhook jobs, daily runs, and the tick that
schedules them at each tenant's sending hour."""

from __future__ import annotations

from typing import Any

from arq.connections import RedisSettings
from arq.cron import cron
from arq.worker import Worker, func

from automahntion.app.clock import Clock
from automahntion.app.daily import DAILY_JOB_TIMEOUT_S
from automahntion.app.lexoffice.events import LEXOFFICE_EVENT_JOB
from automahntion.app.log_context import log_context
from automahntion.app.webhooks.delivery import WEBHOOK_DELIVERY_JOB
from automahntion.bootstrap.container import DAILY_JOB, DIGEST_JOB, Container
from automahntion.bootstrap.heap import settle_startup_heap
from automahntion.bootstrap.settings import Settings, SettingsError

TICK_MINUTES = frozenset(range(0, 60, 5))
KEEP_RESULTS_S = 2 * 24 * 3600
ARQ_MARGIN_S = 30
"""How much longer than the day's own limit (`Container.day_limit_s`, `run_day_within`) arq
gives the daily job. The day cuts itself off first, logs its one `tenant_failed` line and
unwinds (a transaction rolled back, connections closed); arq's timeout is only the last resort
for a day that does not unwind, and then its own line ("… failed, TimeoutError") is all there
is. Small, because arq lets another worker take over the jobs of a worker that died only after
the longest timeout (plus 10 s): every second here is a second longer that a dead worker's
jobs, webhook events included, wait."""


async def _lexoffice_event(ctx: dict[str, Any], tenant_id: str, payload: str) -> str:
    container: Container = ctx["container"]
    with log_context(job_id=ctx.get("job_id", "-")):
        return await container.process_lexoffice_event(tenant_id, payload)


async def _daily(ctx: dict[str, Any], tenant_id: str) -> str:
    container: Container = ctx["container"]
    with log_context(job_id=ctx.get("job_id", "-")):
        return await container.daily_run(tenant_id)


async def _digest(ctx: dict[str, Any], tenant_id: str) -> str:
    container: Container = ctx["container"]
    with log_context(job_id=ctx.get("job_id", "-")):
        return await container.digest_only(tenant_id)


async def _webhook_delivery(
    ctx: dict[str, Any], tenant_id: str, delivery_id: str, attempt: str
) -> str:
    container: Container = ctx["container"]
    with log_context(job_id=ctx.get("job_id", "-")):
        return await container.deliver_webhook(tenant_id, delivery_id, attempt)


async def _tick(ctx: dict[str, Any]) -> int:
    container: Container = ctx["container"]
    return await container.tick()


def build_worker(
    settings: Settings,
    clock: Clock,
    *,
    burst: bool = False,
    day_limit_s: float = DAILY_JOB_TIMEOUT_S,
) -> Worker:
    """The worker; a tenant's day is cut off after `day_limit_s` (shorter in tests)."""
    if not settings.redis_url:
        raise SettingsError(
            "AUTOMAHNTION_REDIS_URL is not set: the worker needs Redis "
            "(without it, `automahntion serve` runs the jobs itself)"
        )
    settings.require_secret_key()

    async def startup(ctx: dict[str, Any]) -> None:
        ctx["container"] = await Container.start(settings, clock, day_limit_s=day_limit_s)
        settle_startup_heap()

    async def shutdown(ctx: dict[str, Any]) -> None:
        """Also after a start-up that failed: its own error is the one reported."""
        container: Container | None = ctx.get("container")
        if container is not None:
            await container.stop()

    return Worker(
        functions=[
            func(_lexoffice_event, name=LEXOFFICE_EVENT_JOB),
            func(_daily, name=DAILY_JOB, timeout=day_limit_s + ARQ_MARGIN_S),
            func(_digest, name=DIGEST_JOB),
            func(_webhook_delivery, name=WEBHOOK_DELIVERY_JOB, max_tries=1),
        ],
        cron_jobs=[] if burst else [cron(_tick, minute=set(TICK_MINUTES), run_at_startup=True)],
        on_startup=startup,
        on_shutdown=shutdown,
        redis_settings=RedisSettings.from_dsn(settings.redis_url),
        keep_result=KEEP_RESULTS_S,
        burst=burst,
        poll_delay=0.2,
        handle_signals=not burst,
    )
