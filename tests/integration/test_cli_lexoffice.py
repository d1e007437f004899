"""`tenants create --lexoffice-api-key`, `sync` and `sandbox lexoffice`, run as a user runs them."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.integration.conftest import migrated_sqlite_at, run_cli
from tests.integration.lexoffice_env import Sandbox


def _migrated(tmp_path: Path) -> str:
    return migrated_sqlite_at(tmp_path / "cli.sqlite3")


def test_create_with_a_lexoffice_key_then_sync(sandbox: Sandbox, tmp_path: Path) -> None:
    url = _migrated(tmp_path)
    org = sandbox.organization("Café Morgenrot")
    cafe = sandbox.contact(org["organizationId"], "Kunde", business=["k@kunde.example"])
    sandbox.voucher(
        org["organizationId"],
        voucherNumber="RE-1",
        dueDate="2026-11-01",
        totalAmount=10.0,
        contactId=cafe,
    )
    env = {"AUTOMAHNTION_LEXOFFICE_API_URL": sandbox.url}
    created = run_cli(
        "tenants",
        "create",
        "--name",
        "Café",
        "--email",
        "a@cafe.example",
        "--lexoffice-api-key=" + org["apiKey"],
        database_url=url,
        **env,
    )
    assert created.returncode == 0, created.stderr
    tenant = json.loads(created.stdout)
    assert tenant["lexoffice_organization_id"] == org["organizationId"]
    synced = run_cli(
        "sync", "--tenant", tenant["id"], "--as-of", "2026-11-27", database_url=url, **env
    )
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.strip().endswith(
        "full sync, 1 vouchers listed, 1 contacts fetched; 1 admitted, 0 waiting, 0 blocked; "
        "languages read ahead: 1"
    )
    listed = run_cli("tenants", "list", database_url=url, **env)
    assert "connected  not activated  1/10 admitted  0 waiting" in listed.stdout


def test_a_wrong_lexoffice_key_creates_no_tenant(sandbox: Sandbox, tmp_path: Path) -> None:
    url = _migrated(tmp_path)
    env = {"AUTOMAHNTION_LEXOFFICE_API_URL": sandbox.url}
    done = run_cli(
        "tenants",
        "create",
        "--name",
        "X",
        "--email",
        "x@y.example",
        "--lexoffice-api-key=wrong",
        database_url=url,
        **env,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "automahntion: lexoffice_api_key: lexoffice does not accept this key"
    ]
    assert run_cli("tenants", "list", database_url=url, **env).stdout == ""


def test_syncing_an_unknown_tenant_or_a_bad_id_is_one_line(tmp_path: Path) -> None:
    url = _migrated(tmp_path)
    unknown = run_cli("sync", "--tenant", "00000000-0000-0000-0000-000000000000", database_url=url)
    bad = run_cli("sync", "--tenant", "nope", database_url=url)
    assert unknown.returncode == 1
    assert unknown.stderr.strip().splitlines() == [
        "automahntion: no tenant 00000000-0000-0000-0000-000000000000"
    ]
    assert bad.returncode == 2
    assert "'nope' is not a tenant id" in bad.stderr


def test_the_sandbox_command_serves_lexoffice_and_prints_its_key() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "automahntion", "sandbox", "lexoffice", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/v1/profile", trust_env=False)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the sandbox did not start"
                time.sleep(0.1)
        assert answer.status_code == 401
        assert answer.json() == {"message": "Unauthorized"}
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert f"http://127.0.0.1:{port}" in output
    assert "-----BEGIN PUBLIC KEY-----" in output
