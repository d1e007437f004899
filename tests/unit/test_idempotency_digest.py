"""What makes two requests with one `Idempotency-Key` the same request."""

from __future__ import annotations

from automahntion.app.idempotency.replay import request_digest


def test_the_json_document_counts_not_its_bytes() -> None:
    digest = request_digest("PUT", "/v1/smtp", b'{"host": "a", "port": 25}')
    assert request_digest("PUT", "/v1/smtp", b'{\n "port":25,"host":"a"\n}') == digest
    assert request_digest("PUT", "/v1/smtp", b'{"host": "a", "port": 26}') != digest
    assert request_digest("PATCH", "/v1/smtp", b'{"host": "a", "port": 25}') != digest
    assert request_digest("PUT", "/v1/other", b'{"host": "a", "port": 25}') != digest


def test_a_body_that_is_no_json_document_counts_by_its_bytes() -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    for body in (b"", b"{nope", deep, b"\xff\xfe"):
        assert request_digest("POST", "/v1/x", body) == request_digest("POST", "/v1/x", body)
        assert request_digest("POST", "/v1/x", body) != request_digest("POST", "/v1/x", body + b" ")
    assert request_digest("POST", "/v1/x", b"\xff\xfe") != request_digest(
        "POST", "/v1/x", b"\xff\xff"
    )
