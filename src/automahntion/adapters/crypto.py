"""Secrets at rest: Fernet (AES-128-CBC + HMAC-SHA256) under a key derived from the setting."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from automahntion.app.secrets import SecretUnreadable

_CONTEXT = b"automahntion secrets at rest v1"


def derive_key(secret_key: str) -> bytes:
    """HKDF-SHA256 from `AUTOMAHNTION_SECRET_KEY` to a Fernet key."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_CONTEXT)
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode()))


class FernetSecretBox:
    def __init__(self, secret_key: str) -> None:
        self._fernet = Fernet(derive_key(secret_key))

    def seal(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode("ascii")

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode()
        except (InvalidToken, UnicodeEncodeError):
            raise SecretUnreadable("a stored secret cannot be decrypted with this key") from None
