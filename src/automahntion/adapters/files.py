"""Generated documents as files in one folder (`AUTOMAHNTION_DOCUMENTS_DIR`), readable by the
service's own user only."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from automahntion.adapters.private_files import write_private

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


class FolderFileStore:
    def __init__(self, root: Path) -> None:
        self._root = root

    def _path(self, ref: str) -> Path:
        path = (self._root / _UNSAFE.sub("_", ref)).resolve()
        if path.parent != self._root.resolve():
            raise ValueError(f"not a document reference: {ref!r}")
        return path

    async def put(self, name: str, data: bytes) -> str:
        ref = _UNSAFE.sub("_", name)
        path = self._path(ref)
        await asyncio.to_thread(write_private, path, data)
        return ref

    async def get(self, ref: str) -> bytes:
        return await asyncio.to_thread(self._path(ref).read_bytes)
