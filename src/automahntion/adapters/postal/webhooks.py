"""Pingen callbacks: `Signature` is the hex HMAC-SHA256 of the raw body under our signing key.
There is no timestamp to check, so callers de-duplicate by event id and only move forward."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping

from automahntion.adapters.postal import mapping
from automahntion.app.clock import Clock
from automahntion.app.post.provider import LetterEvent
from automahntion.app.webhooks import WebhookRefused, WebhookUnreadable

SIGNATURE_HEADER = "Signature"


def header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


class PingenWebhookVerifier:
    def __init__(self, signing_key: str, clock: Clock) -> None:
        if not signing_key:
            raise ValueError("the postal webhook signing key is empty")
        self._key = signing_key.encode()
        self._clock = clock

    def verify(self, body: bytes, headers: Mapping[str, str]) -> LetterEvent:
        signature = header(headers, SIGNATURE_HEADER)
        if not signature:
            raise WebhookRefused("no Signature header")
        expected = hmac.new(self._key, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature.strip().lower()):
            raise WebhookRefused("the signature does not match")
        try:
            return mapping.event(json.loads(body), self._clock.now())
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise WebhookUnreadable(f"not a Pingen webhook: {error!r}") from None
