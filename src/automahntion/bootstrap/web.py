"""The API put together: its `Wiring` taken from the container, the container started with the
server and stopped with it."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

from litestar import Litestar
from litestar.datastructures import State

from automahntion.api.app import api_app
from automahntion.api.rate_limit import MemoryBudgets, RedisBudgets
from automahntion.api.wiring import RateBudget, Wiring
from automahntion.app.clock import Clock
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.heap import collect_young_less_often, settle_startup_heap
from automahntion.bootstrap.readiness import Readiness, readiness
from automahntion.bootstrap.schedule import run_ticks
from automahntion.bootstrap.settings import Settings, trusted_networks


@dataclass(frozen=True)
class _Readiness:
    container: Container

    async def __call__(self) -> Readiness:
        return await readiness(self.container)


def api_wiring(container: Container) -> Wiring:
    """What the API runs on, from a started container (each app its own request budgets
    when they are kept in the process)."""
    settings = container.settings
    return Wiring(
        units=container.database.unit_of_work,
        request_reads=container.database.request_reads,
        invoice_list=container.database.invoice_list,
        clock=container.clock,
        readiness=_Readiness(container),
        rate=RateBudget(
            limit=settings.api_rate_limit,
            trusted=trusted_networks(settings.trusted_proxies),
            budgets=RedisBudgets(container.redis) if container.redis else MemoryBudgets(),
        ),
        secret_box=container.database.secrets,
        gateways=container.gateways,
        lexoffice_oauth=container.oauth,
        lexoffice_events=container.providers.lexoffice_events,
        letter_events=container.providers.letter_events,
        payment_events=container.providers.payment_events,
        jobs=container.jobs,
        mail_transports=container.mail,
        dunning_ports=container.dunning,
        billing_ports=container.billing,
        thank_you_renderer=container.thank_yous.renderer,
        public_url=settings.public_url.rstrip("/"),
        webhook_url=container.webhook_url,
        mail_domain=container.dunning.message_domain,
        webhooks=container.webhooks,
    )


def create_app(container: Container) -> Litestar:
    """An app on a container that is already started (tests, embedded use)."""
    return api_app(State({"wiring": api_wiring(container)}), [], [])


def serving_app(settings: Settings, clock: Clock) -> Litestar:
    """An app that builds its container when the server starts and stops it at shutdown."""

    async def start(app: Litestar) -> None:
        container = await Container.start(settings, clock)
        app.state.container = container
        app.state.wiring = api_wiring(container)
        settle_startup_heap()
        collect_young_less_often()
        if container.redis is None:
            app.state.schedule = asyncio.create_task(run_ticks(container.tick))

    async def stop(app: Litestar) -> None:
        schedule = app.state.get("schedule")
        if schedule is not None:
            schedule.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await schedule
        container = app.state.get("container")
        if container is not None:  # None: the start failed, and that error is the one reported
            await container.stop()

    return api_app(State(), [start], [stop])
