"""What the operator sees when a long-running command cannot start: one line naming the cause
(interface: "a bad or missing setting stops start-up with one line naming the variable"), and
`python -m automahntion` is the console script."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.conftest import run_cli

WORKER_REDIS = os.environ.get("AUTOMAHNTION_TEST_WORKER_REDIS_URL", "redis://127.0.0.1:6379/3")


def _one_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_the_worker_without_a_secret_key_says_so_in_one_line(tmp_path: Path) -> None:
    done = run_cli(
        "worker",
        database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        AUTOMAHNTION_SECRET_KEY="",
        AUTOMAHNTION_REDIS_URL=WORKER_REDIS,
    )
    assert done.returncode == 2
    assert _one_line(done) == (
        "automahntion: AUTOMAHNTION_SECRET_KEY is not set "
        "(it encrypts tokens and passwords at rest)"
    )


@pytest.mark.parametrize("command", ["worker", "serve"])
def test_a_bad_lexoffice_webhook_key_stops_worker_and_serve_in_one_line(
    command: str, tmp_path: Path
) -> None:
    done = run_cli(
        command,
        "--port" if command == "serve" else "--as-of",
        "1" if command == "serve" else "2026-12-07",
        database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        AUTOMAHNTION_REDIS_URL=WORKER_REDIS,
        AUTOMAHNTION_LEXOFFICE_WEBHOOK_PUBLIC_KEY=str(tmp_path / "missing.pem"),
    )
    assert done.returncode == 2
    assert _one_line(done).startswith(
        "automahntion: AUTOMAHNTION_LEXOFFICE_WEBHOOK_PUBLIC_KEY is not a readable RSA public key"
    )


def test_a_worker_that_cannot_reach_its_database_names_the_database(tmp_path: Path) -> None:
    done = run_cli(
        "worker",
        database_url="postgresql://postgres@127.0.0.1:1/automahntion",
        AUTOMAHNTION_REDIS_URL=WORKER_REDIS,
    )
    assert done.returncode == 1
    last = done.stderr.splitlines()[-1]
    assert last.startswith("automahntion: cannot use the database"), done.stderr
    assert "KeyError" not in done.stderr


def test_python_m_and_the_console_script_are_the_same_command() -> None:
    script = Path(sys.executable).with_name("automahntion")
    via_module = subprocess.run(
        [sys.executable, "-m", "automahntion", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    via_script = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert via_module.returncode == via_script.returncode == 0
    assert via_module.stdout == via_script.stdout
    assert via_module.stdout.startswith("automahntion ")


def test_serve_that_cannot_reach_its_database_names_the_database(tmp_path: Path) -> None:
    """Litestar passes uvicorn the traceback as its start-up failure (logged as one message),
    and stopping a container that never started hid the cause behind an AttributeError."""
    done = run_cli(
        "serve",
        "--port",
        "1",
        database_url="postgresql://postgres@127.0.0.1:1/automahntion",
    )
    assert done.returncode == 1
    last = done.stderr.splitlines()[-1]
    assert last.startswith("automahntion: cannot use the database"), done.stderr
    assert "Traceback" not in done.stderr


def test_serve_on_a_port_in_use_says_so_in_one_line_and_starts_nothing(tmp_path: Path) -> None:
    """uvicorn binds after the app's start-up: the container, its migrations and the day's
    schedule had started (and a cycle could be cut off mid-send) before it failed to listen."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        database = tmp_path / "automahntion.sqlite"
        done = run_cli("serve", "--port", str(port), database_url=f"sqlite:///{database}")
    assert done.returncode == 1
    assert _one_line(done) == (
        f"automahntion: serve: cannot listen on 127.0.0.1:{port}: Address already in use"
    )
    assert not database.exists()
