"""Which web origins a browser may call the API from: the origins of the redirect URIs
registered with the active OAuth clients, each with the scopes of its clients.

Looked up only for a request that names an `Origin`, so a request from a server costs no
read."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from automahntion.app.access.records import OAuthClientRecord
from automahntion.app.storage import UnitOfWork

DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(uri: str) -> str | None:
    """The origin as a browser serializes it (RFC 6454): scheme, lower-case host, and the
    port only when it is not the scheme's default. None for a URI without one."""
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), parts.hostname
    if scheme not in DEFAULT_PORTS or not host:
        return None
    netloc = f"[{host}]" if ":" in host else host
    return f"{scheme}://{netloc}" + ("" if port in (None, DEFAULT_PORTS[scheme]) else f":{port}")


def origin_scopes(clients: Iterable[OAuthClientRecord], origin: str) -> frozenset[str] | None:
    """The scopes of the active clients registered for exactly `origin`; None if there is
    none (an empty set: a client without scopes, which still may use the token endpoint)."""
    matching = [
        client
        for client in clients
        if client.revoked_at is None
        and any(origin_of(uri) == origin for uri in client.redirect_uris)
    ]
    if not matching:
        return None
    return frozenset(scope for client in matching for scope in client.scopes)


async def registered_origin_scopes(
    units: Callable[[], UnitOfWork], origin: str
) -> frozenset[str] | None:
    if origin_of(origin) != origin:
        return None
    async with units() as uow:
        clients = await uow.oauth.clients()
    return origin_scopes(clients, origin)
