"""What a message was rendered from, as JSON with a version tag. Encoded from the facts'
dataclasses field by field, so that a field added to `MessageFacts` is recorded (and read back)
with no change here."""

from __future__ import annotations

import msgspec

from automahntion.app.mail.rendering import MessageFacts
from automahntion.app.messages.records import LetterFacts, RenderedFrom

VERSION = 1


class _Recorded(msgspec.Struct, frozen=True):
    version: int
    language: str | None
    facts: MessageFacts
    letter: LetterFacts | None = None


def encoded(rendered_from: RenderedFrom | None) -> str | None:
    if rendered_from is None:
        return None
    recorded = _Recorded(VERSION, rendered_from.language, rendered_from.facts, rendered_from.letter)
    return msgspec.json.encode(recorded).decode()


def decoded(text: str | None) -> RenderedFrom | None:
    """Raises `ValueError` for a record of a version this code does not read."""
    if text is None:
        return None
    recorded = msgspec.json.decode(text, type=_Recorded)
    if recorded.version != VERSION:
        raise ValueError(f"rendered-from record of version {recorded.version}")
    return RenderedFrom(recorded.facts, recorded.language, recorded.letter)
