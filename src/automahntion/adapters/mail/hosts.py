"""The guard against tenant SMTP servers on loopback, private, or otherwise non-global addresses.

A tenant types in a host name; without this guard the service could be made to connect to
itself or to anything in its own network (SSRF). Every address the name resolves to must be
a global one: one private address among public ones is enough to refuse it. The addresses that
passed are what the transport then connects to, so a second lookup cannot swap them (DNS
rebinding).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass

from automahntion.app.mail import MailRefused

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
AddrInfo = tuple[
    socket.AddressFamily,
    socket.SocketKind,
    int,
    str,
    tuple[str, int] | tuple[str, int, int, int] | tuple[int, bytes],
]


@dataclass(frozen=True)
class ResolvedAddress:
    """One address a host resolved to, ready for `socket.connect`."""

    family: socket.AddressFamily
    sockaddr: tuple[str, int] | tuple[str, int, int, int]


def parse_ip(text: str) -> IpAddress:
    """An address as `getaddrinfo` gives it; drops an IPv6 zone (`fe80::1%eth0`)."""
    return ipaddress.ip_address(text.split("%", 1)[0])


def is_global_address(address: IpAddress) -> bool:
    """True only for publicly routable unicast addresses (IPv4-mapped IPv6 judged as IPv4)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _refuse_non_global(host: str, addresses: Sequence[ResolvedAddress]) -> None:
    if not addresses:
        raise MailRefused(f"SMTP host {host!r} resolves to no IP address", permanent=True)
    for resolved in addresses:
        ip = parse_ip(resolved.sockaddr[0])
        if not is_global_address(ip):
            raise MailRefused(
                f"SMTP host {host!r} resolves to {ip}, a loopback, private or otherwise "
                "non-public address; such hosts are not allowed",
                permanent=True,
            )


def _resolution_failed(host: str, error: Exception) -> MailRefused:
    """A name that does not exist, or is not a valid name, is permanent; a DNS outage is not."""
    permanent = isinstance(error, UnicodeError) or (
        isinstance(error, socket.gaierror) and error.errno == socket.EAI_NONAME
    )
    return MailRefused(f"SMTP host {host!r} could not be resolved: {error}", permanent=permanent)


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
        raise MailRefused(f"SMTP host {host!r} is not a valid host name", permanent=True)


def resolve_public(host: str, port: int) -> list[ResolvedAddress]:
    """Resolve `host` (blocking) and refuse it unless every address is a global one."""
    _check_host_text(host)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise _resolution_failed(host, error) from error
    addresses = _addresses(infos)
    _refuse_non_global(host, addresses)
    return addresses


async def resolve_async(host: str, port: int, *, public_only: bool) -> list[ResolvedAddress]:
    """Resolve `host` without blocking the event loop; with `public_only` as `resolve_public`."""
    _check_host_text(host)
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise _resolution_failed(host, error) from error
    addresses = _addresses(infos)
    if public_only:
        _refuse_non_global(host, addresses)
    elif not addresses:
        raise MailRefused(f"SMTP host {host!r} resolves to no IP address", permanent=True)
    return addresses
