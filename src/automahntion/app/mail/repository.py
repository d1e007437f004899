"""Port: one tenant's own SMTP server."""

from __future__ import annotations

from typing import Protocol

from automahntion.app.mail.records import SmtpServer


class SmtpServerRepository(Protocol):
    async def get(self) -> SmtpServer | None: ...
    async def save(self, server: SmtpServer) -> None: ...
    async def remove(self) -> None: ...
