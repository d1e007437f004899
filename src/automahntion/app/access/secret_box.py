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

    def fingerprint(self, text: str) -> str:
        """The same text gives the same 64 hex digits; without our key nobody can tell which
        text gave them (a keyed hash, for comparing what must not be kept)."""
        ...


class SecretUnreadable(Exception):
    """A stored secret cannot be decrypted (wrong key, or tampered with)."""
