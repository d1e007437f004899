"""Our own dunning letter end to end: jinja2 HTML, then Debian's wkhtmltopdf, read back with
poppler's `pdftotext`/`pdfimages` (scripts/system-deps.sh installs both)."""

from __future__ import annotations

import asyncio
import base64
import http.server
import os
import shutil
import struct
import subprocess
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from automahntion.adapters.pdf import DocumentFailed, WkhtmltopdfRenderer
from automahntion.app.post.letter_layout import (
    DocumentRenderer,
    DunningLetter,
    FeeLine,
    OpenItem,
)
from automahntion.app.tenants.letterhead import BankAccount, Letterhead, Logo

SCRIPT = "<script>alert(1)</script>"
FILE_IMG = '<img src="file:///etc/passwd">'
MM = 72 / 25.4  # PDF points per millimetre


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


LOGO_PNG = png(8, 8, (230, 160, 0))
LOGO = "data:image/png;base64," + base64.b64encode(LOGO_PNG).decode()
SENDER = Letterhead(
    company_name="Bäckerei Sonnenschein GmbH",
    street="Sonnenallee 12",
    postal_code="12045",
    city="Berlin",
    bank_accounts=(
        BankAccount("DE89370400440532013000", "COBADEFFXXX", "Commerzbank"),
        BankAccount("de02 1203 0000 0000 2020 51", None, "DKB"),
    ),
    logo=Logo("image/png", LOGO_PNG),
)


def make_letter(**changes: object) -> DunningLetter:
    letter = DunningLetter(
        sender=SENDER,
        company_name="Bäckerei Sonnenschein GmbH",
        recipient_name=f"Café Müller {SCRIPT}",
        recipient_address=("z. Hd. Frau Jürgens", "Hauptstraße 5", "80331 München"),
        letter_date=date(2026, 11, 27),
        title=f"1. Mahnung {FILE_IMG}",
        deadline=date(2026, 12, 11),
        items=(
            OpenItem("RE-2026-0815", date(2026, 9, 1), date(2026, 10, 1), 123450),
            OpenItem("RE-2026-0816", date(2026, 9, 15), date(2026, 10, 15), 9990),
            OpenItem("RE-2026-0820", date(2026, 10, 2), date(2026, 11, 1), 50000),
        ),
        fees=(
            FeeLine("Mahngebühr", 500, "Pauschale für die 1. Mahnung"),
            FeeLine(
                "Verzugszinsen",
                1234,
                "20 Tage auf 1.234,50 € × 10,27 % p. a.\n(Basiszinssatz 1,27 % + 9 Prozentpunkte)",
            ),
        ),
    )
    return replace(letter, **changes)  # type: ignore[arg-type]


