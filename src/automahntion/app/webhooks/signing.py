"""Standard Webhooks signatures: HMAC-SHA256 of `{id}.{timestamp}.{body}` with the endpoint's
secret (`whsec_` + base64 of its key bytes).

After a rotation an endpoint has two secrets for a grace period: `webhook-signature` then
carries a signature with each, space-separated, the new one first (`v1,<new> v1,<old>`), and a
receiver still holding the old secret keeps verifying until it has the new one."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

SECRET_PREFIX = "whsec_"
KEY_BYTES = 32
ROTATION_GRACE = timedelta(hours=24)
"""How long deliveries are signed with the previous secret too after a rotation."""


@dataclass(frozen=True)
class SigningSecrets:
    """An endpoint's secrets as stored."""

    current: str
    previous: str | None = None
    previous_expires_at: datetime | None = None

    def in_force(self, now: datetime) -> tuple[str, ...]:
        """The secrets a delivery at `now` is signed with, the current one first."""
        if (
            self.previous is None
            or self.previous_expires_at is None
            or now >= self.previous_expires_at
        ):
            return (self.current,)
        return (self.current, self.previous)


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signed_headers(
    keys: tuple[str, ...], message_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    """`keys`: the secrets in force (`SigningSecrets.in_force`), at least one."""
    if not keys:
        raise ValueError("a delivery is signed with at least one secret")
    return {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signature(key, message_id, timestamp, body) for key in keys),
    }
