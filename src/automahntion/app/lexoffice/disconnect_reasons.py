"""Why a lexoffice connection was lost: a stable code, worded in German for the tenant (the
API, the digest) and in English for the operator (the support view, the audit log).

Stored as a small JSON object in the connection's `disconnected_reason`; the plain English
texts stored before there were codes read back as their code where they are ours, else as
`OTHER` with that text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum


class DisconnectCode(StrEnum):
    REVOKED = "revoked"
    """lexoffice revoked the tokens (its `token.revoked` event)."""
    BY_TENANT = "by_tenant"
    REFRESH_REFUSED = "refresh_refused"
    """lexoffice no longer took the refresh token."""
    OTHER = "other"
    """A text stored before there were codes."""


_WORDS: dict[DisconnectCode, tuple[str, str]] = {
    DisconnectCode.REVOKED: (
        "lexoffice hat den Zugriff widerrufen",
        "lexoffice revoked the token",
    ),
    DisconnectCode.BY_TENANT: (
        "Sie haben die Verbindung getrennt",
        "disconnected by the tenant",
    ),
    DisconnectCode.REFRESH_REFUSED: (
        "lexoffice hat die Anmeldung nicht mehr angenommen",
        "lexoffice refused the refresh token",
    ),
    DisconnectCode.OTHER: (
        "lexoffice hat die Verbindung beendet",
        "",
    ),
}
_LEGACY_REFRESH = "lexoffice refused the refresh token"


@dataclass(frozen=True)
class DisconnectReason:
    code: DisconnectCode
    detail: str = ""
    """What lexoffice or our client said, for the operator only."""

    @property
    def german(self) -> str:
        return _WORDS[self.code][0]

    @property
    def english(self) -> str:
        words = _WORDS[self.code][1]
        if not words:
            return self.detail
        return f"{words} ({self.detail})" if self.detail else words

    def encode(self) -> str:
        stored = {"code": self.code.value, "detail": self.detail}
        return json.dumps(stored, ensure_ascii=False, sort_keys=True)

    @classmethod
    def decode(cls, stored: str) -> DisconnectReason:
        try:
            found = json.loads(stored)
            return cls(DisconnectCode(found["code"]), str(found.get("detail") or ""))
        except (ValueError, TypeError, KeyError, AttributeError):
            return _legacy(stored)


def _legacy(text: str) -> DisconnectReason:
    for code in (DisconnectCode.REVOKED, DisconnectCode.BY_TENANT):
        if text == _WORDS[code][1]:
            return DisconnectReason(code)
    if text.startswith(_LEGACY_REFRESH):
        detail = text.removeprefix(_LEGACY_REFRESH).strip().removeprefix("(").removesuffix(")")
        return DisconnectReason(DisconnectCode.REFRESH_REFUSED, detail)
    return DisconnectReason(DisconnectCode.OTHER, text)
