"""The guard against tenant SMTP servers on loopback, private, or otherwise non-global addresses.

A tenant types in a host name; without this guard the service could be made to connect to
itself or to anything in its own network (SSRF). Every address the name resolves to must be
a global one: one private address among public ones is enough to refuse it. An IPv6 address
that carries an IPv4 address (IPv4-mapped, -translated and -compatible, NAT64, 6to4, Teredo)
is judged by that IPv4 address too: `64:ff9b::a00:1` reaches 10.0.0.1 through a NAT64
gateway. The addresses that passed are what the transport then connects to, so a second
lookup cannot swap them (DNS rebinding).

Names are looked up off the event loop (`loop.getaddrinfo` runs the system resolver in a
thread) and within `RESOLVE_TIMEOUT_S`: a slow DNS server must not stall every other request.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass

from automahntion.app.mail.ports import MailProblem, MailRefused

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
AddrInfo = tuple[
    socket.AddressFamily,
    socket.SocketKind,
    int,
    str,
    tuple[str, int] | tuple[str, int, int, int] | tuple[int, bytes],
]
RESOLVE_TIMEOUT_S = 10.0

_NOT_GLOBAL = tuple(
    ipaddress.ip_network(block)
    for block in (
        "192.0.0.0/24",  # IETF protocol assignments (Python 3.11 calls part of it global)
        "192.88.99.0/24",  # 6to4 relay anycast, deprecated
        "64:ff9b:1::/48",  # local-use NAT64: the IPv4 part sits where the operator chose
    )
)
_LAST_32_BITS = tuple(
    ipaddress.IPv6Network(block)
    for block in (
        "::ffff:0:0/96",  # IPv4-mapped
        "::ffff:0:0:0/96",  # IPv4-translated (SIIT)
        "::/96",  # IPv4-compatible, deprecated (also holds :: and ::1)
        "64:ff9b::/96",  # well-known NAT64 prefix
    )
)
"""IPv6 prefixes whose address only wraps the IPv4 address in its last 32 bits: such an
address is judged by that IPv4 address alone."""


@dataclass(frozen=True)
class ResolvedAddress:
    """One address a host resolved to, ready for `socket.connect`."""

    family: socket.AddressFamily
    sockaddr: tuple[str, int] | tuple[str, int, int, int]


def parse_ip(text: str) -> IpAddress:
    """An address as `getaddrinfo` gives it; drops an IPv6 zone (`fe80::1%eth0`)."""
    return ipaddress.ip_address(text.split("%", 1)[0])


def _wraps_ipv4(address: ipaddress.IPv6Address) -> bool:
    return any(address in prefix for prefix in _LAST_32_BITS)


def embedded_ipv4(address: IpAddress) -> tuple[ipaddress.IPv4Address, ...]:
    """The IPv4 addresses an IPv6 address carries: the last 32 bits of the prefixes in
    `_LAST_32_BITS`, the 6to4 gateway, or a Teredo server and client."""
    if isinstance(address, ipaddress.IPv4Address):
        return ()
    if _wraps_ipv4(address):
        return (ipaddress.IPv4Address(int(address) & 0xFFFFFFFF),)
    if address.sixtofour is not None:
        return (address.sixtofour,)
    if address.teredo is not None:
        return address.teredo
    return ()


def _is_global(address: IpAddress) -> bool:
    return (
        address.is_global
        and not address.is_multicast
        and not any(address in block for block in _NOT_GLOBAL if block.version == address.version)
    )


def is_global_address(address: IpAddress) -> bool:
    """True only for publicly routable unicast addresses, and only when every IPv4 address
    the address carries is one too."""
    wrapper = isinstance(address, ipaddress.IPv6Address) and _wraps_ipv4(address)
    judged = (*(() if wrapper else (address,)), *embedded_ipv4(address))
    return all(_is_global(each) for each in judged)


def _refuse_non_global(host: str, addresses: Sequence[ResolvedAddress]) -> None:
    for resolved in addresses:
        ip = parse_ip(resolved.sockaddr[0])
        if not is_global_address(ip):
            raise MailRefused(
                f"SMTP host {host!r} resolves to {ip}, a loopback, private or otherwise "
                "non-public address; such hosts are not allowed",
                permanent=True,
                problem=MailProblem.HOST_NOT_ALLOWED,
            )


def _resolution_failed(host: str, error: Exception) -> MailRefused:
    """A name that does not exist, or is not a valid name, is permanent; a DNS outage is not."""
    permanent = isinstance(error, UnicodeError) or (
        isinstance(error, socket.gaierror) and error.errno == socket.EAI_NONAME
    )
    return MailRefused(
        f"SMTP host {host!r} could not be resolved: {error}",
        permanent=permanent,
        problem=MailProblem.UNREACHABLE,
    )


def _addresses(infos: Sequence[AddrInfo]) -> list[ResolvedAddress]:
    seen: list[ResolvedAddress] = []
    for family, _type, _proto, _name, sockaddr in infos:
        resolved: ResolvedAddress
        if family == socket.AF_INET and len(sockaddr) == 2 and isinstance(sockaddr[0], str):
            resolved = ResolvedAddress(socket.AF_INET, (sockaddr[0], int(sockaddr[1])))
        elif family == socket.AF_INET6 and len(sockaddr) == 4:
            resolved = ResolvedAddress(socket.AF_INET6, sockaddr)
        else:
            continue
        if resolved not in seen:
            seen.append(resolved)
    return seen


def _check_host_text(host: str) -> None:
    if not host or any(character.isspace() or ord(character) < 32 for character in host):
        raise MailRefused(
            f"SMTP host {host!r} is not a valid host name",
            permanent=True,
            problem=MailProblem.UNREACHABLE,
        )


async def _lookup(host: str, port: int, timeout: float) -> Sequence[AddrInfo]:
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(timeout):
            return await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except TimeoutError:
        raise MailRefused(
            f"SMTP host {host!r} could not be resolved: no DNS answer within {timeout:g} s",
            permanent=False,
            problem=MailProblem.UNREACHABLE,
        ) from None
    except (OSError, UnicodeError) as error:
        raise _resolution_failed(host, error) from error


async def resolve(
    host: str, port: int, *, public_only: bool, timeout: float = RESOLVE_TIMEOUT_S
) -> list[ResolvedAddress]:
    """The host's addresses, looked up without blocking the event loop; with `public_only`,
    `MailRefused` (permanent) unless every one is a global address."""
    _check_host_text(host)
    addresses = _addresses(await _lookup(host, port, timeout))
    if not addresses:
        raise MailRefused(
            f"SMTP host {host!r} resolves to no IP address",
            permanent=True,
            problem=MailProblem.UNREACHABLE,
        )
    if public_only:
        _refuse_non_global(host, addresses)
    return addresses
