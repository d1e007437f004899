"""Which URLs an endpoint may have: https to a public host. Plain http only to this machine's
loopback, and only where the settings allow it (tests, a local receiver). The sender checks
every address a name resolves to again before each delivery and connects to one of those
addresses, not to the name (SSRF, DNS rebinding)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from automahntion.domain.errors import FieldProblem

MAX_URL_LENGTH = 2000
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def url_problem(url: str, *, allow_loopback: bool) -> FieldProblem | None:
    def refused(message: str) -> FieldProblem:
        return FieldProblem("url", message)

    if len(url) > MAX_URL_LENGTH or any(c.isspace() or ord(c) < 32 for c in url):
        return refused("is no valid URL")
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises for a port that is no number
    except ValueError:
        return refused("is no valid URL")
    if not host or parts.username is not None or parts.password is not None:
        return refused("needs a host and no user name or password")
    if parts.fragment:
        return refused("may not have a fragment")
    loopback = host in LOOPBACK_NAMES or host.endswith(".localhost")
    if loopback:
        if allow_loopback and parts.scheme in ("http", "https"):
            return None
        return refused("may not point to this machine")
    if parts.scheme != "https":
        return refused("must be an https URL")
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return None
    if not literal.is_global or literal.is_multicast:
        return refused(f"points to {literal}, a private or otherwise non-public address")
    return None
