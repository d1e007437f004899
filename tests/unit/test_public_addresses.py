"""The guard against tenant SMTP hosts that reach the service's own network (issue 15, finding
8): every address, including the IPv4 address an IPv6 address carries, must be a public one.
IP literals only: `getaddrinfo` answers them without DNS."""

from __future__ import annotations

import asyncio

import pytest

from automahntion.adapters.mail.hosts import embedded_ipv4, is_global_address, parse_ip, resolve
from automahntion.app.mail.ports import MailRefused

REFUSED = [
    # IPv4: loopback, private, link-local (cloud metadata), shared, this network, multicast,
    # broadcast, benchmarking, documentation, IETF protocol assignments, 6to4 relay
    "127.0.0.1",
    "127.8.9.10",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "198.18.0.1",
    "192.0.2.1",
    "192.0.0.8",
    "192.88.99.1",
    # IPv6 of its own: loopback, unspecified, link-local, unique local, multicast, documentation
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "ff02::1",
    "2001:db8::1",
    # IPv6 carrying a private IPv4 address
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:10.1.2.3",
    "::ffff:0:7f00:1",  # IPv4-translated: 127.0.0.1
    "::a00:1",  # IPv4-compatible: 10.0.0.1
    "::127.0.0.1",
    "64:ff9b::a00:1",  # NAT64: 10.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64: 169.254.169.254
    "64:ff9b::7f00:1",
    "64:ff9b:1::808:808",  # local-use NAT64: the IPv4 part is not at a known place
    "2002:a00:1::1",  # 6to4 through 10.0.0.1
    "2002:7f00:1::1",
    "2002:a9fe:a9fe::1",
    "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo, client 10.0.0.1
]
ALLOWED = [
    "93.184.216.34",
    "1.1.1.1",
    "2606:4700:4700::1111",
    "2a00:1450:4001:82b::201a",
    "::ffff:93.184.216.34",
    "64:ff9b::808:808",  # NAT64 to 8.8.8.8: an IPv6-only network reaching a public server
    "2002:808:808::1",  # 6to4 through 8.8.8.8
]
EMBEDDED = [
    ("::ffff:0:7f00:1", ["127.0.0.1"]),
    ("::a00:1", ["10.0.0.1"]),
    ("64:ff9b::a9fe:a9fe", ["169.254.169.254"]),
    ("2002:a00:1::1", ["10.0.0.1"]),
    ("2001:0:4136:e378:8000:63bf:f5ff:fffe", ["65.54.227.120", "10.0.0.1"]),
    ("2606:4700:4700::1111", []),
    ("10.0.0.1", []),
]


def _resolve(address: str) -> list[str]:
    found = asyncio.run(resolve(address, 587, public_only=True))
    return [each.sockaddr[0] for each in found]


@pytest.mark.parametrize("address", REFUSED)
def test_a_non_public_address_is_refused(address: str) -> None:
    assert not is_global_address(parse_ip(address))
    with pytest.raises(MailRefused) as refused:
        _resolve(address)
    assert refused.value.permanent
    assert "non-public address" in refused.value.reason


@pytest.mark.parametrize("address", ALLOWED)
def test_a_public_address_passes(address: str) -> None:
    assert is_global_address(parse_ip(address))
    assert [parse_ip(found) for found in _resolve(address)] == [parse_ip(address)]


@pytest.mark.parametrize(("address", "carried"), EMBEDDED)
def test_the_ipv4_address_an_ipv6_address_carries_is_found(
    address: str, carried: list[str]
) -> None:
    assert [str(each) for each in embedded_ipv4(parse_ip(address))] == carried


def test_a_zone_in_an_ipv6_address_does_not_hide_it() -> None:
    assert parse_ip("fe80::1%eth0") == parse_ip("fe80::1")


def test_private_addresses_may_be_allowed() -> None:
    [private] = asyncio.run(resolve("192.168.1.1", 25, public_only=False))
    assert private.sockaddr == ("192.168.1.1", 25)


@pytest.mark.parametrize("host", ["", "mail.example.com\r\n", "mail example.com"])
def test_a_host_that_is_no_host_name_is_refused(host: str) -> None:
    with pytest.raises(MailRefused) as refused:
        _resolve(host)
    assert refused.value.permanent
