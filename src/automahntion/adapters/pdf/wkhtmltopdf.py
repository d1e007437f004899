"""`DocumentRenderer` on Debian's wkhtmltopdf: the letter's HTML goes in on stdin, the PDF comes
out on stdout, with local file access and JavaScript off, the network pointed at a dead proxy,
and a hard timeout after which the whole process group is killed.

pdfkit only locates and checks the binary (`pdfkit.configuration`): its `from_string` runs the
binary synchronously without a timeout and reads extra wkhtmltopdf options from
`<meta name="pdfkit-…">` tags in the page, so the conversion itself runs the binary directly
with `asyncio.create_subprocess_exec`.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import re
import signal
import tempfile
from datetime import date
from pathlib import Path
from typing import Final

import pdfkit
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from automahntion.adapters.pdf.layout import PRINT_ZOOM, LetterLayout
from automahntion.app.post.letter_layout import DocumentNotMade, DunningLetter

DEFAULT_BINARY: Final = "/usr/bin/wkhtmltopdf"

DEAD_PROXY: Final = "http://127.0.0.1:9"
"""The discard port: the page never refers to a URL, and if one ever slipped in it would not be
fetched from anywhere (loading it fails, and the failed load fails the conversion)."""

OPTIONS: Final[tuple[str, ...]] = (
    "--quiet",
    "--encoding", "UTF-8",
    "--page-size", "A4",
    "--orientation", "Portrait",
    "--margin-top", "10mm",
    "--margin-bottom", "15mm",
    "--margin-left", "0mm",
    "--margin-right", "0mm",
    "--disable-local-file-access",
    "--disable-javascript",
    "--disable-plugins",
    "--proxy", DEAD_PROXY,
    "--load-error-handling", "abort",
    "--load-media-error-handling", "abort",
)  # fmt: skip
"""Not used because Debian's unpatched Qt ignores them: `--disable-external-links` (the page has
no links anyway), header/footer HTML, `--zoom` and `--disable-smart-shrinking` (see
`layout.PRINT_ZOOM`)."""

_STDERR_NOISE: Final = ("QStandardPaths:",)

FIXED_HASHES: Final = {"QT_HASH_SEED": "0"}
"""Qt seeds its hash tables at random per process, and the order of the fonts in the PDF follows
them: a fixed seed makes the same page the same bytes."""

_CREATED: Final = re.compile(rb"/CreationDate \(D:\d{14}Z\)")
"""wkhtmltopdf's only varying byte run: the time it ran (Qt writes no /ID and no /ModDate)."""


def dated(pdf: bytes, day: date) -> bytes:
    """The PDF with its creation date set to `day` (midnight UTC), so that the same letter
    gives the same bytes; the stamp keeps its length, and so every offset of the file."""
    stamp = f"/CreationDate (D:{day:%Y%m%d}000000Z)".encode()
    found = _CREATED.findall(pdf)
    if len(found) != 1:
        raise DocumentFailed(f"wkhtmltopdf wrote {len(found)} creation dates, expected one")
    return _CREATED.sub(stamp, pdf)


def joined(cover: bytes, enclosed: bytes) -> bytes:
    """`cover`'s pages, then `enclosed`'s, as one PDF dated as the cover is, with no /ID, so
    the same two give the same bytes."""
    writer = PdfWriter()
    try:
        readers = [PdfReader(io.BytesIO(part), strict=False) for part in (cover, enclosed)]
        for reader in readers:
            writer.append(reader)
        info = readers[0].metadata
        created = info.get("/CreationDate") if info is not None else None
    except (PdfReadError, ValueError) as error:
        raise DocumentFailed(f"the PDFs could not be joined: {error}") from error
    writer.add_metadata({"/Producer": "automahntion"})
    if isinstance(created, str):
        writer.add_metadata({"/CreationDate": created})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class DocumentFailed(DocumentNotMade):
    """The PDF could not be made: binary missing, timeout, crash or output that is no PDF."""


class WkhtmltopdfRenderer:
    """`automahntion.app.post.letter_layout.DocumentRenderer` with wkhtmltopdf."""

    def __init__(self, wkhtmltopdf: str = DEFAULT_BINARY, timeout_s: float = 30.0) -> None:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self._wkhtmltopdf = wkhtmltopdf
        self._timeout_s = timeout_s
        self._binary: str | None = None
        self._layout = LetterLayout()

    def html(self, letter: DunningLetter) -> str:
        return self._layout.render(letter)

    async def pdf(self, letter: DunningLetter) -> bytes:
        made = await self.convert(self._layout.render(letter, print_zoom=PRINT_ZOOM))
        return dated(made, letter.letter_date)

    def joined(self, cover: bytes, enclosed: bytes) -> bytes:
        return joined(cover, enclosed)

    def command(self, output: str = "-") -> list[str]:
        """The full argument vector: read HTML from stdin (`-`), write the PDF to `output`."""
        return [self._located_binary(), *OPTIONS, "-", output]

    async def convert(self, page: str) -> bytes:
        """Any self-contained HTML page to PDF with the options above.

        The PDF goes to a temporary file: Qt cannot write it to stdout when the event loop
        (uvloop, as under uvicorn) hands the child a socket instead of a pipe.
        """
        with tempfile.TemporaryDirectory(prefix="automahntion-pdf-") as folder:
            target = Path(folder) / "letter.pdf"
            await self._run(self.command(str(target)), page)
            pdf = target.read_bytes() if target.exists() else b""
        if not pdf.startswith(b"%PDF-"):
            raise DocumentFailed("wkhtmltopdf wrote no PDF")
        return pdf

    async def _run(self, command: list[str], page: str) -> None:
        try:
            process = await asyncio.create_subprocess_exec(
                *command,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                start_new_session=True,
                env=os.environ | FIXED_HASHES,
            )
        except OSError as error:
            raise DocumentFailed(f"cannot start {command[0]}: {error}") from error
        try:
            async with asyncio.timeout(self._timeout_s):
                stdout, stderr = await process.communicate(page.encode("utf-8"))
        except TimeoutError:
            await _kill(process)
            raise DocumentFailed(
                f"wkhtmltopdf did not finish within {self._timeout_s:g} s and was killed"
            ) from None
        except BaseException:
            await _kill(process)
            raise
        if process.returncode != 0:
            raise DocumentFailed(
                f"wkhtmltopdf exited with {process.returncode}: {_diagnostics(stderr)}"
            )
        del stdout

    def _located_binary(self) -> str:
        if self._binary is None:
            try:
                configuration = pdfkit.configuration(wkhtmltopdf=self._wkhtmltopdf)
            except OSError as error:
                raise DocumentFailed(f"wkhtmltopdf not found at {self._wkhtmltopdf}") from error
            binary = configuration.wkhtmltopdf
            self._binary = binary.decode() if isinstance(binary, bytes) else str(binary)
        return self._binary


async def _kill(process: asyncio.subprocess.Process) -> None:
    """Kill the process and anything it started (it leads its own session), then reap it."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        process.kill()
    await process.wait()


def _diagnostics(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    kept = [line for line in text.splitlines() if line and not line.startswith(_STDERR_NOISE)]
    return " / ".join(kept)[-500:] or "(no message)"