TOTAL = "1.851,74 €"  # 1.234,50 + 99,90 + 500,00 + 5,00 + 12,34


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def pdf_text(pdf: bytes, *options: str) -> str:
    result = subprocess.run(
        ["pdftotext", *options, "-", "-"], input=pdf, capture_output=True, check=True, timeout=30
    )
    return result.stdout.decode("utf-8")


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    for tool in ("wkhtmltopdf", "pdftotext", "pdfimages"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed for these tests: run scripts/system-deps.sh as root")


@pytest.fixture(scope="module")
def renderer() -> WkhtmltopdfRenderer:
    return WkhtmltopdfRenderer(timeout_s=30)


@pytest.fixture(scope="module")
def letter_pdf(renderer: WkhtmltopdfRenderer) -> bytes:
    return asyncio.run(renderer.pdf(make_letter()))


def test_the_renderer_is_a_document_renderer(renderer: WkhtmltopdfRenderer) -> None:
    port: DocumentRenderer = renderer
    assert port.html(make_letter()).startswith("<!DOCTYPE html>")


# --- HTML -----------------------------------------------------------------------------------


def test_user_values_are_escaped_not_markup(renderer: WkhtmltopdfRenderer) -> None:
    page = renderer.html(make_letter())
    assert "<script" not in page.lower()
    assert "Café Müller &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in page
    tags = parse(page).tags
    assert {tag for tag, _ in tags} <= {
        "html", "head", "meta", "title", "style", "body", "div", "img", "h1", "p", "br",
        "table", "thead", "tbody", "tr", "th", "td", "strong", "span",
    }  # fmt: skip
    images = [attrs for tag, attrs in tags if tag == "img"]
    assert [image["src"] for image in images] == [LOGO]


def test_the_page_refers_to_no_url(renderer: WkhtmltopdfRenderer) -> None:
    parsed = parse(renderer.html(make_letter()))
    values = [value or "" for _, attrs in parsed.tags for value in attrs.values()]
    for value in values:
        assert not value.lower().startswith(("http:", "https:", "file:", "//", "javascript:"))
    css = "".join(parsed.styles).lower()
    assert "url(" not in css
    assert "@import" not in css
    assert "http" not in css


def test_a_letter_without_hostile_text_has_no_url_anywhere(renderer: WkhtmltopdfRenderer) -> None:
    page = renderer.html(make_letter(recipient_name="Café Müller", title="1. Mahnung")).lower()
    for scheme in ("http:", "https:", "file:", "ftp:", "javascript:"):
        assert scheme not in page


def test_the_page_shows_german_amounts_dates_and_grouped_ibans(
    renderer: WkhtmltopdfRenderer,
) -> None:
    page = renderer.html(make_letter())
    for text in (
        "<title>1. Mahnung &lt;img src=&#34;file:///etc/passwd&#34;&gt;</title>",
        "Berlin, 27.11.2026",
        "RE-2026-0815",
        "01.09.2026",
        "01.10.2026",
        "1.234,50\xa0€",
        "99,90\xa0€",
        "500,00\xa0€",
        "Rechnungsnummer",
        "Rechnungsdatum",
        "fällig seit",
        "offener Betrag",
        "Mahngebühr",
        "20 Tage auf 1.234,50 € × 10,27 % p. a.<br>",
        "Zu zahlender Gesamtbetrag",
        TOTAL.replace(" ", "\xa0"),
        "DE89 3704 0044 0532 0130 00",
        "DE02 1203 0000 0000 2020 51",
        "BIC COBADEFFXXX",
        "Bäckerei Sonnenschein GmbH · Sonnenallee 12 · 12045 Berlin",
        "Sehr geehrte Damen und Herren,</p>",
        "<p>Mit freundlichen Grüßen</p>",
    ):
        assert text in page, text


@pytest.mark.parametrize(
    "logo",
    [
        Logo("image/gif", b"GIF89a"),
        Logo("text/html", b"<script>alert(1)</script>"),
        Logo("image/png", b""),
    ],
)
def test_a_logo_that_is_no_png_or_svg_is_dropped(renderer: WkhtmltopdfRenderer, logo: Logo) -> None:
    page = renderer.html(make_letter(sender=replace(SENDER, logo=logo)))
    assert "<img" not in page
    assert "Bäckerei Sonnenschein GmbH</div>" in page  # the name stands in for the logo


# --- PDF ------------------------------------------------------------------------------------


def test_the_pdf_carries_the_letter(letter_pdf: bytes) -> None:
    assert letter_pdf.startswith(b"%PDF-")
    text = pdf_text(letter_pdf)
    for expected in (
        "1. Mahnung",
        f"Café Müller {SCRIPT}",  # shown as text, never run
        "Hauptstraße 5",
        "80331 München",
        "Berlin, 27.11.2026",
        "RE-2026-0820",
        "1.234,50 €",
        "Zu zahlender Gesamtbetrag",
        TOTAL,
        "Verzugszinsen",
        "× 10,27 % p. a.",
        "DE89 3704 0044 0532 0130 00",
        "DE02 1203 0000 0000 2020 51",
        "Bäckerei Sonnenschein GmbH",
    ):
        assert expected in text, expected


def test_the_pdf_draws_the_data_uri_logo(letter_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_bytes(letter_pdf)
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)],
        capture_output=True,
        check=True,
        timeout=30,
    ).stdout.decode()
    images = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert [(row[3], row[4]) for row in images] == [("8", "8")]


def test_the_recipient_sits_in_the_envelope_window(letter_pdf: bytes) -> None:
    """DIN 5008 form B: the address zone of the window starts 62.7 mm from the top and 25 mm
    from the left edge; this pins `layout.PRINT_ZOOM` against Debian's wkhtmltopdf."""
    boxes = pdf_text(letter_pdf, "-bbox")
    line = next(row for row in boxes.splitlines() if ">Café</word>" in row)
    x = float(line.split('xMin="')[1].split('"')[0]) / MM
    y = float(line.split('yMin="')[1].split('"')[0]) / MM
    assert 24 <= x <= 27, x
    assert 61 <= y <= 66, y


async def test_three_letters_render(renderer: WkhtmltopdfRenderer) -> None:
    letters = [make_letter(title=f"{level}. Mahnung") for level in (1, 2, 3)]
    pdfs = await asyncio.gather(*(renderer.pdf(letter) for letter in letters))
    for level, pdf in zip((1, 2, 3), pdfs, strict=True):
        assert pdf.startswith(b"%PDF-")
        assert f"{level}. Mahnung" in pdf_text(pdf)


