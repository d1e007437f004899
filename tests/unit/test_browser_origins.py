"""The origins a browser widget may call from, derived from its client's redirect URIs."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from automahntion.api.oauth_clients import REDIRECT_URI_PATTERN
from automahntion.app.access.browser_origins import origin_of, origin_scopes
from automahntion.app.access.records import OAuthClientRecord

NOW = datetime(2026, 12, 6, tzinfo=UTC)


def _client(
    *uris: str, scopes: tuple[str, ...] = ("invoices:read",), revoked: bool = False
) -> OAuthClientRecord:
    return OAuthClientRecord(
        id=uuid4(),
        client_id="amc_x",
        name="W",
        redirect_uris=uris,
        scopes=scopes,
        secret_hash=None,
        created_at=NOW,
        revoked_at=NOW if revoked else None,
    )


@pytest.mark.parametrize(
    ("uri", "origin"),
    [
        ("https://widget.example/callback?x=1", "https://widget.example"),
        ("https://Widget.Example:443/cb", "https://widget.example"),
        ("https://widget.example:8443/cb", "https://widget.example:8443"),
        ("http://127.0.0.1:51234/index.html", "http://127.0.0.1:51234"),
        ("http://localhost:80/", "http://localhost"),
        ("http://[::1]:8080/", "http://[::1]:8080"),
        ("ftp://widget.example/", None),
        ("null", None),
        ("https://widget.example:99999/", None),
    ],
)
def test_the_origin_of_a_redirect_uri_is_what_a_browser_sends(uri: str, origin: str | None) -> None:
    assert origin_of(uri) == origin


def test_an_origin_gets_the_scopes_of_every_active_client_registered_for_it() -> None:
    clients = [
        _client("https://a.example/cb", scopes=("invoices:read",)),
        _client("https://b.example/x", "https://a.example/other", scopes=("settings:read",)),
        _client("https://a.example/old", scopes=("billing:write",), revoked=True),
    ]
    assert origin_scopes(clients, "https://a.example") == {"invoices:read", "settings:read"}
    assert origin_scopes(clients, "https://b.example") == {"settings:read"}
    assert origin_scopes(clients, "https://c.example") is None
    assert origin_scopes(clients, "https://a.example:444") is None


@pytest.mark.parametrize("port", ["1", "8443", "51234", "65535"])
def test_the_schema_takes_a_redirect_uri_on_any_port(port: str) -> None:
    assert re.fullmatch(REDIRECT_URI_PATTERN, f"http://127.0.0.1:{port}/widget")


@pytest.mark.parametrize("port", ["65536", "99999", "123456"])
def test_the_schema_refuses_a_port_that_is_none(port: str) -> None:
    assert not re.fullmatch(REDIRECT_URI_PATTERN, f"http://127.0.0.1:{port}/widget")
