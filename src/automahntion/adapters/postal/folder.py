"""Letters for the embedded default (`automahntion demo`): each letter is its PDF in a folder,
named by its id and readable by the service's own user only, and nothing is posted. It keeps
the provider's promise that one idempotency key makes one letter."""

from __future__ import annotations

import hashlib
from pathlib import Path

from automahntion.adapters.private_files import write_private
from automahntion.app.post.provider import (
    LetterKeyReused,
    LetterRequest,
    LetterState,
    PostalNotFound,
    PostedLetter,
)
from automahntion.domain.prices import LetterKind

_STATUS = "written to a folder (not posted)"


class FolderLetterPrinter:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, letter_id: str) -> Path:
        return self.folder / f"{letter_id}.pdf"

    async def send_letter(self, request: LetterRequest) -> PostedLetter:
        digest = hashlib.sha256(request.idempotency_key.encode()).hexdigest()[:20]
        kind = "registered" if request.kind is LetterKind.REGISTERED else "standard"
        letter_id = f"{kind}-{digest}"
        path = self._path(letter_id)
        if path.exists() and path.read_bytes() != request.pdf:
            raise LetterKeyReused(422, f"letter {letter_id} was written from another document")
        write_private(path, request.pdf)
        return PostedLetter(letter_id, request.kind, LetterState.SUBMITTED, _STATUS)

    async def letter(self, letter_id: str) -> PostedLetter:
        if not self._path(letter_id).exists():
            raise PostalNotFound(404, f"no letter {letter_id}")
        kind = LetterKind.REGISTERED if letter_id.startswith("registered-") else LetterKind.STANDARD
        return PostedLetter(letter_id, kind, LetterState.SUBMITTED, _STATUS)

    async def cancel_letter(self, letter_id: str) -> PostedLetter:
        letter = await self.letter(letter_id)
        self._path(letter_id).unlink()
        return PostedLetter(letter_id, letter.kind, LetterState.CANCELLED, "cancelled")
