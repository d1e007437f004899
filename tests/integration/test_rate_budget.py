"""Issue 15, finding 2: a rate limit is one budget per credential across every route; failed
authentication is charged to the client address; signed webhooks have their own budget;
`X-Forwarded-For` counts only from trusted proxies; with Redis, every API process shares the
budget. Every loop here is bounded and goes to an app in this process (or 127.0.0.1)."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from uuid import uuid4

import httpx
import pytest
from redis.asyncio import Redis

from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings, SettingsError
from automahntion.bootstrap.web import create_app
from automahntion.cli.threaded import free_port
from tests.integration.api_callers import bearer, new_api_key, start_callers
from tests.integration.conftest import SECRET_KEY
from tests.integration.lexoffice_env import TestClock, serving_api

LIMIT = 16
SIGNING_KEY = "postal-signing-key"
ROUTES = (
    "/v1/account",
    "/v1/settings",
    "/v1/levels",
    "/v1/api-keys",
    "/v1/invoices",
    "/v1/contacts",
    "/v1/subscription",
    "/v1/pause",
)
REDIS_URL = os.environ.get("AUTOMAHNTION_TEST_RATE_REDIS_URL", "redis://127.0.0.1:6379/12")


@asynccontextmanager
async def _api(
    database_url: str, *, peer: str = "203.0.113.7", **settings: str
) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """The API of a new tenant (and its API key) with a budget of LIMIT requests a minute,
    called from `peer`."""
    container = await Container.start(
        Settings(
            database_url=database_url,
            secret_key=SECRET_KEY,
            api_rate_limit=LIMIT,
            postal_webhook_secret=SIGNING_KEY,
            **settings,  # type: ignore[arg-type]
        ),
        TestClock(),
    )
    try:
        api_key = new_api_key()
        await create_tenant(
            container.database.unit_of_work,
            NewTenant(f"Optik {uuid4().hex[:6]}", "chef@optik.example"),
            container.clock.now(),
            api_key,
        )
        app = create_app(container)
        transport = httpx.ASGITransport(app=app, client=(peer, 40000))  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as http:
            yield http, api_key
    finally:
        await container.stop()


@pytest.fixture
def sqlite_url(migrated_urls: dict[str, str]) -> str:
    return migrated_urls["sqlite"]


async def test_one_key_has_one_budget_across_all_routes(sqlite_url: str) -> None:
    async with _api(sqlite_url) as (http, key):
        statuses = [
            (await http.get(route, headers=bearer(key))).status_code
            for _ in range(3)
            for route in ROUTES
        ]
        assert statuses[:LIMIT] == [200] * LIMIT
        assert statuses[LIMIT:] == [429] * (3 * len(ROUTES) - LIMIT)
        refused = await http.get("/v1/account", headers=bearer(key))
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.headers["ratelimit-remaining"] == "0"


async def test_a_widget_grant_keeps_its_budget_through_refreshes(
    migrated_urls: dict[str, str], tmp_path: Path
) -> None:
    """Rate limits count per credential: a widget's is its grant, so refreshing for a new
    access token (one public request of the address) buys no new budget."""
    async for callers in start_callers(migrated_urls["sqlite"], tmp_path, api_rate_limit=LIMIT):
        http = callers.http
        grant = await callers.widget_grant("settings:read")
        statuses = [
            (await http.get("/v1/settings", headers=bearer(grant["access_token"]))).status_code
            for _ in range(LIMIT + 1)
        ]
        assert statuses == [200] * LIMIT + [429]
        refreshed = await http.post(
            "/oauth/token",
            data={
                "grant_type": "refresh_token",
                "refresh_token": grant["refresh_token"],
                "client_id": grant["client_id"],
            },
        )
        assert refreshed.status_code == 200, refreshed.text
        again = await http.get("/v1/settings", headers=bearer(refreshed.json()["access_token"]))
        assert again.status_code == 429
        assert again.headers["ratelimit-remaining"] == "0"


async def test_unknown_tokens_are_charged_to_the_client_address(sqlite_url: str) -> None:
    async with _api(sqlite_url) as (http, key):
        assert (await http.get("/v1/account", headers=bearer(key))).status_code == 200
        answers = [
            await http.get("/v1/account", headers=bearer(new_api_key())) for _ in range(LIMIT + 5)
        ]
        guesses = [answer.status_code for answer in answers]
        assert guesses[:LIMIT] == [401] * LIMIT
        assert guesses[LIMIT:] == [429] * 5
        remaining = [answer.headers["ratelimit-remaining"] for answer in answers[:LIMIT]]
        assert remaining == [str(LIMIT - n) for n in range(1, LIMIT + 1)], "the address's"
        known = await http.get("/v1/account", headers=bearer(key))
    assert known.status_code == 200, "a key in use keeps its own budget"


def _postal_event() -> bytes:
    letter = str(uuid4())
    return json.dumps(
        {
            "data": {
                "id": str(uuid4()),
                "type": "webhook_sent",
                "attributes": {"created_at": "2026-12-01T10:00:00+00:00"},
                "relationships": {"letter": {"data": {"id": letter, "type": "letters"}}},
            },
            "included": [{"type": "letters", "id": letter, "attributes": {"status": "sent"}}],
        }
    ).encode()


def _signed(body: bytes) -> dict[str, str]:
    signature = hmac.new(SIGNING_KEY.encode(), body, hashlib.sha256).hexdigest()
    return {"Signature": signature, "Content-Type": "application/json"}


async def test_unsigned_webhooks_do_not_spend_the_signed_budget(sqlite_url: str) -> None:
    async with _api(sqlite_url) as (http, _):
        unsigned = [
            (await http.post("/v1/webhooks/postal", content=_postal_event())).status_code
            for _ in range(LIMIT + 4)
        ]
        assert unsigned[:LIMIT] == [401] * LIMIT
        assert unsigned[LIMIT:] == [429] * 4
        body = _postal_event()
        signed = await http.post("/v1/webhooks/postal", content=body, headers=_signed(body))
        assert signed.status_code == 200, signed.text
        assert signed.json() == {"accepted": True}, "an unknown letter's report is kept for it"
        signed_codes = []
        for _ in range(LIMIT):
            body = _postal_event()
            reply = await http.post("/v1/webhooks/postal", content=body, headers=_signed(body))
            signed_codes.append(reply.status_code)
    assert signed_codes == [200] * (LIMIT - 1) + [429]


async def _anonymous_statuses(http: httpx.AsyncClient, forwarded_for: str) -> list[int]:
    return [
        (
            await http.get(
                "/.well-known/oauth-authorization-server",
                headers={"X-Forwarded-For": forwarded_for},
            )
        ).status_code
        for _ in range(LIMIT)
    ]


async def test_forwarded_for_counts_only_from_a_trusted_proxy(sqlite_url: str) -> None:
    async with _api(sqlite_url, peer="10.1.2.3") as (direct, _):
        assert await _anonymous_statuses(direct, "198.51.100.1") == [200] * LIMIT
        spoofed = await _anonymous_statuses(direct, "198.51.100.2")
    assert spoofed == [429] * LIMIT, "without a trusted proxy the header is ignored"
    async with _api(sqlite_url, peer="10.1.2.3", trusted_proxies="10.0.0.0/8") as (proxied, _):
        assert await _anonymous_statuses(proxied, "198.51.100.1, 10.9.9.9") == [200] * LIMIT
        other = await _anonymous_statuses(proxied, "198.51.100.2")
        assert other == [200] * LIMIT, "each client behind the proxy has its own budget"
        forged = await _anonymous_statuses(proxied, "198.51.100.2, 198.51.100.1")
    assert forged == [429] * LIMIT, "the right-most untrusted hop is the client"


def test_a_malformed_trusted_proxy_setting_is_one_line_naming_it() -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"AUTOMAHNTION_TRUSTED_PROXIES": "10.0.0.0/8, proxy.internal"}, None)
    message = str(refused.value)
    assert "AUTOMAHNTION_TRUSTED_PROXIES" in message
    assert "\n" not in message
    parsed = Settings.from_env({"AUTOMAHNTION_TRUSTED_PROXIES": "10.0.0.0/8, ::1"}, None)
    assert parsed.trusted_proxies == "10.0.0.0/8, ::1"


def _settings(database_url: str, **given: str) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key=SECRET_KEY,
        api_rate_limit=LIMIT,
        public_url=f"http://127.0.0.1:{free_port()}",
        **given,  # type: ignore[arg-type]
    )


async def test_two_api_processes_share_the_budget_through_redis(sqlite_url: str) -> None:
    """Two `automahntion serve` processes on one Redis; `serve` itself ignores
    `X-Forwarded-For` (uvicorn would trust it from 127.0.0.1)."""
    async with _api(sqlite_url) as (_, key):
        pass
    redis = Redis.from_url(REDIS_URL)
    await redis.flushdb()
    try:
        with (
            serving_api(_settings(sqlite_url, redis_url=REDIS_URL)) as first,
            serving_api(_settings(sqlite_url, redis_url=REDIS_URL)) as second,
        ):
            statuses = [
                httpx.get(f"{(first, second)[i % 2]}/v1/account", headers=bearer(key)).status_code
                for i in range(LIMIT + 2)
            ]
            spoofed = [
                httpx.get(
                    f"{(first, second)[i % 2]}/.well-known/oauth-authorization-server",
                    headers={"X-Forwarded-For": f"198.51.100.{i}"},
                ).status_code
                for i in range(LIMIT + 2)
            ]
    finally:
        await redis.flushdb()
        await redis.aclose()
    assert statuses == [200] * LIMIT + [429, 429]
    assert spoofed == [200] * LIMIT + [429, 429]


async def test_refusals_by_the_middlewares_carry_the_budget_headers_too(sqlite_url: str) -> None:
    """The OpenAPI document names the `RateLimit-*` headers on every answer of a limited route;
    a refusal before the handler (unknown token, missing scope, unknown field, reused
    idempotency key) spends the budget as any other request and says so."""
    async with _api(sqlite_url) as (http, key):
        reused = {**bearer(key), "Idempotency-Key": "k"}
        assert (await http.patch("/v1/settings", json={}, headers=reused)).status_code == 200
        refusals = [
            await http.get("/v1/account", headers=bearer(new_api_key())),
            await http.get("/v1/admin/tenants", headers=bearer(key)),
            await http.patch("/v1/settings", json={"sendingHour": 99}, headers=bearer(key)),
            await http.patch("/v1/settings", json={"nosuch": 1}, headers=bearer(key)),
            await http.patch("/v1/settings", json={"sendingHour": 10}, headers=reused),
        ]
    assert [answer.status_code for answer in refusals] == [401, 403, 422, 422, 409]
    for answer in refusals[1:]:
        assert answer.headers["ratelimit-limit"] == str(LIMIT), answer.text
        assert answer.headers["ratelimit-policy"] == f"{LIMIT}; w=60"
        assert int(answer.headers["ratelimit-reset"]) >= 1
    remaining = [int(answer.headers["ratelimit-remaining"]) for answer in refusals[1:]]
    assert remaining == [LIMIT - 2, LIMIT - 3, LIMIT - 4, LIMIT - 5]
    assert refusals[0].headers["ratelimit-remaining"] == str(LIMIT - 1), "the address's"
