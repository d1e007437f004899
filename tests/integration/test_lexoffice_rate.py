"""Never faster than lexoffice allows, measured where it counts: in the sandbox's request log."""

from __future__ import annotations

import asyncio
import itertools
import os
import uuid

import pytest
from redis.asyncio import Redis

from automahntion.adapters.lexoffice.gateways import LexofficeGatewayFactory
from automahntion.adapters.lexoffice.rate import LocalRateLimiter, RateLimiter, RedisRateLimiter
from automahntion.app.lexoffice import connect
from tests.integration.lexoffice_env import Service

REDIS_URL = os.environ.get("AUTOMAHNTION_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
RATE = 2.0
CALLS = 9
ARRIVAL_JITTER_S = 0.05


def _factory(service: Service, limiter: RateLimiter) -> LexofficeGatewayFactory:
    return LexofficeGatewayFactory(
        units=service.container.database.unit_of_work,
        http=service.container.http,
        base_url=service.sandbox.url,
        limiter=limiter,
        clock=service.clock,
    )


def _assert_paced(service: Service, org: str, count: int = CALLS) -> None:
    calls = service.sandbox.requests(org, "/v1")
    assert len(calls) == count
    assert all(call["status"] in (200, 201) for call in calls), [c["status"] for c in calls]
    times = sorted(call["at"] for call in calls)
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= 1 / RATE - ARRIVAL_JITTER_S, gaps
    for index, start in enumerate(times):
        in_one_second = [t for t in times[index:] if t < start + 1 - ARRIVAL_JITTER_S]
        assert len(in_one_second) <= RATE


async def _concurrent_calls(factory: LexofficeGatewayFactory, tenant_id: uuid.UUID) -> None:
    clients = [await factory.for_tenant(tenant_id) for _ in range(3)]
    await asyncio.gather(*(clients[n % 3].profile() for n in range(CALLS)))


async def test_concurrent_tasks_share_one_pace_per_organization(service: Service) -> None:
    org = service.sandbox.organization()
    tenant = await service.connected_tenant(org)
    service.sandbox.control("PUT", "/rate", json={"perSecond": RATE})
    service.sandbox.clear_requests()
    await _concurrent_calls(_factory(service, LocalRateLimiter(RATE)), tenant.id)
    _assert_paced(service, org["organizationId"])


async def test_processes_share_the_pace_through_redis(service: Service) -> None:
    """Two limiters on one Redis stand for two worker processes."""
    redis = Redis.from_url(REDIS_URL)
    try:
        await redis.ping()
    except OSError as error:
        pytest.fail(f"Redis is needed for this test ({REDIS_URL}): {error}")
    prefix = f"test:{uuid.uuid4().hex}:"
    org = service.sandbox.organization()
    tenant = await service.connected_tenant(org)
    service.sandbox.control("PUT", "/rate", json={"perSecond": RATE})
    service.sandbox.clear_requests()
    first = _factory(service, RedisRateLimiter(redis, RATE, prefix=prefix))
    second = _factory(service, RedisRateLimiter(redis, RATE, prefix=prefix))
    one = [await first.for_tenant(tenant.id) for _ in range(2)]
    two = [await second.for_tenant(tenant.id) for _ in range(2)]
    clients = one + two
    try:
        await asyncio.gather(*(clients[n % 4].profile() for n in range(CALLS)))
    finally:
        await redis.aclose()
    _assert_paced(service, org["organizationId"])


async def test_a_client_faster_than_lexoffice_gets_429s_and_still_finishes(
    service: Service,
) -> None:
    org = service.sandbox.organization()
    tenant = await service.connected_tenant(org)
    service.sandbox.control("PUT", "/rate", json={"perSecond": 1.0})
    service.sandbox.clear_requests()
    factory = _factory(service, LocalRateLimiter(20.0))
    client = await factory.for_tenant(tenant.id)
    profiles = await asyncio.gather(*(client.profile() for _ in range(4)))
    statuses = [c["status"] for c in service.sandbox.requests(org["organizationId"], "/v1")]
    assert len(profiles) == 4
    assert 429 in statuses
    assert statuses.count(200) == 4


async def test_connecting_is_paced_with_everything_else_of_the_organization(
    service: Service,
) -> None:
    """The profile read that verifies a key, the event-subscription POSTs and a first sync
    right after all count against the organization's budget."""
    org = service.sandbox.organization()
    tenant = await service.tenant()
    service.sandbox.control("PUT", "/rate", json={"perSecond": RATE})
    service.sandbox.clear_requests()
    factory = _factory(service, LocalRateLimiter(RATE))
    await connect.connect_api_key(
        service.container.database.unit_of_work,
        factory,
        tenant.id,
        org["apiKey"],
        now=service.clock.now(),
        webhook_url=service.container.webhook_url,
    )
    await (await factory.for_tenant(tenant.id)).profile()
    calls = service.sandbox.requests(org["organizationId"], "/v1")
    assert [c["path"] for c in calls][:2] == ["/v1/profile", "/v1/event-subscriptions"]
    _assert_paced(service, org["organizationId"], len(connect.WEBHOOK_EVENTS) + 2)
