"""Secrets at rest: Fernet (AES-128-CBC + HMAC-SHA256) under a key derived from the setting;
fingerprints: HMAC-SHA256 under another key derived from it."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from automahntion.app.access.secret_box import SecretUnreadable

_CONTEXT = b"automahntion secrets at rest v1"
_FINGERPRINT_CONTEXT = b"automahntion fingerprints v1"


def _derive(secret_key: str, context: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=context)
    return hkdf.derive(secret_key.encode())


def derive_key(secret_key: str) -> bytes:
    """HKDF-SHA256 from `AUTOMAHNTION_SECRET_KEY` to a Fernet key."""
    return base64.urlsafe_b64encode(_derive(secret_key, _CONTEXT))


class FernetSecretBox:
    def __init__(self, secret_key: str) -> None:
        self._fernet = Fernet(derive_key(secret_key))
        self._fingerprint_key = _derive(secret_key, _FINGERPRINT_CONTEXT)

    def fingerprint(self, text: str) -> str:
        return hmac.new(self._fingerprint_key, text.encode(), hashlib.sha256).hexdigest()

    def seal(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode("ascii")

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode()
        except (InvalidToken, UnicodeEncodeError):
            raise SecretUnreadable("a stored secret cannot be decrypted with this key") from None
