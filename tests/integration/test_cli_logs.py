"""`sync` and `run` log as `serve` and `worker` do (interface.md "Logs"): every stderr line a
JSON object, each line of a tenant's work carrying its tenant id and every line of one
invocation the same run id; httpx's request lines are not among them; an unexpected error is
one JSON line with its traceback and one line for the operator."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import migrated_sqlite_at, run_cli
from tests.integration.lexoffice_env import Sandbox

AS_OF = ("--as-of", "2026-11-27")


def _lines(stderr: str) -> list[dict[str, Any]]:
    """Every line of `stderr`, each a JSON object (or the test fails naming the line)."""
    lines = []
    for text in stderr.splitlines():
        try:
            line = json.loads(text)
        except json.JSONDecodeError:
            pytest.fail(f"not a JSON line on stderr: {text!r}")
        assert isinstance(line, dict), text
        lines.append(line)
    return lines


@pytest.fixture
def two_tenants(sandbox: Sandbox, tmp_path: Path) -> tuple[str, dict[str, str], list[str]]:
    """A migrated SQLite database with two tenants connected to the sandbox, each with an
    overdue invoice: (database URL, the lexoffice environment, the tenant ids)."""
    url = migrated_sqlite_at(tmp_path / "cli.sqlite3")
    env = {"AUTOMAHNTION_LEXOFFICE_API_URL": sandbox.url}
    ids = []
    for company in ("Café Morgenrot", "Hotel Lindenhof"):
        org = sandbox.organization(company)
        oid = org["organizationId"]
        kunde = sandbox.contact(oid, "Kunde", business=["k@kunde.example"])
        sandbox.voucher(
            oid,
            voucherNumber="RE-1",
            voucherDate="2026-11-01",
            dueDate="2026-11-15",
            totalAmount=10.0,
            contactId=kunde,
        )
        created = run_cli(
            "tenants",
            "create",
            "--name",
            company,
            "--email",
            "a@b.example",
            "--lexoffice-api-key=" + org["apiKey"],
            database_url=url,
            **env,
        )
        assert created.returncode == 0, created.stderr
        ids.append(json.loads(created.stdout)["id"])
    return url, env, ids


def test_sync_and_run_write_json_lines_naming_each_tenant_and_the_run(
    two_tenants: tuple[str, dict[str, str], list[str]],
) -> None:
    url, env, ids = two_tenants
    synced = run_cli("sync", *AS_OF, database_url=url, **env)
    assert synced.returncode == 0, synced.stderr
    assert all("full sync, 1 vouchers listed" in line for line in synced.stdout.splitlines())
    lines = _lines(synced.stderr)
    assert not [line for line in lines if line["logger"].startswith(("httpx", "httpcore"))]
    done = {line["tenant_id"]: line for line in lines if line.get("event") == "tenant_synced"}
    assert set(done) == set(ids)
    assert {(line["kind"], line["vouchers_seen"], line["admitted"]) for line in done.values()} == {
        ("full", 1, 1)
    }
    assert len({line["run_id"] for line in lines}) == 1

    ran = run_cli("run", "--dry-run", *AS_OF, database_url=url, **env)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.count("would send") == 2
    lines = _lines(ran.stderr)
    days = {line["tenant_id"]: line for line in lines if line.get("event") == "tenant_run"}
    assert set(days) == set(ids)
    assert {json.dumps(line["outcomes"]) for line in days.values()} == {'{"would_send": 1}'}
    assert all(line["dry_run"] and line["day"] == "2026-11-27" for line in days.values())
    run_ids = {line["run_id"] for line in lines}
    assert len(run_ids) == 1
    assert run_ids.isdisjoint(line["run_id"] for line in _lines(synced.stderr))


def test_a_tenant_whose_sync_fails_is_named_in_its_line_and_the_others_go_on(
    two_tenants: tuple[str, dict[str, str], list[str]], sandbox: Sandbox
) -> None:
    url, env, ids = two_tenants
    sandbox.control("POST", "/faults", json={"status": 401, "count": 1, "method": "GET"})
    synced = run_cli("sync", *AS_OF, database_url=url, **env)
    assert synced.returncode == 1
    logged: list[str] = []
    human: list[str] = []
    for line in synced.stderr.splitlines():
        (human if line.startswith("automahntion: ") else logged).append(line)
    assert human == [
        "automahntion: the sync failed for 1 of 2 tenants:",
        f"automahntion:   {ids[0]}  Café Morgenrot: lexoffice refused the credentials",
    ]
    lines = _lines("\n".join(logged))
    failed = [line for line in lines if line.get("event") == "tenant_failed"]
    assert [line["tenant_id"] for line in failed] == [ids[0]]
    assert [line["tenant_id"] for line in lines if line.get("event") == "tenant_synced"] == [ids[1]]


def test_an_unexpected_error_is_one_json_line_with_its_traceback_and_one_human_line(
    two_tenants: tuple[str, dict[str, str], list[str]], tmp_path: Path
) -> None:
    url, env, _ids = two_tenants
    with sqlite3.connect(tmp_path / "cli.sqlite3") as database:
        database.execute("UPDATE tenant SET plan = 'no such plan'")
    for command in (("sync", *AS_OF), ("run", *AS_OF)):
        done = run_cli(*command, database_url=url, **env)
        assert done.returncode == 1, done.stderr
        *logged, human = done.stderr.splitlines()
        assert human.startswith("automahntion: unexpected error: ")
        errors = [line for line in _lines("\n".join(logged)) if line["level"] == "error"]
        assert len(errors) == 1
        assert errors[0]["event"] == "unhandled_error"
        assert errors[0]["exception"].startswith("Traceback")
        assert errors[0]["run_id"]


def test_a_tenant_never_connected_is_skipped_not_failed_unless_named(
    two_tenants: tuple[str, dict[str, str], list[str]],
) -> None:
    """The nightly `sync` of every tenant keeps exiting 0 while a new tenant has not connected
    lexoffice yet (the daily schedule leaves it out too); naming it with `--tenant` fails."""
    url, env, ids = two_tenants
    created = run_cli(
        "tenants", "create", "--name", "Neu", "--email", "n@neu.example", database_url=url, **env
    )
    assert created.returncode == 0, created.stderr
    new = json.loads(created.stdout)["id"]
    synced = run_cli("sync", *AS_OF, database_url=url, **env)
    assert synced.returncode == 0, synced.stderr
    assert f"{new}  Neu: never connected to lexoffice, skipped" in synced.stdout.splitlines()
    done = [line for line in _lines(synced.stderr) if line.get("event") == "tenant_synced"]
    assert sorted(line["tenant_id"] for line in done) == sorted(ids)
    skipped = [line for line in _lines(synced.stderr) if line.get("event") == "tenant_skipped"]
    assert [line["tenant_id"] for line in skipped] == [new]
    named = run_cli("sync", "--tenant", new, *AS_OF, database_url=url, **env)
    assert named.returncode == 1
    assert new in named.stderr
