"""Use cases: one attempt to deliver an event to an endpoint, and the sweep that queues due
attempts whose job was lost.

The delivery row is the truth; jobs only say "try now". An attempt is claimed in the database
before the request goes out, so duplicate jobs (the sweep's, a retry's) send nothing twice. An
endpoint that refused everything for `DISABLE_AFTER` is disabled; the tenant is told through
its attention list and digest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from automahntion.app.clock import Clock
from automahntion.app.errors import NotFound
from automahntion.app.events.records import Event, EventType
from automahntion.app.jobs import Jobs
from automahntion.app.storage import UnitOfWork
from automahntion.app.webhooks.backoff import DISABLE_AFTER, GIVE_UP_AFTER, retry_delay
from automahntion.app.webhooks.payload import event_body
from automahntion.app.webhooks.records import Delivery, DueDelivery, WebhookEndpoint
from automahntion.app.webhooks.sender import EndpointUnreachable, WebhookSender
from automahntion.app.webhooks.signing import signed_headers
from automahntion.domain.calendar import BERLIN

log = logging.getLogger(__name__)

WEBHOOK_DELIVERY_JOB = "webhook_delivery"
LEASE = timedelta(minutes=2)
"""Longer than the sender waits for an answer."""
SWEEP_GRACE = timedelta(minutes=1)
"""A due attempt is left to its own job this long before the sweep queues another."""
SWEEP_LIMIT = 1000
WITHHELD = "not sent: the endpoint may no longer receive feedback.received"
"""A waiting feedback delivery of an endpoint that lost the right (another caller moved its URL
or enabled it again): failed instead of sent to wherever the endpoint points now."""


@dataclass(frozen=True)
class WebhookPorts:
    units: Callable[[], UnitOfWork]
    sender: WebhookSender
    clock: Clock
    jobs: Jobs
    allow_loopback: bool = False
    """Endpoints on this machine over plain http (tests, a local receiver)."""


def delivery_job_id(delivery_id: UUID, attempt: int) -> str:
    return f"webhook:{delivery_id}:{attempt}"


async def queue_deliveries(jobs: Jobs, due: Iterable[DueDelivery], suffix: str = "") -> int:
    queued = 0
    for each in due:
        job_id = delivery_job_id(each.delivery_id, each.attempt) + suffix
        args = (str(each.tenant_id), str(each.delivery_id), str(each.attempt))
        queued += await jobs.enqueue(WEBHOOK_DELIVERY_JOB, *args, job_id=job_id)
    return queued


async def sweep(ports: WebhookPorts) -> int:
    """Queues every due attempt left waiting longer than `SWEEP_GRACE` (its job was lost with
    a process, or never queued); returns how many."""
    now = ports.clock.now()
    async with ports.units() as uow:
        due = await uow.due_deliveries.due(now - SWEEP_GRACE, SWEEP_LIMIT)
    return await queue_deliveries(ports.jobs, due, f":swept:{int(now.timestamp())}")


def _disabled_reason(since: datetime, error: str) -> str:
    return (
        f"Seit {since.astimezone(BERLIN):%d.%m.%Y %H:%M} Uhr hat der Endpunkt keine Zustellung "
        f"mehr angenommen (zuletzt: {error}). Er wurde deshalb deaktiviert; nach dem Beheben "
        "bitte wieder aktivieren: dann werden die Ereignisse zugestellt, die bei der "
        "Deaktivierung noch warteten. Ereignisse seit der Deaktivierung werden dem Endpunkt "
        "nicht zugestellt; sie stehen unter GET /v1/events."
    )


async def _attempt(
    ports: WebhookPorts, tenant_id: UUID, delivery_id: UUID, attempt: int
) -> tuple[Delivery, WebhookEndpoint, int | None, str] | str:
    now = ports.clock.now()
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        delivery, event = await store.deliveries.get(delivery_id)
        endpoint = await store.webhook_endpoints.get(delivery.endpoint_id)
        if not endpoint.enabled:
            return "endpoint disabled"
        if event.type is EventType.FEEDBACK_RECEIVED and not endpoint.feedback:
            await store.deliveries.refused(
                delivery_id, status=None, error=WITHHELD, next_attempt_at=None
            )
            return "withheld (the endpoint may not receive feedback)"
        if not await store.deliveries.claim(delivery_id, attempt, now, now + LEASE):
            return "not due"
    status, error = await _sent(ports, tenant_id, endpoint, event, now)
    return delivery, endpoint, status, error


async def _sent(
    ports: WebhookPorts, tenant_id: UUID, endpoint: WebhookEndpoint, event: Event, now: datetime
) -> tuple[int | None, str]:
    """The answer's status, or None and why there was none. After the claim every failure
    (also one of unsealing the secrets, signing, or the sender itself) is the attempt's: were it
    raised, the attempt would stay counted but unrecorded, and the sweep would take the
    delivery again each time its lease ran out, without backoff, for ever.

    Signed with the secrets in force now: a retry after a rotation carries the new one."""
    try:
        async with ports.units() as uow:
            secrets = await uow.tenant(tenant_id).webhook_endpoints.secrets(endpoint.id)
        body = event_body(event)
        keys = secrets.in_force(now)
        headers = signed_headers(keys, str(event.id), int(now.timestamp()), body)
        status = await ports.sender.post(endpoint.url, headers, body)
    except NotFound:
        raise
    except EndpointUnreachable as unreachable:
        return None, str(unreachable) or type(unreachable).__name__
    except Exception as failure:
        log.exception(
            "webhook delivery to endpoint %s failed unexpectedly",
            endpoint.id,
            extra={"event": "webhook_delivery_error"},
        )
        return None, f"{type(failure).__name__}: {failure}".rstrip(": ")
    return status, f"HTTP {status}"


async def deliver(ports: WebhookPorts, tenant_id: UUID, delivery_id: UUID, attempt: int) -> str:
    """Attempt number `attempt` of a delivery, when it is due and nobody took it; what
    happened, in a few words."""
    try:
        tried = await _attempt(ports, tenant_id, delivery_id, attempt)
        if isinstance(tried, str):
            return tried
        return await _record(ports, tenant_id, attempt, *tried)
    except NotFound:
        return "gone (the endpoint was deleted)"


async def _record(
    ports: WebhookPorts,
    tenant_id: UUID,
    attempt: int,
    delivery: Delivery,
    endpoint: WebhookEndpoint,
    status: int | None,
    error: str,
) -> str:
    """The endpoint is written before the delivery, as a change of the endpoint writes it
    before its deliveries (the other order could deadlock with it); disabling it is decided on
    the endpoint read locked, so a change meanwhile is seen, not overwritten."""
    delivery_id = delivery.id
    now = ports.clock.now()
    if status is not None and 200 <= status < 300:
        async with ports.units() as uow:
            store = uow.tenant(tenant_id)
            current = await store.webhook_endpoints.get(endpoint.id)
            if current.failing_since is not None:
                await store.webhook_endpoints.set_failing_since(endpoint.id, None)
            await store.deliveries.delivered(delivery_id, now, status)
        return "delivered"
    retry_at = now + retry_delay(attempt)
    give_up = retry_at - delivery.created_at > GIVE_UP_AFTER
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        current = await store.webhook_endpoints.locked(endpoint.id)
        await store.deliveries.refused(
            delivery_id, status=status, error=error, next_attempt_at=None if give_up else retry_at
        )
        since = current.failing_since
        disabled = current.enabled and since is not None and now - since >= DISABLE_AFTER
        if since is None:
            await store.webhook_endpoints.set_failing_since(endpoint.id, now)
        elif disabled:
            await store.webhook_endpoints.disable(endpoint.id, now, _disabled_reason(since, error))
    if disabled:
        log.warning(
            "webhook endpoint %s disabled after refusing since %s",
            endpoint.id,
            since,
            extra={"event": "webhook_endpoint_disabled"},
        )
    elif current.enabled and not give_up:
        await ports.jobs.enqueue(
            WEBHOOK_DELIVERY_JOB,
            str(tenant_id),
            str(delivery_id),
            str(attempt + 1),
            job_id=delivery_job_id(delivery_id, attempt + 1),
            delay_s=(retry_at - now).total_seconds(),
        )
    return f"refused ({error}); " + ("given up" if give_up else f"again at {retry_at.isoformat()}")