# --- wkhtmltopdf's sandbox ------------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    paths: list[str] = []  # noqa: RUF012

    def do_GET(self) -> None:
        self.paths.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def web_server() -> Iterator[tuple[str, list[str]]]:
    paths: list[str] = []
    handler = type("Recorder", (_Recorder,), {"paths": paths})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", paths
    server.shutdown()
    server.server_close()


async def test_wkhtmltopdf_fetches_nothing_from_the_network(
    renderer: WkhtmltopdfRenderer, web_server: tuple[str, list[str]]
) -> None:
    """Defence in depth: even a page that did name a URL would not reach it (dead proxy), and
    the failed load fails the conversion instead of passing silently."""
    base, requests = web_server
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{base}/svg"/></svg>'
    svg_logo = Logo("image/svg+xml", svg.encode())
    letter = make_letter(sender=replace(SENDER, logo=svg_logo))
    assert (await renderer.pdf(letter)).startswith(b"%PDF-")
    with pytest.raises(DocumentFailed):
        await renderer.convert(f'<html><body><img src="{base}/img.png"></body></html>')
    with pytest.raises(DocumentFailed):
        await renderer.convert(f'<html><body><iframe src="{base}/frame"></iframe></body></html>')
    assert requests == []


async def test_wkhtmltopdf_reads_no_local_file(renderer: WkhtmltopdfRenderer) -> None:
    with pytest.raises(DocumentFailed, match="exited with 1"):
        await renderer.convert('<html><body><iframe src="file:///etc/passwd"></iframe></body>')


def _script(tmp_path: Path, body: str) -> str:
    path = tmp_path / "fake-wkhtmltopdf"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return str(path)


async def test_a_hanging_wkhtmltopdf_is_killed_at_the_timeout(tmp_path: Path) -> None:
    child = tmp_path / "child.pid"
    fake = _script(tmp_path, f"cat >/dev/null\nsleep 60 &\necho $! > {child}\nwait")
    renderer = WkhtmltopdfRenderer(wkhtmltopdf=fake, timeout_s=1)
    started = time.monotonic()
    with pytest.raises(DocumentFailed, match="did not finish within 1 s"):
        await renderer.pdf(make_letter())
    assert time.monotonic() - started < 4
    pid = int(child.read_text())
    await asyncio.sleep(0.1)
    status = Path(f"/proc/{pid}/status")
    # the child of the fake binary died with it (gone, or a zombie awaiting its reaper)
    assert not status.exists() or "State:\tZ" in status.read_text()


async def test_a_failing_wkhtmltopdf_raises_document_failed(tmp_path: Path) -> None:
    fake = _script(tmp_path, "cat >/dev/null\necho 'Qt exploded' >&2\nexit 3")
    with pytest.raises(DocumentFailed, match="exited with 3: Qt exploded"):
        await WkhtmltopdfRenderer(wkhtmltopdf=fake).pdf(make_letter())


async def test_output_that_is_no_pdf_raises_document_failed(tmp_path: Path) -> None:
    fake = _script(tmp_path, "cat >/dev/null\necho '<html>'")
    with pytest.raises(DocumentFailed, match="no PDF"):
        await WkhtmltopdfRenderer(wkhtmltopdf=fake).pdf(make_letter())


async def test_a_missing_binary_raises_document_failed(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-wkhtmltopdf")
    with pytest.raises(DocumentFailed, match="not found"):
        await WkhtmltopdfRenderer(wkhtmltopdf=missing).pdf(make_letter())


def test_the_command_reads_stdin_writes_stdout_and_stays_sandboxed() -> None:
    command = WkhtmltopdfRenderer().command()
    assert command[0] == "/usr/bin/wkhtmltopdf"
    assert command[-2:] == ["-", "-"]
    for flag in ("--disable-local-file-access", "--disable-javascript", "--quiet"):
        assert flag in command
    assert "--enable-local-file-access" not in command
    assert "--allow" not in command
    assert command[command.index("--page-size") + 1] == "A4"
    assert command[command.index("--orientation") + 1] == "Portrait"
    for side in ("left", "right"):  # CSS millimetres from the paper's edge (the window's 20 mm)
        assert command[command.index(f"--margin-{side}") + 1] == "0mm"
    assert command[command.index("--encoding") + 1] == "UTF-8"
    assert os.access(command[0], os.X_OK)
