"""`make letters` (scripts/letters.py): the demo pipeline's messages as PDF and PNG, each kind in
German and English, readable and saying what its kind says; docs/letters/ is what it writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "letters"

EXPECTED: dict[str, tuple[str, ...]] = {
    "de-r1-email": ("Zahlungserinnerung", "RE-2026-093", "Sehr geehrte Frau Meier", "14.12.2026"),
    "de-bundle-email": ("Zahlungserinnerung", "RE-2026-097", "RE-2026-101", "283,50"),
    "de-m1-email": ("1. Mahnung", "RE-2026-087", "M1-RE-2026-087.pdf"),
    "de-m1-lexoffice-dunning": ("1. Mahnung", "RE-2026-087", "960,00"),
    "de-own-letter-email": ("1. Mahnung", "EB-2026-012"),
    "de-own-letter": ("1. Mahnung", "EB-2026-012", "Weinhandlung Kurz KG", "HRB 123456 B"),
    "de-post-letter": ("2. Mahnung", "RE-2026-064", "Kita Sonnenblume", "123,80"),
    "en-r1-email": ("Payment reminder", "RE-2026-193", "Dear Mr Smith", "14 December 2026"),
    "en-bundle-email": ("Payment reminder", "RE-2026-201", "RE-2026-205", "202.30"),
    "en-m1-email": ("reminder", "RE-2026-187", "M1-RE-2026-187.pdf"),
    "en-m1-lexoffice-dunning": ("1st reminder", "RE-2026-187", "1,249.50"),
    "en-post-letter": ("2nd reminder", "RE-2026-164", "Berlin International School", "480.00"),
}


def _text(pdf: Path) -> str:
    run = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(run.stdout.split())


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("letters")
    paths = [str(ROOT / "src"), str(ROOT / "sandboxes" / "src"), str(ROOT)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    subprocess.run(
        [sys.executable, "-m", "scripts.letters", "--out", str(target)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=180,
    )
    return target


def test_every_kind_in_both_languages_is_written_as_pdf_and_png(written: Path) -> None:
    expected = {f"{name}.{kind}" for name in EXPECTED for kind in ("pdf", "png")}
    assert {p.name for p in written.iterdir()} == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_pdf_reads_as_its_kind(written: Path, name: str) -> None:
    text = _text(written / f"{name}.pdf")
    missing = [word for word in EXPECTED[name] if word not in text]
    assert not missing, f"{name}.pdf lacks {missing}: {text[:400]}"


def test_the_pngs_are_small_first_pages(written: Path) -> None:
    for png in written.glob("*.png"):
        data = png.read_bytes()
        width = int.from_bytes(data[16:20], "big")
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert 400 < width <= 80 * 210 / 25.4, png.name
        assert len(data) < 150_000, png.name


def test_the_committed_samples_are_what_the_script_writes_today(written: Path) -> None:
    stale = [
        name
        for name in EXPECTED
        if _text(COMMITTED / f"{name}.pdf") != _text(written / f"{name}.pdf")
    ]
    assert not stale, f"docs/letters is out of date for {stale}: run `make letters`"
