"""The command line: `--as-of` and the demo, run as a user runs them."""

from __future__ import annotations

import argparse
import email
import email.policy
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
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


def _demo(*args: str, out: Path | None = None) -> subprocess.CompletedProcess[str]:
    where = ["--out", str(out)] if out is not None else []
    return subprocess.run(
        [sys.executable, "-m", "automahntion", "demo", "--no-serve", *where, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_demo_prints_a_decision_table_for_the_sample_invoices(tmp_path: Path) -> None:
    done = _demo("--as-of", "2026-11-27", out=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line for line in done.stdout.splitlines() if line.startswith("RE-")}
    assert rows["RE-2026-101"].endswith("SEND R1")
    assert rows["RE-2026-087"].endswith("SEND M1")
    assert "blocked: missing_email" in rows["RE-2026-071"]
    assert "blocked: no_contact" in rows["RE-2026-090"]
    assert rows["RE-2026-080"].endswith("wait: paused")
    assert "before_sync_start" in rows["RE-2025-311"]
    assert "quota: 7 of 7 slots taken, 2 waiting" in done.stdout
    assert "levels sent twice: 0; sent after payment: 0" in done.stdout
    service = done.stdout.split("The service itself:")[1]
    sent = [line.split()[0] for line in service.splitlines() if line.rstrip().endswith(" sent")]
    posted = [line.split()[0] for line in service.splitlines() if "sent by post" in line]
    assert sent == ["RE-2026-087", "RE-2026-093", "RE-2026-097", "RE-2026-100", "RE-2026-101"]
    assert posted == ["RE-2026-064"]
    mails = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(mails) == len(sent)
    assert len(list((tmp_path / "documents").glob("*.pdf"))) == 2
    [letter] = (tmp_path / "letters").glob("*.pdf")
    assert letter.read_bytes().startswith(b"%PDF")
    first = email.message_from_bytes(mails[0].read_bytes(), policy=email.policy.default)
    assert str(first["Subject"]) == "1. Mahnung: Rechnung RE-2026-087"
    assert "Bäckerei Sonnenschein GmbH" in str(first["From"])


def test_on_christmas_eve_the_demo_runs_the_next_sending_day_and_says_so(tmp_path: Path) -> None:
    done = _demo("--as-of", "2026-12-24", out=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "Do. 24.12.2026 is not a sending day: the demo runs the next sending day, Mo. 28.12.2026."
    )
    assert "Mo. 28.12.2026 (a sending day)" in done.stdout
    timeline = done.stdout.split("The next 45 days")[1]
    assert "31.12.2026" not in timeline
    assert "nothing sent: not a sending day" not in done.stdout
    assert list((tmp_path / "mail").glob("*.eml"))


def test_on_a_saturday_the_demo_sends_on_monday_and_says_so(tmp_path: Path) -> None:
    done = _demo("--as-of", "2026-12-05", out=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "Sa. 05.12.2026 is not a sending day: the demo runs the next sending day, Mo. 07.12.2026."
    )
    service = done.stdout.split("The service itself:")[1]
    sent = [line for line in service.splitlines() if line.rstrip().endswith(" sent")]
    assert sent
    assert len(list((tmp_path / "mail").glob("*.eml"))) == len(sent)


def test_a_bad_as_of_ends_with_one_line_and_a_non_zero_exit() -> None:
    done = _demo("--as-of", "2026-02-30")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines()[-1].endswith("is not YYYY-MM-DD or YYYY-MM-DDTHH:MM")


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
