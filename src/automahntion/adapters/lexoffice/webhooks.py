"""lexoffice callbacks: the signature is checked before the body is read."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from automahntion.adapters.lexoffice.mapping import EVENT_TEXT_LENGTH, clean, identifier
from automahntion.app.lexoffice.ports import LexofficeEvent
from automahntion.app.webhooks import WebhookRefused, WebhookUnreadable

SIGNATURE_HEADER = "X-Lxo-Signature"


class SignatureInvalid(Exception):
    pass


def load_public_key(setting: str) -> bytes:
    """`AUTOMAHNTION_LEXOFFICE_WEBHOOK_PUBLIC_KEY` holds a PEM or the path of one."""
    if "-----BEGIN" in setting:
        return setting.encode()
    return Path(setting).read_bytes()


class WebhookVerifier:
    def __init__(self, public_key_pem: bytes) -> None:
        key = serialization.load_pem_public_key(public_key_pem)
        if not isinstance(key, rsa.RSAPublicKey):
            raise ValueError("the lexoffice webhook key must be an RSA public key")
        self._key = key

    def verify(self, body: bytes, signature: str | None) -> None:
        """RSA PKCS#1 v1.5 with SHA-512 over the raw body as received."""
        if not signature:
            raise SignatureInvalid("no signature")
        try:
            raw = base64.b64decode(signature, validate=True)
            self._key.verify(raw, body, padding.PKCS1v15(), hashes.SHA512())
        except (InvalidSignature, binascii.Error, ValueError):
            raise SignatureInvalid("the signature does not match") from None


def _id(data: dict[str, object], name: str) -> str:
    found = identifier(data[name])
    if found is None:
        raise ValueError(f"{name} is no lexoffice id")
    return found


def parse_event(body: bytes) -> LexofficeEvent:
    """Cleaned like every text from lexoffice: what is kept of an event (its dedupe key) fits
    its column. UTF-8 only, as JSON is sent (the job reads the event again from the body as
    text), and nested no deeper than Python's parser goes (`RecursionError`)."""
    try:
        data = json.loads(body.decode("utf-8"))
        return LexofficeEvent(
            organization_id=_id(data, "organizationId"),
            event_type=clean(data["eventType"], EVENT_TEXT_LENGTH),
            resource_id=_id(data, "resourceId"),
            event_date=clean(data["eventDate"], EVENT_TEXT_LENGTH),
        )
    except (ValueError, KeyError, TypeError, RecursionError) as error:
        raise ValueError(f"not a lexoffice event: {error}") from None


class LexofficeWebhookVerifier:
    """`LexofficeEvents`: the signature checked over the raw body, then the event read."""

    def __init__(self, public_key_pem: bytes) -> None:
        self._signature = WebhookVerifier(public_key_pem)

    def verify(self, body: bytes, headers: Mapping[str, str]) -> LexofficeEvent:
        wanted = SIGNATURE_HEADER.lower()
        signature = next((v for k, v in headers.items() if k.lower() == wanted), None)
        try:
            self._signature.verify(body, signature)
        except SignatureInvalid as invalid:
            raise WebhookRefused(str(invalid)) from None
        try:
            return parse_event(body)
        except ValueError as error:
            raise WebhookUnreadable(str(error)) from None
