"""Names shown as the sender of e-mails: no characters that reorder how text is displayed."""

from __future__ import annotations

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Arabic letter mark, LRM/RLM, the embeddings and overrides, and the isolates: each lets a
sender name read differently from what it is (e.g. a bank's name spelled backwards)."""


def bidi_problem(text: str) -> str | None:
    found = sorted({f"U+{ord(c):04X}" for c in text if c in BIDI_CONTROLS})
    if not found:
        return None
    return f"must not contain bidirectional control characters ({', '.join(found)})"
