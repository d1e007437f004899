"""Port: how a delivery reaches an endpoint."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol


class EndpointUnreachable(Exception):
    """No answer: refused connection, timeout, TLS failure, or an address that is not allowed."""


class WebhookSender(Protocol):
    async def post(self, url: str, headers: Mapping[str, str], body: bytes) -> int:
        """The answer's status (redirects are not followed); raises `EndpointUnreachable`."""
        ...
