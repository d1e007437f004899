"""The SDK's wait on 429: how long `Retry-After` says, and not at all when that is too long."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
from automahntion_client.retry import FALLBACK_WAIT, RetryTransport, retry_after

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert retry_after("7") == 7.0
    assert retry_after(format_datetime(NOW + timedelta(seconds=30), usegmt=True), NOW) == 30.0
    assert retry_after(format_datetime(NOW - timedelta(seconds=5), usegmt=True), NOW) == 0.0
    assert retry_after(None) == FALLBACK_WAIT
    assert retry_after("soon") == FALLBACK_WAIT


def _answers(*statuses: tuple[int, str]) -> tuple[httpx.MockTransport, list[bytes]]:
    bodies: list[bytes] = []
    queue = list(statuses)

    def answer(request: httpx.Request) -> httpx.Response:
        bodies.append(request.content)
        status, wait = queue.pop(0)
        return httpx.Response(status, headers={"Retry-After": wait} if wait else {})

    return httpx.MockTransport(answer), bodies


def test_a_429_is_sent_again_after_its_wait_with_the_same_body() -> None:
    inner, bodies = _answers((429, "2"), (429, "1"), (200, ""))
    waits: list[float] = []
    with httpx.Client(transport=RetryTransport(inner, sleep=waits.append)) as client:
        answered = client.post("https://api.example/v1/api-keys", json={"name": "kasse"})
    assert answered.status_code == 200
    assert waits == [2.0, 1.0]
    assert len(set(bodies)) == 1
    assert len(bodies) == 3


def test_too_long_a_wait_or_too_many_429s_answer_the_429() -> None:
    long_wait, _ = _answers((429, "3600"))
    endless, sent = _answers(*[(429, "1")] * 4)
    waits: list[float] = []
    with httpx.Client(transport=RetryTransport(long_wait, sleep=waits.append)) as client:
        assert client.get("https://api.example/v1/invoices").status_code == 429
    assert waits == []
    with httpx.Client(transport=RetryTransport(endless, retries=3, sleep=waits.append)) as c:
        assert c.get("https://api.example/v1/invoices").status_code == 429
    assert (waits, len(sent)) == ([1.0, 1.0, 1.0], 4)
