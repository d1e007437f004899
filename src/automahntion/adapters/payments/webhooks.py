"""Stripe callbacks: `Stripe-Signature: t=…,v1=…` with v1 = hex HMAC-SHA256(secret, "{t}.{body}").
Refused when no v1 matches any of our secrets, or when t is more than 5 minutes off."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence

from automahntion.adapters.payments import mapping
from automahntion.app.billing.payments import PaymentEvent
from automahntion.app.clock import Clock
from automahntion.app.webhooks import WebhookRefused

SIGNATURE_HEADER = "Stripe-Signature"
TOLERANCE_S = 300


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


def signature_header(secret: str, body: bytes, timestamp: int) -> str:
    """What Stripe sends; for tests and tools that sign like it."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


class StripeWebhookVerifier:
    def __init__(
        self,
        secrets: Sequence[str],
        clock: Clock,
        tolerance_s: int = TOLERANCE_S,
    ) -> None:
        """Several secrets while ours rotates; each is tried."""
        self._secrets = [s.encode() for s in secrets if s]
        if not self._secrets:
            raise ValueError("no payments webhook secret")
        self._tolerance = tolerance_s
        self._clock = clock

    def verify(self, body: bytes, headers: Mapping[str, str]) -> PaymentEvent:
        value = _header(headers, SIGNATURE_HEADER)
        if not value:
            raise WebhookRefused("no Stripe-Signature header")
        stamps: list[str] = []
        signatures: list[str] = []
        for part in value.split(","):
            name, _, item = part.strip().partition("=")
            if name == "t":
                stamps.append(item)
            elif name == "v1":
                signatures.append(item.lower())
        if len(stamps) != 1 or not stamps[0].isdigit() or not signatures:
            raise WebhookRefused("the Stripe-Signature header is malformed")
        signed = stamps[0].encode() + b"." + body
        expected = [hmac.new(s, signed, hashlib.sha256).hexdigest() for s in self._secrets]
        if not any(hmac.compare_digest(e, s) for e in expected for s in signatures):
            raise WebhookRefused("no signature matches")
        if abs(self._clock.now().timestamp() - int(stamps[0])) > self._tolerance:
            raise WebhookRefused("the signature is too old (or from the future)")
        try:
            return mapping.event(json.loads(body))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise WebhookRefused(f"not a Stripe event: {error!r}") from None
