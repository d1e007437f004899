"""The command line: `--as-of`, and what `sandbox` and `demo` say without the sandboxes."""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from automahntion.adapters.clock import AsOfClock
from automahntion.cli import main, sandboxes
from automahntion.cli.as_of import parse_as_of

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_date_alone_means_seven_in_the_morning_in_berlin() -> None:
    assert parse_as_of("2026-12-23") == datetime(2026, 12, 23, 7, 0, tzinfo=BERLIN)


def test_a_date_with_time_is_berlin_time() -> None:
    moment = parse_as_of("2026-07-01T23:30")
    assert moment == datetime(2026, 7, 1, 23, 30, tzinfo=BERLIN)
    assert moment.utcoffset() is not None
    assert moment.utcoffset().total_seconds() == 7200


@pytest.mark.parametrize("text", ["2026-13-01", "27.11.2026", "2026-11-27 07:00", "tomorrow", ""])
def test_malformed_as_of_is_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="is not YYYY-MM-DD"):
        parse_as_of(text)


def test_the_as_of_clock_runs_on_from_its_start() -> None:
    start = parse_as_of("2026-11-27")
    clock = AsOfClock(start)
    first = clock.now()
    time.sleep(0.01)
    assert start <= first < clock.now()


def test_an_as_of_clock_refuses_a_naive_start() -> None:
    with pytest.raises(ValueError, match="aware"):
        AsOfClock(datetime(2026, 11, 27, 7, 0))


def test_without_the_sandboxes_installed_sandbox_and_demo_end_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(sandboxes, "entry_points", lambda **_: ())
    assert main(["sandbox", "postal"]) == 1
    assert main(["demo", "--no-serve", "--out", str(tmp_path), "--as-of", "2026-11-27"]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors == [f"automahntion: {sandboxes.SandboxesMissing()}"] * 2
    assert list(tmp_path.iterdir()) == []


def test_the_sandboxes_are_found_by_entry_point_when_installed() -> None:
    assert callable(sandboxes.serve_sandbox())
    assert callable(sandboxes.lexoffice_app())
    assert callable(sandboxes.mail_sink())


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"automahntion {version('automahntion')}\n"


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["sync", "--as-of", "2026-13-01"], "automahntion sync: argument --as-of: '2026-13-01'"),
        (["run", "--as-of", "2026-12-07T25:00"], "automahntion run: argument --as-of:"),
        (["tenants", "activate", str(uuid4()), "--as-of", "morgen"], "--as-of: 'morgen'"),
        (["sync", "--tenant", "nope"], "argument --tenant: 'nope' is not a tenant id"),
        ([], "the following arguments are required: command"),
        (["bogus"], "invalid choice: 'bogus'"),
        (["tenants", "create", "--name", "x"], "required: --email"),
        (["review", "resolve", str(uuid4())], "one of the arguments --sent --not-sent"),
        (["run", "--json"], "--json needs --dry-run"),
        (["serve", "--port", "99999"], "argument --port: '99999' is not a port number"),
        (["serve", "--port", "http"], "argument --port: 'http' is not a port number"),
        (["sandbox", "lexoffice", "--port", "0"], "argument --port: '0' is not a port number"),
    ],
)
def test_a_usage_error_is_one_line_on_stderr(
    argv: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    written = capsys.readouterr()
    assert written.out == ""
    assert len(written.err.splitlines()) == 1, written.err
    assert named in written.err
    assert written.err.startswith("automahntion")
