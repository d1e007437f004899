"""Which headers of a first answer an `Idempotency-Key` replay carries: those of the answer
(`Location` of a 201 among them), never those of the exchange."""

from __future__ import annotations

from litestar.types import HTTPResponseStartEvent

from automahntion.api.idempotency import answer_headers, replayed_headers
from automahntion.app.idempotency.replay import Replay

CREATED: HTTPResponseStartEvent = {
    "type": "http.response.start",
    "status": 201,
    "headers": [
        (b"Content-Type", b"application/json"),
        (b"location", b"/v1/webhook-endpoints/7"),
        (b"ETag", b'"abc"'),
        (b"x-request-id", b"first"),
        (b"ratelimit-remaining", b"599"),
        (b"content-length", b"2"),
        (b"vary", b"Origin"),
    ],
}


def test_the_answer_keeps_its_own_headers_only() -> None:
    assert answer_headers(CREATED) == (
        ("content-type", "application/json"),
        ("location", "/v1/webhook-endpoints/7"),
        ("etag", '"abc"'),
    )


def test_a_replay_sends_them_with_its_own_length() -> None:
    replay = Replay(201, "{}", answer_headers(CREATED))
    assert replayed_headers(replay, b"{}") == [
        (b"content-type", b"application/json"),
        (b"location", b"/v1/webhook-endpoints/7"),
        (b"etag", b'"abc"'),
        (b"content-length", b"2"),
        (b"idempotent-replayed", b"true"),
    ]


def test_an_answer_kept_without_headers_gets_the_content_type_of_its_status() -> None:
    """As answers stored before their headers were kept; a problem is problem+json."""
    ok = dict(replayed_headers(Replay(200, "{}"), b"{}"))
    problem = dict(replayed_headers(Replay(409, "{}"), b"{}"))
    empty = dict(replayed_headers(Replay(204, "", ()), b""))
    assert ok[b"content-type"] == b"application/json"
    assert problem[b"content-type"] == b"application/problem+json"
    assert b"content-type" not in empty
