"""Port: how tokens and passwords are kept unreadable at rest."""

from __future__ import annotations

from typing import Protocol


class SecretBox(Protocol):
    def seal(self, plaintext: str) -> str:
        """An opaque, authenticated ciphertext; a new one each call."""
        ...

    def open(self, sealed: str) -> str:
        """The plaintext; raises `SecretUnreadable` when the text was not sealed with our key."""
        ...


class SecretUnreadable(Exception):
    """A stored secret cannot be decrypted (wrong key, or tampered with)."""
