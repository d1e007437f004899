"""`tenants activate|deactivate`, `tenants list` and `run` for a tenant that is not activated,
run as a user runs them (domain rules 3: nothing is sent before the owner says so)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.integration.conftest import migrated_sqlite_at, run_cli
from tests.integration.lexoffice_env import Sandbox
from tests.smtp_sink import Sink

AS_OF = ("--as-of", "2026-11-27")


def _connected_tenant(sandbox: Sandbox, url: str, env: dict[str, str]) -> str:
    """Created through the CLI with one invoice due for R1 and one 150 days overdue; synced."""
    org = sandbox.organization("Café Morgenrot")
    oid = org["organizationId"]
    kunde = sandbox.contact(oid, "Kunde", business=["k@kunde.example"])
    for number, voucher, due in (
        ("RE-1", "2026-11-01", "2026-11-20"),
        ("RE-2", "2026-06-15", "2026-06-30"),
    ):
        sandbox.voucher(
            oid,
            voucherNumber=number,
            voucherDate=voucher,
            dueDate=due,
            totalAmount=10.0,
            contactId=kunde,
        )
    created = _cli(
        url,
        env,
        "tenants",
        "create",
        "--name",
        "Café",
        "--email",
        "a@cafe.example",
        "--lexoffice-api-key=" + org["apiKey"],
    )
    tenant_id = str(json.loads(created.stdout)["id"])
    _cli(url, env, "sync", "--tenant", tenant_id, *AS_OF)
    return tenant_id


def _cli(url: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = run_cli(*args, database_url=url, **env)
    assert done.returncode == 0, done.stderr
    return done


def _mail_env(sink: Sink) -> dict[str, str]:
    return {
        "AUTOMAHNTION_MAIL_HOST": sink.host,
        "AUTOMAHNTION_MAIL_PORT": str(sink.port),
        "AUTOMAHNTION_MAIL_TLS": "none",
        "AUTOMAHNTION_MAIL_FROM": "no-reply@automahntion.example",
    }


def test_a_tenant_created_on_the_command_line_sends_only_once_activated(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    url = migrated_sqlite_at(tmp_path / "cli.sqlite3")
    with Sink() as sink:
        env = {"AUTOMAHNTION_LEXOFFICE_API_URL": sandbox.url, **_mail_env(sink)}
        tenant_id = _connected_tenant(sandbox, url, env)
        listed = _cli(url, env, "tenants", "list").stdout
        held = _cli(url, env, "run", "--tenant", tenant_id, *AS_OF).stdout
        dry = _cli(url, env, "run", "--tenant", tenant_id, "--dry-run", *AS_OF).stdout
        assert sink.messages == []
        activated = _cli(url, env, "tenants", "activate", tenant_id, *AS_OF).stdout
        listed_after = _cli(url, env, "tenants", "list").stdout
        sent = _cli(url, env, "run", "--tenant", tenant_id, *AS_OF).stdout
        assert [m.envelope_to for m in sink.messages] == [("k@kunde.example",)] * 2
    assert f"{tenant_id}  Café  starter  connected  not activated  2/10 admitted" in listed
    assert held.strip().endswith(
        "27.11.2026: not activated: nothing is sent before the owner activates it"
    )
    assert [line.split()[0] for line in dry.splitlines() if "would send" in line] == [
        "RE-2",
        "RE-1",
    ]
    assert dry.strip().splitlines()[-1] == (
        "  not activated: none of this goes out before the owner activates it "
        f"(automahntion tenants activate {tenant_id})"
    )
    lines = activated.strip().splitlines()
    assert lines[0] == "next sending day 27.11.2026:"
    assert [line.split()[:3] for line in lines[1:3]] == [
        ["RE-2", "Kunde", "R1"],
        ["RE-1", "Kunde", "R1"],
    ]
    assert all(line.endswith("would send") for line in lines[1:3])
    assert lines[3] == (
        "1 invoice(s) overdue for more than 90 days; the sync start date 2026-06-16 would "
        "leave them out (settings.syncStart)"
    )
    assert lines[4] == (
        f"{tenant_id}: activated since 2026-11-27 06:00 UTC: the daily cycle sends from now on"
    )
    assert len(lines) == 5
    assert f"{tenant_id}  Café  starter  connected  activated  2/10 admitted" in listed_after
    assert sorted(line.split()[0] for line in sent.splitlines() if line.endswith(" sent")) == [
        "RE-1",
        "RE-2",
    ]


def test_deactivating_on_the_command_line_stops_the_next_run(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    url = migrated_sqlite_at(tmp_path / "cli.sqlite3")
    with Sink() as sink:
        env = {"AUTOMAHNTION_LEXOFFICE_API_URL": sandbox.url, **_mail_env(sink)}
        tenant_id = _connected_tenant(sandbox, url, env)
        _cli(url, env, "tenants", "activate", tenant_id, *AS_OF)
        stopped = _cli(url, env, "tenants", "deactivate", tenant_id).stdout
        listed = _cli(url, env, "tenants", "list").stdout
        held = _cli(url, env, "run", "--tenant", tenant_id, *AS_OF).stdout
        assert sink.messages == []
    assert stopped.strip() == f"{tenant_id}: deactivated: nothing is sent from now on"
    assert "connected  not activated" in listed
    assert "not activated: nothing is sent" in held


def test_activating_an_unknown_tenant_or_a_bad_id_is_one_line(tmp_path: Path) -> None:
    url = migrated_sqlite_at(tmp_path / "cli.sqlite3")
    unknown = "00000000-0000-0000-0000-000000000000"
    for action in ("activate", "deactivate"):
        missing = run_cli("tenants", action, unknown, database_url=url)
        bad = run_cli("tenants", action, "nope", database_url=url)
        assert missing.returncode == 1, missing.stderr
        assert missing.stderr.strip().splitlines() == [f"automahntion: no tenant {unknown}"]
        assert bad.returncode == 2
        assert "'nope' is not a tenant id" in bad.stderr
