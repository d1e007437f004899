"""Generated documents as files in one folder (`AUTOMAHNTION_DOCUMENTS_DIR`)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

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
        await asyncio.to_thread(self._write, path, data)
        return ref

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(path.suffix + ".partial")
        partial.write_bytes(data)
        partial.replace(path)

    async def get(self, ref: str) -> bytes:
        return await asyncio.to_thread(self._path(ref).read_bytes)
