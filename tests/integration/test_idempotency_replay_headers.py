"""A replay of an `Idempotency-Key` carries the headers that belong to the stored answer
(`ETag`, `Location`, `Content-Type`) as the first answer had them, on both engines; the headers
of the exchange (`X-Request-Id`, `RateLimit-*`) are the replay's own. A client that retried a
write still holds the `ETag` for its next `If-Match`."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.integration.api_callers import Callers, bearer

pytest_plugins = ["tests.integration.api_callers"]

TEMPLATE = {"subject": "Erinnerung {{ invoice_number }}", "body": "Guten Tag,\nbitte zahlen.\n"}
CONDITIONAL_WRITES = [
    ("PATCH", "/v1/settings", {"sendingHour": 7}, "/v1/settings"),
    ("PATCH", "/v1/levels/R2", {"enabled": True}, "/v1/levels"),
    ("PUT", "/v1/levels/M1/template", TEMPLATE, "/v1/levels/M1/templates"),
]


async def _write(
    callers: Callers, method: str, path: str, body: Any, **headers: str
) -> httpx.Response:
    return await callers.http.request(
        method, path, json=body, headers={**bearer(callers.api_key), **headers}
    )


async def _current_etag(callers: Callers, path: str) -> str:
    answer = await callers.http.get(path, headers=bearer(callers.api_key))
    assert answer.status_code == 200, answer.text
    return answer.headers["etag"]


@pytest.mark.parametrize(("method", "path", "body", "read_path"), CONDITIONAL_WRITES)
async def test_a_retried_write_replays_its_etag_for_the_next_if_match(
    callers: Callers, method: str, path: str, body: Any, read_path: str
) -> None:
    key = {"Idempotency-Key": f"retry-{method}-{path}"}
    first = await _write(callers, method, path, body, **key)
    retried = await _write(callers, method, path, body, **key)
    assert first.status_code == 200, first.text
    assert retried.headers["idempotent-replayed"] == "true"
    assert retried.json() == first.json()
    assert (
        retried.headers["etag"] == first.headers["etag"] == await _current_etag(callers, read_path)
    )
    assert retried.headers["content-type"] == first.headers["content-type"]
    follow_up = await _write(callers, method, path, body, **{"If-Match": retried.headers["etag"]})
    assert follow_up.status_code == 200, follow_up.text


async def test_the_replayed_etag_is_the_first_answers_not_the_current_one(
    callers: Callers,
) -> None:
    """The body replayed is the first answer's, so is its version: a change made in between
    makes that version stale, and a write based on it is refused."""
    key = {"Idempotency-Key": "sending-hour-7"}
    first = await _write(callers, "PATCH", "/v1/settings", {"sendingHour": 7}, **key)
    between = await _write(callers, "PATCH", "/v1/settings", {"minGapDays": 8})
    retried = await _write(callers, "PATCH", "/v1/settings", {"sendingHour": 7}, **key)
    assert between.status_code == 200, between.text
    assert retried.headers["idempotent-replayed"] == "true"
    assert retried.headers["etag"] == first.headers["etag"] != between.headers["etag"]
    stale = await _write(
        callers, "PATCH", "/v1/settings", {"sendingHour": 9}, **{"If-Match": first.headers["etag"]}
    )
    assert stale.status_code == 412, stale.text


async def test_the_headers_of_the_exchange_are_the_replays_own(callers: Callers) -> None:
    key = {"Idempotency-Key": "neuer-schluessel"}
    first = await _write(callers, "POST", "/v1/api-keys", {"name": "Kasse"}, **key)
    retried = await _write(
        callers, "POST", "/v1/api-keys", {"name": "Kasse"}, **key, **{"X-Request-Id": "retry-1"}
    )
    assert first.status_code == 201, first.text
    assert (retried.status_code, retried.json()) == (201, first.json())
    assert retried.headers["content-type"] == first.headers["content-type"]
    assert retried.headers["x-request-id"] == "retry-1"
    assert "etag" not in retried.headers
    remaining = int(first.headers["ratelimit-remaining"])
    assert retried.headers["ratelimit-remaining"] == str(remaining - 1)
