"""A mail catcher: an SMTP server on 127.0.0.1 that accepts every message and keeps it as an
`.eml` file, for the demo and a local stack (no real mail leaves)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class EmlFolder:
    """aiosmtpd handler: every accepted message becomes `<n>.eml` in the folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = len(list(folder.glob("*.eml"))) if folder.is_dir() else 0

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count += 1
        (self.folder / f"{self.count:03d}.eml").write_bytes(envelope.original_content)
        return f"250 2.0.0 Ok: caught-{self.count:03d}"


def serve(host: str = "127.0.0.1", port: int = 1025, folder: Path = Path("sandbox-mail")) -> None:
    """Run until interrupted; prints the settings that send the service's mail here."""
    controller = Controller(EmlFolder(folder), hostname=host, port=port)
    controller.start()
    print(f"mail catcher at {host}:{port}, writing .eml files to {folder}", flush=True)
    print(f"AUTOMAHNTION_MAIL_HOST={host}", flush=True)
    print(f"AUTOMAHNTION_MAIL_PORT={port}", flush=True)
    print("AUTOMAHNTION_MAIL_TLS=none", flush=True)
    try:
        threading.Event().wait()
    finally:
        controller.stop()
