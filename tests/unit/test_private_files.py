"""Dunning notices, letters and mails on disk are readable by the service's own user only
(issue 15, finding 12): files 0600 and the folders made for them 0700, under the usual umask
022 that made them 0644 before."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from automahntion.adapters.files import FolderFileStore
from automahntion.adapters.mail.folder import FolderMailTransport
from automahntion.adapters.postal.folder import FolderLetterPrinter
from automahntion.app.mail.ports import OutgoingMail
from automahntion.app.post.provider import LetterRequest
from automahntion.domain.prices import LetterKind

PDF = b"%PDF-1.4 Mahnung RE-1001"


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    before = os.umask(0o022)
    yield
    os.umask(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _modes(folder: Path) -> dict[str, int]:
    return {path.name: _mode(path) for path in folder.iterdir()}


def test_a_dunning_document_is_written_0600_in_a_0700_folder(tmp_path: Path) -> None:
    root = tmp_path / "data" / "documents"
    store = FolderFileStore(root)

    ref = asyncio.run(store.put("tenant-RE-1001-M2.pdf", PDF))

    assert _modes(root) == {ref: 0o600}
    assert (_mode(root), _mode(root.parent)) == (0o700, 0o700)
    assert asyncio.run(store.get(ref)) == PDF


def test_a_replaced_document_and_a_leftover_partial_file_end_up_0600(tmp_path: Path) -> None:
    root = tmp_path / "documents"
    root.mkdir()
    (root / "RE-1.pdf").write_bytes(b"old")
    (root / ".RE-1.pdf.partial").write_bytes(b"left over by a crash")
    os.chmod(root / ".RE-1.pdf.partial", 0o644)

    asyncio.run(FolderFileStore(root).put("RE-1.pdf", PDF))

    assert _modes(root) == {"RE-1.pdf": 0o600}
    assert (root / "RE-1.pdf").read_bytes() == PDF


def test_a_folder_letter_is_written_0600(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    printer = FolderLetterPrinter(folder)

    asyncio.run(printer.send_letter(LetterRequest(PDF, "M2.pdf", LetterKind.STANDARD, "key-1")))

    assert list(_modes(folder).values()) == [0o600]
    assert _mode(folder) == 0o700


def test_a_folder_mail_and_its_envelope_are_written_0600(tmp_path: Path) -> None:
    folder = tmp_path / "outbox"
    transport = FolderMailTransport(folder, "no-reply@automahntion.example")
    mail = OutgoingMail(
        message_id="<r1.mode@automahntion>",
        from_address="no-reply@automahntion.example",
        from_name="Bäckerei",
        to=("kunde@example.com",),
        subject="Zahlungserinnerung",
        text="Guten Tag",
    )

    asyncio.run(transport.send(mail))

    assert _modes(folder) == {"r1.mode_automahntion.eml": 0o600, "r1.mode_automahntion.json": 0o600}
    assert _mode(folder) == 0o700
