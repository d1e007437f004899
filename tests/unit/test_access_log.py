"""What of a request the access line keeps: a client's request id only when it is sane, the
path without secrets."""

from __future__ import annotations

import logging

import pytest
from litestar import Request

from automahntion.api.access_log import incoming_request_id, logged_path
from automahntion.api.server_errors import server_error


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        (b"lb-7.a:1", "lb-7.a:1"),
        (b"0f" * 64, "0f" * 64),
        (b"0f" * 64 + b"1", None),
        (b"", None),
        (b"-starts-with-a-dash", None),
        (b"has space", None),
        (b'quote"', None),
        ("\u00e4".encode(), None),
        (b"line\nbreak", None),
    ],
)
def test_a_client_request_id_is_kept_only_when_sane(sent: bytes, kept: str | None) -> None:
    scope = {"headers": [(b"x-request-id", sent)]}
    assert incoming_request_id(scope) == kept  # type: ignore[arg-type]


def test_no_request_id_header_means_none() -> None:
    assert incoming_request_id({"headers": []}) is None  # type: ignore[typeddict-item]


def test_secret_path_parameters_are_masked() -> None:
    scope = {"path": "/feedback/tok123abc", "path_params": {"token": "tok123abc"}}
    assert logged_path(scope) == "/feedback/***"  # type: ignore[arg-type]
    assert logged_path({"path": "/v1/invoices/42"}) == "/v1/invoices/42"  # type: ignore[arg-type]


def test_a_server_error_logs_the_path_without_its_secret(caplog: pytest.LogCaptureFixture) -> None:
    """The 500's log line names the path as the access line does: a feedback or e-mail
    confirmation token in it would let whoever reads the logs act as the link's owner."""
    secret = "fbt_Geheim123"
    scope = {
        "type": "http",
        "method": "POST",
        "path": f"/feedback/{secret}",
        "path_params": {"token": secret},
        "headers": [],
        "query_string": b"",
    }
    with caplog.at_level(logging.ERROR):
        answer = server_error(Request(scope), RuntimeError("boom"))  # type: ignore[arg-type]
    assert answer.status_code == 500
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "/feedback/***" in logged
    assert secret not in logged
