"""`automahntion demo` as a user runs it: a process of its own, on SQLite with the bundled
sandboxes (each run takes seconds, so these live beside the other integration tests)."""

from __future__ import annotations

import email
import email.policy
import subprocess
import sys
from pathlib import Path


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
    (line,) = done.stderr.splitlines()
    assert line.startswith("automahntion demo: argument --as-of: '2026-02-30' is not YYYY-MM-DD")
