"""Progress bars of `sync`, `run` and `demo`: drawn on stderr when it is a terminal (a
pseudo-terminal here, as an operator's shell has it), absent when it is not (CI, pipes, cron),
and never on stdout; log lines print whole above them."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.integration.conftest import SECRET_KEY, migrated_sqlite_at, run_cli
from tests.integration.lexoffice_env import Sandbox

AS_OF = ("--as-of", "2026-11-27")
BAR = "━"
"""What rich draws its bars with."""
ESCAPE = "\x1b"


@dataclass(frozen=True)
class OnATerminal:
    returncode: int
    stdout: str
    terminal: str
    """Everything written to the terminal (stderr), control sequences included."""


def _read_all(fd: int, into: bytearray) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: every end of the terminal is closed
            return
        if not chunk:
            return
        into.extend(chunk)


def on_a_terminal(*args: str, environment: dict[str, str], stdout_too: bool = False) -> OnATerminal:
    """The command with stderr on a 120-column pseudo-terminal and stdout on a pipe, or on the
    terminal too."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    shown = bytearray()
    reader = threading.Thread(target=_read_all, args=(leader, shown), daemon=True)
    reader.start()
    env = {k: v for k, v in environment.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "automahntion", *args],
            stdin=subprocess.DEVNULL,
            stdout=follower if stdout_too else subprocess.PIPE,
            stderr=follower,
            env={**env, "TERM": "xterm-256color", "COLUMNS": "120"},
            text=True,
        )
        os.close(follower)
        stdout, _ = process.communicate(timeout=180)
        stdout = stdout or ""
        reader.join(timeout=10)
    finally:
        os.close(leader)
    return OnATerminal(process.returncode, stdout, shown.decode(errors="replace"))


def _environment(url: str, **env: str) -> dict[str, str]:
    return {
        **os.environ,
        "AUTOMAHNTION_DATABASE_URL": url,
        "AUTOMAHNTION_SECRET_KEY": SECRET_KEY,
        **env,
    }


@pytest.fixture
def two_tenants(sandbox: Sandbox, tmp_path: Path) -> tuple[str, dict[str, str]]:
    """A migrated SQLite database with two tenants connected to the sandbox, each with two
    overdue invoices of one customer: (database URL, the lexoffice environment)."""
    url = migrated_sqlite_at(tmp_path / "cli.sqlite3")
    env = {"AUTOMAHNTION_LEXOFFICE_API_URL": sandbox.url}
    for company in ("Café Morgenrot", "Hotel Lindenhof"):
        org = sandbox.organization(company)
        oid = org["organizationId"]
        kunde = sandbox.contact(oid, "Kunde", business=["k@kunde.example"])
        for number in ("RE-1", "RE-2"):
            sandbox.voucher(
                oid,
                voucherNumber=number,
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
        json.loads(created.stdout)
    return url, env


def test_sync_and_run_draw_bars_on_a_terminal_and_leave_stdout_as_it_is(
    two_tenants: tuple[str, dict[str, str]],
) -> None:
    url, env = two_tenants
    synced = on_a_terminal("sync", *AS_OF, environment=_environment(url, **env))
    assert synced.returncode == 0, synced.terminal
    assert "tenants synced" in synced.terminal
    assert "lexoffice steps" in synced.terminal
    assert BAR in synced.terminal
    assert "2/2" in synced.terminal
    logged = _log_lines(synced.terminal)
    assert [line["event"] for line in logged] == ["tenant_synced", "tenant_synced"]
    lines = synced.stdout.splitlines()
    assert len(lines) == 2
    assert all("full sync, 2 vouchers listed" in line for line in lines)
    assert BAR not in synced.stdout
    assert ESCAPE not in synced.stdout

    again = on_a_terminal("sync", *AS_OF, environment=_environment(url, **env), stdout_too=True)
    assert again.returncode == 0, again.terminal
    assert again.terminal.count("changes sync") == 2
    assert BAR in again.terminal

    dry = on_a_terminal("run", "--dry-run", *AS_OF, environment=_environment(url, **env))
    piped = run_cli("run", "--dry-run", *AS_OF, database_url=url, **env)
    assert dry.returncode == 0, dry.terminal
    assert "tenants run" in dry.terminal
    assert BAR in dry.terminal
    assert dry.stdout == piped.stdout
    assert dry.stdout.count("would send") == 4

    as_json = on_a_terminal(
        "run", "--dry-run", "--json", *AS_OF, environment=_environment(url, **env)
    )
    assert as_json.returncode == 0, as_json.terminal
    assert BAR in as_json.terminal
    assert [len(day["messages"]) for day in json.loads(as_json.stdout)] == [2, 2]


def test_without_a_terminal_sync_and_run_write_no_bar_only_json_log_lines(
    two_tenants: tuple[str, dict[str, str]],
) -> None:
    url, env = two_tenants
    for command in (("sync", *AS_OF), ("run", "--dry-run", *AS_OF)):
        done = run_cli(*command, database_url=url, **env)
        assert done.returncode == 0, done.stderr
        logged = [json.loads(line) for line in done.stderr.splitlines()]
        assert logged
        assert all(line["level"] == "info" and line["tenant_id"] for line in logged)
        assert BAR not in done.stdout
        assert ESCAPE not in done.stdout


def test_the_demo_draws_its_bars_on_a_terminal_only(tmp_path: Path) -> None:
    command = ("demo", "--no-serve", "--out", str(tmp_path), *AS_OF)
    shown = on_a_terminal(*command, environment=dict(os.environ))
    assert shown.returncode == 0, shown.terminal
    assert "messages sent" in shown.terminal
    assert BAR in shown.terminal
    assert "The service itself:" in shown.stdout
    assert ESCAPE not in shown.stdout
    quiet = subprocess.run(
        [sys.executable, "-m", "automahntion", *command],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""
    assert _without_ids(quiet.stdout) == _without_ids(shown.stdout)


def _log_lines(terminal: str) -> list[dict[str, object]]:
    """The JSON log lines shown on the terminal, each whole: printed above the bars, not
    through them."""
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", terminal).replace("\r", "\n")
    return [json.loads(line) for line in plain.splitlines() if line.startswith('{"time"')]


def _without_ids(text: str) -> str:
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID", text)
