"""What an OAuth client registration accepts: everything the OpenAPI schema lets through."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from automahntion.api.oauth_clients import NAME_PATTERN, REDIRECT_URI_PATTERN
from automahntion.api.scopes import TENANT_SCOPES
from automahntion.app.access.oauth import MAX_URI_LENGTH, checked_client, redirect_uri_problem
from automahntion.domain.errors import ValidationFailed


@given(st.from_regex(REDIRECT_URI_PATTERN, fullmatch=True).filter(lambda u: len(u) <= 2000))
def test_every_redirect_uri_the_schema_allows_is_accepted(uri: str) -> None:
    assert redirect_uri_problem(uri) is None


@given(st.text(min_size=1, max_size=200).filter(lambda n: re.search(NAME_PATTERN, n)))
def test_every_name_the_schema_allows_is_accepted(name: str) -> None:
    accepted, _, _ = checked_client(
        name, ["https://w.example/cb"], ["settings:read"], TENANT_SCOPES
    )
    assert accepted
    assert accepted in name


@pytest.mark.parametrize(
    "uri",
    [
        "https://widget.example/cb",
        "https://widget.example:8443/cb?x=1",
        "http://127.0.0.1:9/cb",
        "http://localhost/cb",
        "http://[::1]:8080/",
    ],
)
def test_https_and_loopback_http_are_registrable(uri: str) -> None:
    assert redirect_uri_problem(uri) is None


@pytest.mark.parametrize(
    "uri",
    [
        "http://widget.example/cb",
        "https://widget.example/cb#top",
        "https:///cb",
        "https://user:pw@widget.example/cb",
        "javascript:alert(1)",
        "https://widget.example/a b",
        "https://widget.example:99999/cb",
        "https://widget.example/" + "a" * MAX_URI_LENGTH,
    ],
)
def test_other_redirect_uris_are_refused(uri: str) -> None:
    assert redirect_uri_problem(uri) is not None


def test_refusals_name_each_field() -> None:
    with pytest.raises(ValidationFailed) as refused:
        checked_client(" ", ["http://x.example/cb"], ["admin", "settings:read"], TENANT_SCOPES)
    fields = {problem.field for problem in refused.value.problems}
    assert fields == {"name", "redirectUris[0]", "scopes[0]"}


def test_repeats_are_kept_once_in_order() -> None:
    _, uris, scopes = checked_client(
        "W",
        ["https://a.example/cb", "https://b.example/cb", "https://a.example/cb"],
        ["invoices:read", "settings:read", "invoices:read"],
        TENANT_SCOPES,
    )
    assert uris == ("https://a.example/cb", "https://b.example/cb")
    assert scopes == ("invoices:read", "settings:read")


def test_a_json_request_carries_the_requests_parameters() -> None:
    from datetime import UTC, datetime

    from automahntion.api.oauth_requests import Request
    from automahntion.api.oauth_server import Server
    from automahntion.app.access.oauth import Preloaded

    request = Request(
        "POST",
        "https://mahnung.example/oauth/register",
        {"content-type": "application/json"},
        query=[("client_id", "amc_1")],
        form=[("client_name", "Widget")],
    )
    json_request = Server(Preloaded(), datetime(2026, 11, 27, tzinfo=UTC)).create_json_request(
        request
    )
    assert json_request.method == "POST"
    assert json_request.payload.data == {"client_id": "amc_1", "client_name": "Widget"}
