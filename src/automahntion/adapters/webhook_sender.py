"""Deliveries over HTTP: one POST, no redirects followed, the answer's body not read.

Every address the endpoint's host resolves to must be a public one (SSRF), checked before each
delivery: a name registered while public may point inside later. Loopback is allowed only where
the settings say so (tests, a local receiver).
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Mapping
from urllib.parse import urlsplit

import httpx

from automahntion.adapters.mail.hosts import is_global_address, parse_ip
from automahntion.app.webhooks.sender import EndpointUnreachable
from automahntion.app.webhooks.urls import LOOPBACK_NAMES

TIMEOUT_S = 15.0
RESOLVE_TIMEOUT_S = 10.0


class HttpWebhookSender:
    def __init__(self, http: httpx.AsyncClient, *, allow_loopback: bool) -> None:
        self._http = http
        self._allow_loopback = allow_loopback

    async def post(self, url: str, headers: Mapping[str, str], body: bytes) -> int:
        await self._check_addresses(url)
        try:
            async with self._http.stream(
                "POST",
                url,
                content=body,
                headers=dict(headers),
                timeout=TIMEOUT_S,
                follow_redirects=False,
            ) as response:
                return response.status_code
        except httpx.HTTPError as error:
            raise EndpointUnreachable(f"{type(error).__name__}: {error}".rstrip(": ")) from error

    async def _check_addresses(self, url: str) -> None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if self._allow_loopback and host in LOOPBACK_NAMES:
            return
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            async with asyncio.timeout(RESOLVE_TIMEOUT_S):
                infos = await asyncio.get_running_loop().getaddrinfo(
                    host, port, type=socket.SOCK_STREAM
                )
        except (OSError, UnicodeError, TimeoutError) as error:
            raise EndpointUnreachable(f"{host} could not be resolved: {error}") from error
        for info in infos:
            address = parse_ip(str(info[4][0]))
            if not is_global_address(address):
                raise EndpointUnreachable(
                    f"{host} resolves to {address}, a loopback, private or otherwise "
                    "non-public address"
                )
