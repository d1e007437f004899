"""Webhooks out, the pure parts: the retry schedule, Standard Webhooks signatures (checked by
the `standardwebhooks` package, not by our own code), and which endpoint URLs are refused."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from automahntion.app.webhooks.backoff import DISABLE_AFTER, GIVE_UP_AFTER, SCHEDULE, retry_delay
from automahntion.app.webhooks.signing import (
    ROTATION_GRACE,
    SigningSecrets,
    new_secret,
    signed_headers,
)
from automahntion.app.webhooks.urls import url_problem

attempts = st.integers(min_value=1, max_value=10_000)


@given(attempts)
def test_the_wait_never_shrinks_and_never_exceeds_ten_hours(attempt: int) -> None:
    assert retry_delay(attempt) <= retry_delay(attempt + 1) <= timedelta(hours=10)
    assert retry_delay(attempt) >= timedelta(seconds=5)


def test_the_schedule_starts_within_seconds_and_spans_more_than_a_day() -> None:
    waits = [retry_delay(n) for n in range(1, 9)]
    assert waits[:7] == [*SCHEDULE, timedelta(hours=10)]
    assert sum(waits[:7], timedelta()) > timedelta(days=1)
    attempted_at = [sum(waits[:n], timedelta()) for n in range(len(waits) + 1)]
    while attempted_at[-1] <= GIVE_UP_AFTER:
        attempted_at.append(attempted_at[-1] + retry_delay(len(attempted_at)))
    last = attempted_at[-2]
    assert last >= DISABLE_AFTER, "an endpoint refusing all is disabled before a delivery ends"
    with pytest.raises(ValueError, match="follows a failed attempt"):
        retry_delay(0)


@given(st.binary(max_size=300).map(lambda b: b.hex()), st.integers(0, 2**33), st.uuids())
def test_our_signature_is_the_one_standard_webhooks_computes(
    body: str, timestamp: int, message_id: object
) -> None:
    secret = new_secret()
    headers = signed_headers((secret,), str(message_id), timestamp, body.encode())
    expected = Webhook(secret).sign(str(message_id), datetime.fromtimestamp(timestamp, UTC), body)
    assert headers["webhook-signature"] == expected
    assert headers["webhook-id"] == str(message_id)
    assert headers["webhook-timestamp"] == str(timestamp)


def test_a_fresh_signature_verifies_and_another_secret_or_body_does_not() -> None:
    secret = new_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    body = '{"type":"invoice.paid","data":{"invoiceNumber":"RE-ä"}}'.encode()
    now = int(datetime.now(UTC).timestamp())
    headers = signed_headers((secret,), "evt-1", now, body)
    Webhook(secret).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body + b" ", headers)


def test_two_secrets_give_two_signatures_each_verifying_with_its_own_secret() -> None:
    """After a rotation: `v1,<new> v1,<old>`; a receiver holding either secret verifies, one
    holding neither does not."""
    new, old = new_secret(), new_secret()
    body = b'{"type":"invoice.paid"}'
    now = int(datetime.now(UTC).timestamp())
    headers = signed_headers((new, old), "evt-2", now, body)
    first, second = headers["webhook-signature"].split(" ")
    assert first == signed_headers((new,), "evt-2", now, body)["webhook-signature"]
    assert second == signed_headers((old,), "evt-2", now, body)["webhook-signature"]
    Webhook(new).verify(body, headers)
    Webhook(old).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(body, headers)
    with pytest.raises(ValueError, match="at least one secret"):
        signed_headers((), "evt-2", now, body)


def test_the_previous_secret_signs_until_its_grace_period_ends() -> None:
    rotated_at = datetime(2026, 12, 7, 13, 0, tzinfo=UTC)
    stored = SigningSecrets("whsec_new", "whsec_old", rotated_at + ROTATION_GRACE)
    assert timedelta(hours=24) == ROTATION_GRACE
    assert stored.in_force(rotated_at) == ("whsec_new", "whsec_old")
    assert stored.in_force(rotated_at + ROTATION_GRACE - timedelta(seconds=1)) == (
        "whsec_new",
        "whsec_old",
    )
    assert stored.in_force(rotated_at + ROTATION_GRACE) == ("whsec_new",)
    assert SigningSecrets("whsec_only").in_force(rotated_at) == ("whsec_only",)


@pytest.mark.parametrize(
    ("url", "allow_loopback", "refused"),
    [
        ("https://hooks.example.com/in", False, False),
        ("https://93.184.216.34/in", False, False),
        ("http://hooks.example.com/in", False, True),
        ("ftp://hooks.example.com/in", False, True),
        ("https://10.0.0.7/in", False, True),
        ("https://192.168.1.1/in", False, True),
        ("https://169.254.169.254/latest/meta-data", False, True),
        ("https://[fd00::1]/in", False, True),
        ("https://user:pw@hooks.example.com/in", False, True),
        ("https://hooks.example.com:99999/in", False, True),
        ("https:///in", False, True),
        ("http://127.0.0.1:8080/in", False, True),
        ("http://localhost:8080/in", False, True),
        ("http://127.0.0.1:8080/in", True, False),
        ("http://localhost:8080/in", True, False),
        ("http://10.0.0.7/in", True, True),
        ("https://hooks.example.com/in#frag", False, True),
    ],
)
def test_only_https_to_public_hosts_unless_loopback_is_allowed(
    url: str, allow_loopback: bool, refused: bool
) -> None:
    problem = url_problem(url, allow_loopback=allow_loopback)
    assert (problem is not None) == refused, problem
    if problem is not None:
        assert problem.field == "url"
