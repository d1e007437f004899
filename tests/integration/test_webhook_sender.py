"""The webhook sender against receivers on this machine: the name is resolved once and the
connection goes to the address that was checked (no second lookup a rebinding DNS server could
answer with 127.0.0.1), TLS still verifies the certificate for the name, and redirects are not
followed."""

from __future__ import annotations

import datetime as dt
import ipaddress
import shutil
import socket
import ssl
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from automahntion.adapters import webhook_sender
from automahntion.adapters.mail.hosts import IpAddress
from automahntion.adapters.webhook_sender import HttpWebhookSender
from automahntion.app.webhooks.sender import EndpointUnreachable
from tests.sandbox_server import running
from tests.webhook_receiver import Receiver

REBINDING_NAME = "hooks.rebind.test"
ATTACKER_PUBLIC = "127.0.0.2"
"""Stands for the attacker's public address: every 127/8 address reaches this machine's
loopback, so a receiver can listen there, and the tests count it as public."""
HEADERS = {"webhook-id": "msg_1", "content-type": "application/json"}


def _socket_on(host: str, port: int = 0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


@pytest.fixture
def two_receivers() -> Iterator[tuple[Receiver, Receiver, int]]:
    """An internal receiver on 127.0.0.1 and the "public" one on 127.0.0.2, same port."""
    inside_sock = _socket_on("127.0.0.1")
    port = int(inside_sock.getsockname()[1])
    inside, public = Receiver(), Receiver()
    with running(inside, inside_sock), running(public, _socket_on(ATTACKER_PUBLIC, port)):
        yield inside, public, port


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(trust_env=False) as client:
        yield client


def _attacker_public_counts_as_public(monkeypatch: pytest.MonkeyPatch) -> None:
    original = webhook_sender.is_global_address

    def is_global(address: IpAddress) -> bool:
        return str(address) == ATTACKER_PUBLIC or original(address)

    monkeypatch.setattr(webhook_sender, "is_global_address", is_global)


async def test_a_name_rebinding_to_loopback_after_the_check_does_not_reach_inside(
    monkeypatch: pytest.MonkeyPatch, http: httpx.AsyncClient, two_receivers: Any
) -> None:
    """The system resolver itself rebinds: its first answer is the "public" address, every
    later one 127.0.0.1. A client that looks the name up again when it connects (as httpx
    does) would deliver to the internal receiver."""
    inside, public, port = two_receivers
    _attacker_public_counts_as_public(monkeypatch)
    answers: list[str] = []
    system = socket.getaddrinfo

    def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name != REBINDING_NAME:
            return system(host, port, *args, **kwargs)
        answers.append(ATTACKER_PUBLIC if not answers else "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[-1], int(port)))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    sender = HttpWebhookSender(http, allow_loopback=True)

    status = await sender.post(f"http://{REBINDING_NAME}:{port}/in", HEADERS, b"{}")

    assert inside.received == [], "the request reached the internal receiver"
    assert status == 200
    assert [r.path for r in public.received] == ["/in"]
    assert public.received[0].headers["host"] == f"{REBINDING_NAME}:{port}"
    assert answers == [ATTACKER_PUBLIC], "the name was looked up once"


async def test_each_delivery_resolves_once_and_checks_what_it_connects_to(
    monkeypatch: pytest.MonkeyPatch, http: httpx.AsyncClient, two_receivers: Any
) -> None:
    """An injected resolver: the first delivery's only lookup answers the public address; the
    next delivery's answers 127.0.0.1 and is refused before anything is sent."""
    inside, public, port = two_receivers
    _attacker_public_counts_as_public(monkeypatch)
    lookups: list[tuple[str, int]] = []

    async def resolve(host: str, port: int) -> list[str]:
        lookups.append((host, port))
        return [ATTACKER_PUBLIC] if len(lookups) == 1 else ["127.0.0.1"]

    sender = HttpWebhookSender(http, allow_loopback=True, resolve=resolve)
    url = f"http://{REBINDING_NAME}:{port}/in"
    assert await sender.post(url, HEADERS, b"{}") == 200
    assert lookups == [(REBINDING_NAME, port)]
    with pytest.raises(EndpointUnreachable, match=r"resolves to 127\.0\.0\.1"):
        await sender.post(url, HEADERS, b"{}")
    assert lookups == [(REBINDING_NAME, port)] * 2
    assert len(public.received) == 1
    assert inside.received == []


async def test_the_next_checked_address_is_tried_when_one_refuses_the_connection(
    http: httpx.AsyncClient,
) -> None:
    box = Receiver()
    nothing_there = _socket_on("127.0.0.3")
    with running(box, _socket_on("127.0.0.1", int(nothing_there.getsockname()[1]))) as url:
        port = url.rsplit(":", 1)[1]

        async def resolve(host: str, port: int) -> list[str]:
            return ["127.0.0.3", "127.0.0.1"]

        sender = HttpWebhookSender(http, allow_loopback=True, resolve=resolve)
        assert await sender.post(f"http://localhost:{port}/in", HEADERS, b"{}") == 200
    nothing_there.close()
    assert [r.headers["host"] for r in box.received] == [f"localhost:{port}"]


async def test_a_redirect_is_not_followed(http: httpx.AsyncClient) -> None:
    inside = Receiver()

    async def redirecting(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (message := await receive())["type"] != "lifespan.shutdown":
                await send({"type": message["type"] + ".complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        location = inside_url.encode() + b"/inside"
        headers = [(b"location", location)]
        await send({"type": "http.response.start", "status": 307, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    with running(inside) as inside_url, running(redirecting) as url:
        sender = HttpWebhookSender(http, allow_loopback=True)
        assert await sender.post(url + "/hooks", HEADERS, b"{}") == 307
    assert inside.received == []


def _certificate_for(name: str, folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for the DNS name `name` only (no IP address in it)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_receiver() -> Iterator[tuple[Receiver, int, Path]]:
    """A receiver on https://127.0.0.1 whose certificate names only `localhost`."""
    folder = Path(tempfile.mkdtemp(prefix="automahntion-webhook-tls-"))
    try:
        cert_path, key_path = _certificate_for("localhost", folder)
        box = Receiver()
        sock = _socket_on("127.0.0.1")
        port = int(sock.getsockname()[1])
        with running(box, sock, ssl_certfile=str(cert_path), ssl_keyfile=str(key_path)):
            yield box, port, cert_path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def test_tls_verifies_the_certificate_for_the_name_not_the_address(
    tls_receiver: tuple[Receiver, int, Path],
) -> None:
    box, port, cert_path = tls_receiver
    trusted = ssl.create_default_context(cafile=str(cert_path))
    lookups: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]

    async with httpx.AsyncClient(verify=trusted, trust_env=False) as http:
        sender = HttpWebhookSender(http, allow_loopback=True, resolve=resolve)
        assert await sender.post(f"https://localhost:{port}/hooks", HEADERS, b"{}") == 200
        assert lookups == ["localhost"]
        assert box.received[0].headers["host"] == f"localhost:{port}"
        with pytest.raises(EndpointUnreachable, match="CERTIFICATE_VERIFY_FAILED"):
            await sender.post(f"https://127.0.0.1:{port}/hooks", HEADERS, b"{}")
    assert len(box.received) == 1


def test_the_request_goes_to_the_address_with_the_name_in_host_and_sni() -> None:
    cases = {
        ("https://hooks.example.com/in?x=1", "93.184.216.34"): (
            "https://93.184.216.34/in?x=1", "hooks.example.com", "hooks.example.com",
        ),
        ("https://Hooks.Example.com:8443/in", "2606:2800:220:1::1"): (
            "https://[2606:2800:220:1::1]:8443/in", "hooks.example.com:8443", "hooks.example.com",
        ),
        ("https://bücher.example/in", "93.184.216.34"): (
            "https://93.184.216.34/in", "xn--bcher-kva.example", "xn--bcher-kva.example",
        ),
    }  # fmt: skip
    for (url, address), (expected_url, host, sni) in cases.items():
        built = webhook_sender.pinned_request(httpx.URL(url), ipaddress.ip_address(address))
        assert (str(built.url), built.host_header, built.sni_hostname) == (expected_url, host, sni)


@pytest.mark.parametrize(
    "host", ["2130706433", "0x7f000001", "0177.0.0.1", "127.1", "0", "[::ffff:127.0.0.1]"]
)
async def test_loopback_in_another_spelling_is_refused_even_where_loopback_is_allowed(
    http: httpx.AsyncClient, two_receivers: Any, host: str
) -> None:
    """Loopback is let through only by its names (tests, a local receiver); the spellings
    inet_aton also takes, or an IPv4-mapped IPv6 literal, reach it all the same."""
    inside, _, port = two_receivers
    sender = HttpWebhookSender(http, allow_loopback=True)

    with pytest.raises(EndpointUnreachable):
        await sender.post(f"http://{host}:{port}/in", HEADERS, b"{}")

    assert inside.received == []
