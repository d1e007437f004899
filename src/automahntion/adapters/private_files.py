"""Files that only the service's own user may read: dunning notices, letters and mails name
customers, their addresses and what they owe. Files are written 0600 and folders made 0700,
whatever the process's umask; each file is written whole under a temporary name first and
then renamed into place, so a reader never sees half of it."""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(folder: Path) -> None:
    """`folder` and its missing parents made (0700); a folder that exists keeps its mode."""
    if folder.is_dir():
        return
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for each in reversed(missing):
        each.mkdir(mode=FOLDER_MODE, exist_ok=True)
        os.chmod(each, FOLDER_MODE)


def _owner_only(path: str, flags: int) -> int:
    descriptor = os.open(path, flags, FILE_MODE)
    os.fchmod(descriptor, FILE_MODE)
    return descriptor


def write_private(path: Path, data: bytes) -> None:
    """`data` as `path` (0600), in a folder made by `private_folder` if it is missing."""
    private_folder(path.parent)
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, "wb", opener=_owner_only) as file:
        file.write(data)
    os.replace(partial, path)
