"""`--json` on `tenants list`, `review list` and `run --dry-run`, run as a script runs them on
SQLite and PostgreSQL: one JSON document on stdout with the API's keys, log lines (JSON) and
errors (still one line) on stderr."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import run_cli
from tests.integration.lexoffice_env import Sandbox

AS_OF = ("--as-of", "2026-11-27")
SCHEMAS = json.loads(Path("openapi/v1.json").read_text())["components"]["schemas"]


def _api_keys(schema: str) -> set[str]:
    return set(SCHEMAS[schema]["properties"])


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(f"migrated_{request.param}_url"))


def _json(url: str, *args: str, **env: str) -> Any:
    done = run_cli(*args, database_url=url, **env)
    assert done.returncode == 0, done.stderr
    assert all(json.loads(line)["level"] == "info" for line in done.stderr.splitlines())
    return json.loads(done.stdout)


def _connected_tenant(sandbox: Sandbox, url: str, env: dict[str, str]) -> str:
    """Created through the CLI with two invoices due for R1; synced."""
    org = sandbox.organization("Café Morgenrot")
    oid = org["organizationId"]
    kunde = sandbox.contact(oid, "Kunde", business=["k@kunde.example"])
    for number, due in (("RE-1", "2026-11-20"), ("RE-2", "2026-11-10")):
        sandbox.voucher(
            oid,
            voucherNumber=number,
            voucherDate="2026-11-01",
            dueDate=due,
            totalAmount=10.0,
            contactId=kunde,
        )
    created = _json(
        url,
        "tenants",
        "create",
        "--name",
        "Café",
        "--email",
        "a@cafe.example",
        "--lexoffice-api-key=" + org["apiKey"],
        **env,
    )
    tenant_id = str(created["id"])
    synced = run_cli("sync", "--tenant", tenant_id, *AS_OF, database_url=url, **env)
    assert synced.returncode == 0, synced.stderr
    return tenant_id


def test_tenants_list_json_has_the_admin_apis_keys_and_nothing_else_on_stdout(url: str) -> None:
    assert _json(url, "tenants", "list", "--json") == []
    for name, plan in (("Café Morgenrot", "starter"), ("Hotel Lindenhof", "business")):
        created = run_cli(
            "tenants",
            "create",
            "--name",
            name,
            "--email",
            "a@b.example",
            "--plan",
            plan,
            database_url=url,
        )
        assert created.returncode == 0, created.stderr
    listed = _json(url, "tenants", "list", "--json")
    assert [(t["name"], t["plan"], t["limit"]) for t in listed] == [
        ("Café Morgenrot", "starter", 10),
        ("Hotel Lindenhof", "business", 50),
    ]
    assert all(set(t) == _api_keys("AdminTenantOut") | {"activated"} for t in listed)
    first = listed[0]
    assert (first["connection"], first["activated"], first["admitted"], first["waiting"]) == (
        "not connected",
        False,
        0,
        0,
    )
    assert first["createdAt"].endswith("Z")


def test_review_list_json_is_an_empty_list_when_there_is_nothing(url: str) -> None:
    assert _json(url, "review", "list", "--json") == []
    unknown = run_cli(
        "review",
        "list",
        "--json",
        "--tenant",
        "00000000-0000-0000-0000-000000000000",
        database_url=url,
    )
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert unknown.stderr.strip().splitlines() == [
        "automahntion: no tenant 00000000-0000-0000-0000-000000000000"
    ]


def test_a_dry_run_as_json_lists_what_would_be_sent_per_tenant(sandbox: Sandbox, url: str) -> None:
    env = {"AUTOMAHNTION_LEXOFFICE_API_URL": sandbox.url}
    tenant_id = _connected_tenant(sandbox, url, env)
    days = _json(url, "run", "--dry-run", "--json", *AS_OF, **env)
    assert len(days) == 1
    day = days[0]
    assert {k: day[k] for k in ("tenantId", "tenantName", "activated", "date", "held")} == {
        "tenantId": tenant_id,
        "tenantName": "Café",
        "activated": False,
        "date": "2026-11-27",
        "held": None,
    }
    assert day["messages"] == [
        {
            "invoiceNumber": number,
            "customer": "Kunde",
            "level": "R1",
            "channel": "email",
            "recipient": "k@kunde.example",
            "outcome": "would_send",
            "detail": "would send",
        }
        for number in ("RE-2", "RE-1")
    ]


def test_json_on_a_real_run_is_refused_and_a_failing_tenant_is_one_line(url: str) -> None:
    refused = run_cli("run", "--json", *AS_OF, database_url=url)
    assert (refused.returncode, refused.stdout) == (2, "")
    assert "--json needs --dry-run" in refused.stderr
    unknown = run_cli(
        "run",
        "--dry-run",
        "--json",
        "--tenant",
        "00000000-0000-0000-0000-000000000000",
        database_url=url,
    )
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert unknown.stderr.strip().splitlines() == [
        "automahntion: no tenant 00000000-0000-0000-0000-000000000000"
    ]
