"""The words of a PDF with their boxes in millimetres from the page's top left corner, read
with poppler's `pdftotext -bbox`, and grouped into lines."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from html import unescape

MM = 72 / 25.4
"""PDF points per millimetre."""

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


@dataclass(frozen=True)
class Word:
    page: int
    left: float
    top: float
    right: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def page(self) -> int:
        return self.words[0].page

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def left(self) -> float:
        return min(w.left for w in self.words)


@dataclass(frozen=True)
class Page:
    width: float
    height: float


def read(pdf: bytes) -> tuple[list[Page], list[Word]]:
    html = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True, timeout=30
    ).stdout.decode("utf-8")
    pages, words = [], []
    for number, (width, height, body) in enumerate(_PAGE.findall(html), start=1):
        pages.append(Page(float(width) / MM, float(height) / MM))
        for x0, y0, x1, y1, text in _WORD.findall(body):
            box = (float(x0) / MM, float(y0) / MM, float(x1) / MM, float(y1) / MM)
            words.append(Word(number, *box, unescape(text)))
    return pages, words


def lines(words: list[Word], tolerance: float = 1.0) -> list[Line]:
    """Words whose tops lie within `tolerance` mm on one page, left to right, top to bottom."""
    ordered = sorted(words, key=lambda w: (w.page, w.top, w.left))
    grouped: list[list[Word]] = []
    for word in ordered:
        last = grouped[-1] if grouped else None
        if last and last[0].page == word.page and abs(last[0].top - word.top) <= tolerance:
            last.append(word)
        else:
            grouped.append([word])
    return [Line(tuple(sorted(group, key=lambda w: w.left))) for group in grouped]
