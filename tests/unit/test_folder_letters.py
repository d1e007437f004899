"""The demo's letters: one PDF per idempotency key, never a second letter from another
document under the same key."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from automahntion.adapters.postal.folder import FolderLetterPrinter
from automahntion.app.post.provider import LetterKeyReused, LetterRequest, LetterState
from automahntion.domain.prices import LetterKind


def _request(pdf: bytes, key: str = "letter-m2-abc") -> LetterRequest:
    return LetterRequest(
        pdf=pdf, file_name="M2.pdf", kind=LetterKind.REGISTERED, idempotency_key=key
    )


def test_a_letter_is_written_once_per_key(tmp_path: Path) -> None:
    printer = FolderLetterPrinter(tmp_path / "letters")
    first = asyncio.run(printer.send_letter(_request(b"%PDF-1 a")))
    again = asyncio.run(printer.send_letter(_request(b"%PDF-1 a")))
    assert first == again
    assert first.state is LetterState.SUBMITTED
    assert [p.read_bytes() for p in (tmp_path / "letters").iterdir()] == [b"%PDF-1 a"]
    assert asyncio.run(printer.letter(first.letter_id)).kind is LetterKind.REGISTERED
    with pytest.raises(LetterKeyReused):
        asyncio.run(printer.send_letter(_request(b"%PDF-1 b")))
    other = asyncio.run(printer.send_letter(_request(b"%PDF-1 b", key="letter-m3-def")))
    assert other.letter_id != first.letter_id
    cancelled = asyncio.run(printer.cancel_letter(other.letter_id))
    assert cancelled.state is LetterState.CANCELLED
    assert len(list((tmp_path / "letters").iterdir())) == 1
