"""The live API against its own OpenAPI document (schemathesis), and the generated SDK against
the document in the repository."""

from __future__ import annotations

import asyncio
import filecmp
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from scripts.sdk import generate

from automahntion.app.access.credentials import issue_admin_token
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from tests.integration.conftest import ENGINES
from tests.integration.lexoffice_env import Sandbox, TestClock, free_port, serving_api, settings_for
from tests.smtp_sink import Sink

ROOT = Path(__file__).parents[2]
BIN = Path(sys.executable).parent
KEY = "amk_" + "s" * 43
EXAMPLES_PER_OPERATION = 15
ADMIN_PATHS = "^/v1/admin"
EXCLUDED_CHECKS = [
    # Litestar answers OPTIONS with only one of the methods a path has when they are separate
    # handlers (litestar-org/litestar#4169, fixed only in Litestar 3).
    "allow_header_conformance",
]

CONTENT_CHECKED = [
    "updateLetterhead",
    "saveLetterheadLogo",
    "createWebhookEndpoint",
    "updateWebhookEndpoint",
]
"""Operations whose values are checked beyond what JSON Schema states (an IBAN's checksum, a
picture's content, a webhook URL's host): a schema-valid request may be refused with the 422
naming the field."""
ADMIN_EXCLUDED_CHECKS = [
    # The admin creates take `Idempotency-Key`: schemathesis's stateful phase sends the same
    # generated key and body again in a later scenario and gets the first answer replayed (as
    # it must), naming what an earlier scenario has deleted since, so "created resource not
    # found" is no fault there (test_admin_idempotency.py holds the replay).
    "ensure_resource_availability",
]
CONDITIONAL_PATHS = "^/v1/(settings|levels(/[^/]+(/template)?)?)$"
"""Writes that take `If-Match`: a schema-valid tag that is not the current one is 412."""
_CONFIG = f"""
[[operations]]
include-operation-id = {CONTENT_CHECKED!r}
checks.positive_data_acceptance.expected-statuses = [
    "2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"
]

[[operations]]
include-path-regex = {CONDITIONAL_PATHS!r}
checks.positive_data_acceptance.expected-statuses = [
    "2xx", "3xx", "401", "403", "404", "409", "412", "429", "5xx"
]
"""


async def _credentials(settings: Settings) -> str:
    """A tenant with the key `KEY`; returns an admin token."""
    container = await Container.start(settings, TestClock())
    try:
        await create_tenant(
            container.database.unit_of_work,
            NewTenant("Schemathesis GmbH", "st@example.org"),
            container.clock.now(),
            KEY,
        )
        issued = await issue_admin_token(
            container.database.unit_of_work, "schemathesis", container.clock.now()
        )
        return issued.token
    finally:
        await container.stop()


def _schemathesis(
    api_url: str, token: str, operations: list[str], reports: Path, excluded: list[str]
) -> str | None:
    """The output of a failed run over the chosen operations; None when it passed."""
    config = reports.parent / f"{reports.name}.toml"
    config.write_text(_CONFIG)
    result = subprocess.run(
        [
            str(BIN / "st"),
            "--config-file",
            str(config),
            "run",
            f"{api_url}/schema/openapi.json",
            *operations,
            "--max-examples",
            str(EXAMPLES_PER_OPERATION),
            "--checks",
            "all",
            "--exclude-checks",
            ",".join(EXCLUDED_CHECKS + excluded),
            "--header",
            f"Authorization: Bearer {token}",
            "--seed",
            "1",
            # The SMTP test connection waits up to 30 s for a greeting, and a generated host
            # may reach a local port that never sends one (e.g. "1" is 0.0.0.1: this machine).
            "--request-timeout",
            "45",
            "--max-response-time",
            "45",
            "--report",
            "junit",
            "--report-dir",
            str(reports),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return None if result.returncode == 0 else result.stdout[-10000:] + result.stderr[-2000:]


@pytest.mark.parametrize("engine", ENGINES)
def test_schemathesis_finds_no_server_error_no_schema_break_and_no_refused_valid_request(
    sandbox_url: str, tmp_path: Path, engine: str, request: pytest.FixtureRequest
) -> None:
    """On both engines: SQLite takes NUL and ignores lengths, PostgreSQL refuses both."""
    url = str(request.getfixturevalue(f"migrated_{engine}_url"))
    with Sink() as sink:
        settings = replace(
            settings_for(Sandbox(sandbox_url), url, f"http://127.0.0.1:{free_port()}"),
            mail_host=sink.host,
            mail_port=sink.port,
            mail_tls="none",
            documents_dir=str(tmp_path / "documents"),
            # Whether an SMTP host is public is not in the schema (test_smtp_host_guard.py).
            smtp_allow_private_hosts=True,
            api_rate_limit=1_000_000,
            postal_webhook_secret="whsec_postal_schemathesis",
            payments_webhook_secret="whsec_payments_schemathesis",
        )
        admin_token = asyncio.run(_credentials(settings))
        with serving_api(settings) as api_url:
            tenant_run = _schemathesis(
                api_url, KEY, ["--exclude-path-regex", ADMIN_PATHS], tmp_path / "tenant", []
            )
            admin_run = _schemathesis(
                api_url,
                admin_token,
                ["--include-path-regex", ADMIN_PATHS],
                tmp_path / "admin",
                ADMIN_EXCLUDED_CHECKS,
            )
    assert tenant_run is None, tenant_run
    assert admin_run is None, admin_run


def _differences(left: Path, right: Path) -> list[str]:
    comparison = filecmp.dircmp(left, right, ignore=["__pycache__"])
    found = [f"only in {left}: {n}" for n in comparison.left_only]
    found += [f"only in {right}: {n}" for n in comparison.right_only]
    found += [f"differs: {left / n}" for n in comparison.diff_files]
    for name in comparison.common_dirs:
        found += _differences(left / name, right / name)
    return found


def test_the_sdk_is_generated_from_the_openapi_document(tmp_path: Path) -> None:
    generated = tmp_path / "python"
    generate(ROOT / "openapi" / "v1.json", generated)
    drift = _differences(ROOT / "sdk" / "python", generated)
    assert not drift, "sdk/python is out of date: run `make sdk`\n" + "\n".join(drift)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
