"""Deliveries over HTTP: one POST, no redirects followed (a 3xx is a refused attempt: following
it would reach an address nobody checked), the answer's body not read.

Every address the endpoint's host resolves to must be a public one (SSRF), checked before each
delivery: a name registered while public may point inside later. Loopback is allowed only where
the settings say so (tests, a local receiver), and only for the loopback names themselves.

The name is resolved once, and the connection goes to an address that was checked, never to the
name again: otherwise the HTTP client would resolve it a second time, and a DNS server that
answers a public address to the check and 127.0.0.1 or 169.254.169.254 to the connection would
get the request inside (DNS rebinding). The request goes to the URL with the checked address in
place of the name, with `Host: <name>` and httpcore's `sni_hostname` extension, which it uses as
TLS `server_hostname`: the certificate is still verified against the name. Each request asks
for `Connection: close`, so no pooled connection verified for one name serves another name on
the same address.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

import httpx

from automahntion.adapters.mail.hosts import IpAddress, is_global_address, parse_ip
from automahntion.app.webhooks.sender import EndpointUnreachable
from automahntion.app.webhooks.urls import LOOPBACK_NAMES

TIMEOUT_S = 15.0
RESOLVE_TIMEOUT_S = 10.0
MAX_ADDRESSES_TRIED = 3
"""Checked addresses tried in turn when the connection to one fails; with `TIMEOUT_S` each,
well within the delivery's lease."""

Resolver = Callable[[str, int], Awaitable[Sequence[str]]]
"""A host name's addresses for a TCP connection to `port`, as text (`getaddrinfo`'s form);
raises `OSError`, `UnicodeError` or `TimeoutError` when there is no answer."""


async def resolve_with_system(host: str, port: int) -> list[str]:
    """The system resolver, off the event loop and within `RESOLVE_TIMEOUT_S`."""
    async with asyncio.timeout(RESOLVE_TIMEOUT_S):
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for family, _type, _proto, _name, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6) and str(sockaddr[0]) not in addresses:
            addresses.append(str(sockaddr[0]))
    return addresses


@dataclass(frozen=True)
class PinnedRequest:
    """Where one attempt connects: `url` has the checked address in place of the name."""

    url: httpx.URL
    host_header: str
    sni_hostname: str


def pinned_request(url: httpx.URL, address: IpAddress) -> PinnedRequest:
    """The request to `url`, sent to `address`: `Host` is the URL's host (and port if not the
    scheme's default), and TLS verifies the certificate for the URL's host."""
    return PinnedRequest(
        url=url.copy_with(host=str(address)),
        host_header=url.netloc.decode("ascii"),
        sni_hostname=url.raw_host.decode("ascii"),
    )


class HttpWebhookSender:
    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        allow_loopback: bool,
        resolve: Resolver = resolve_with_system,
    ) -> None:
        self._http = http
        self._allow_loopback = allow_loopback
        self._resolve = resolve

    async def post(self, url: str, headers: Mapping[str, str], body: bytes) -> int:
        try:
            target = httpx.URL(url)
        except httpx.InvalidURL as error:
            raise EndpointUnreachable(f"{url!r} is no valid URL: {error}") from error
        failure: httpx.HTTPError = httpx.ConnectError("no address tried")
        for address in (await self._checked_addresses(target))[:MAX_ADDRESSES_TRIED]:
            try:
                return await self._send(pinned_request(target, address), headers, body)
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                failure = error  # nothing was sent: the next checked address may answer
            except httpx.HTTPError as error:
                raise _unreachable(error) from error
        raise _unreachable(failure) from failure

    async def _send(self, request: PinnedRequest, headers: Mapping[str, str], body: bytes) -> int:
        async with self._http.stream(
            "POST",
            request.url,
            content=body,
            headers={**headers, "Host": request.host_header, "Connection": "close"},
            timeout=TIMEOUT_S,
            follow_redirects=False,
            extensions={"sni_hostname": request.sni_hostname},
        ) as response:
            return response.status_code

    async def _checked_addresses(self, url: httpx.URL) -> list[IpAddress]:
        """The host's addresses, resolved once; `EndpointUnreachable` unless every one is
        allowed."""
        host = url.host.lower()
        try:
            addresses = [parse_ip(host)]  # a literal needs no lookup
        except ValueError:
            addresses = await self._lookup(url)
        if not addresses:
            raise EndpointUnreachable(f"{host} resolves to no IP address")
        loopback_allowed = self._allow_loopback and host in LOOPBACK_NAMES
        for address in addresses:
            if not (is_global_address(address) or (loopback_allowed and address.is_loopback)):
                raise EndpointUnreachable(
                    f"{host} resolves to {address}, a loopback, private or otherwise "
                    "non-public address"
                )
        return addresses

    async def _lookup(self, url: httpx.URL) -> list[IpAddress]:
        name = url.raw_host.decode("ascii")
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            return [parse_ip(text) for text in await self._resolve(name, port)]
        except (OSError, UnicodeError, TimeoutError, ValueError) as error:
            reason = str(error) or type(error).__name__
            raise EndpointUnreachable(f"{name} could not be resolved: {reason}") from error


def _unreachable(error: httpx.HTTPError) -> EndpointUnreachable:
    return EndpointUnreachable(f"{type(error).__name__}: {error}".rstrip(": "))
