"""What operators watch: liveness, readiness (database and Redis), and error reports that go
to Sentry only when a DSN is set, without personal data."""

from __future__ import annotations

import gzip
import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from importlib.metadata import version

import httpx
import pytest

from tests.integration.conftest import (
    drop_postgres_database,
    drop_postgres_database_later,
    migrated_postgres_database,
)
from tests.integration.lexoffice_env import Sandbox, free_port, serving_api, settings_for
from tests.integration.test_worker import REDIS_URL


def test_ready_reports_database_and_redis_and_turns_503_when_the_database_is_gone(
    sandbox_url: str,
) -> None:
    name, url = migrated_postgres_database()
    try:
        settings = replace(
            settings_for(Sandbox(sandbox_url), url, f"http://127.0.0.1:{free_port()}"),
            redis_url=REDIS_URL,
        )
        with (
            serving_api(settings) as api_url,
            httpx.Client(base_url=api_url, trust_env=False) as http,
        ):
            ready = http.get("/ready")
            drop_postgres_database(name)
            gone = http.get("/ready")
            alive = http.get("/health")
    finally:
        drop_postgres_database_later(name)
    assert (ready.status_code, ready.json()) == (200, {"database": "ok", "redis": "ok"})
    assert gone.status_code == 503
    assert gone.headers["content-type"].startswith("application/problem+json")
    assert gone.json()["detail"].startswith("database: unreachable")
    assert alive.status_code == 200


class _Envelopes(http.server.BaseHTTPRequestHandler):
    received: list[bytes]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def sentry_receiver() -> Iterator[tuple[str, list[bytes]]]:
    received: list[bytes] = []
    handler = type("Handler", (_Envelopes,), {"received": received})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://publickey@127.0.0.1:{server.server_port}/1", received
    server.shutdown()


REPORT_AN_ERROR = """
import sys
import sentry_sdk
from automahntion.bootstrap.observability import init_error_reporting
from automahntion.bootstrap.settings import Settings

dsn = sys.argv[1] or None
print(init_error_reporting(Settings(sentry_dsn=dsn, environment="staging"), "worker"))
with sentry_sdk.new_scope() as scope:
    scope.set_user({"email": "chef@baeckerei.example"})
    try:
        raise RuntimeError("the daily run failed")
    except RuntimeError:
        sentry_sdk.capture_exception()
sentry_sdk.flush(5)
print(sentry_sdk.get_client().is_active())
"""


def _report(dsn: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", REPORT_AN_ERROR, dsn],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.split()


def test_errors_reach_sentry_only_with_a_dsn_and_without_personal_data(
    sentry_receiver: tuple[str, list[bytes]],
) -> None:
    dsn, received = sentry_receiver
    assert _report("") == ["False", "False"]
    assert received == []
    assert _report(dsn) == ["True", "True"]
    assert len(received) == 1
    envelope = received[0].decode()
    items = [json.loads(line) for line in envelope.splitlines() if line.startswith("{")]
    events = [item for item in items if "exception" in item]
    assert events[0]["exception"]["values"][0]["value"] == "the daily run failed"
    assert events[0]["server_name"] == "worker"
    assert events[0]["release"] == f"automahntion@{version('automahntion')}"
    assert events[0]["environment"] == "staging"
    assert "chef@baeckerei.example" not in envelope
