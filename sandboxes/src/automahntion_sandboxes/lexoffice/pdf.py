"""Small but valid PDFs (A4, Helvetica in WinAnsi): text placed at points on one or more pages,
with Helvetica's widths, so that a layout can wrap and align lines inside the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PAGE_WIDTH = 595.0
PAGE_HEIGHT = 842.0
MM = 72 / 25.4

_ASCII = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 "
    "556 556 556 556 556 556 556 556 556 556 278 278 584 584 584 556 "
    "1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 "
    "667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 "
    "333 556 556 500 556 556 278 556 556 222 222 500 222 833 556 556 "
    "556 556 333 500 278 556 500 722 500 500 500 334 260 334 584"
)
_WIDTHS = {chr(32 + n): int(w) for n, w in enumerate(_ASCII.split())}
_WIDTHS |= dict.fromkeys("äöüéèáàâ€§–", 556) | {"ß": 611, "Ä": 667, "Ö": 778, "Ü": 722}
_WIDTHS |= dict.fromkeys("„“”‚‘’", 333) | {"·": 278, "—": 1000, "°": 400, "…": 1000}
WIDEST = 1015
BOLD_FACTOR = 1.1
"""Helvetica-Bold is at most this much wider than Helvetica for the letters used here."""


def width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of `text` in points (unknown characters counted as the widest)."""
    units = sum(_WIDTHS.get(c, WIDEST) for c in text)
    return units * size / 1000 * (BOLD_FACTOR if bold else 1)


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    size: float
    text: str
    bold: bool = False


def _literal(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _content(texts: Sequence[Text]) -> bytes:
    ops = [b"BT"]
    for t in texts:
        font = b"/F2" if t.bold else b"/F1"
        ops.append(
            b"%s %.2f Tf 1 0 0 1 %.2f %.2f Tm %s Tj" % (font, t.size, t.x, t.y, _literal(t.text))
        )
    ops.append(b"ET")
    return b"\n".join(ops)


def document(pages: Sequence[Sequence[Text]]) -> bytes:
    """One PDF page per entry of `pages`."""
    fonts = b"<< /F1 3 0 R /F2 4 0 R >>"
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for texts in pages or [[]]:
        stream = _content(texts)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        contents = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font %s >> "
            b"/Contents %d 0 R >>" % (PAGE_WIDTH, PAGE_HEIGHT, fonts, contents)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
