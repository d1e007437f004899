"""`MailTransport` for the demo: each message becomes `<message-id>.eml` in a folder.

The `.eml` file is exactly what SMTP would carry (BCC not in it); the envelope (sender and
To/CC/BCC recipients) goes into a small JSON file beside it, `<message-id>.json`. A message
with the same Message-ID replaces the earlier files. Both are readable by the service's own
user only.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

from automahntion.adapters.clock import SystemClock
from automahntion.adapters.mail.message import build_message, check_address, render
from automahntion.adapters.private_files import write_private
from automahntion.app.clock import Clock
from automahntion.app.mail.ports import MailReceipt, OutgoingMail

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_NAME = 150


def file_stem(message_id: str) -> str:
    """A file name stem from a Message-ID: `<r1.4f@automahntion>` → `r1.4f_automahntion`."""
    stem = _UNSAFE.sub("_", message_id.strip().strip("<>")).strip("._-")
    return stem[:_MAX_NAME] or "message"


class FolderMailTransport:
    def __init__(self, folder: Path, from_address: str, *, clock: Clock | None = None) -> None:
        self._folder = folder
        self._from_address = from_address
        self._clock: Clock = clock or SystemClock()

    def __repr__(self) -> str:
        return f"FolderMailTransport({str(self._folder)!r}, {self._from_address!r})"

    @property
    def from_address(self) -> str:
        return self._from_address

    @property
    def folder(self) -> Path:
        return self._folder

    def session(self) -> contextlib.nullcontext[FolderMailTransport]:
        """Files need no connection: the transport itself."""
        return contextlib.nullcontext(self)

    async def send(self, mail: OutgoingMail) -> MailReceipt:
        message = build_message(mail, date=self._clock.now())
        envelope = {
            "message_id": mail.message_id,
            "from": check_address("sender", self._from_address),
            "to": [check_address("To", a) for a in mail.to],
            "cc": [check_address("Cc", a) for a in mail.cc],
            "bcc": [check_address("Bcc", a) for a in mail.bcc],
        }
        stem = file_stem(mail.message_id)
        eml = self._folder / f"{stem}.eml"
        write_private(eml, render(message))
        sidecar = json.dumps(envelope, ensure_ascii=False, indent=2) + "\n"
        write_private(self._folder / f"{stem}.json", sidecar.encode("utf-8"))
        return MailReceipt(transport_message_id=f"written to {eml}")
