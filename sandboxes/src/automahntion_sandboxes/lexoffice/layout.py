"""Sales documents laid out as lexoffice prints them (DIN 5008 form B): the letterhead, the
sender line and the recipient in the address window, the info block, title, introduction, the
table of line items, the totals, the remark, and a footer with the page number. Text is wrapped
inside the margins and flows onto further pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from automahntion_sandboxes.lexoffice.pdf import MM, PAGE_HEIGHT, PAGE_WIDTH, Text, document, width

LEFT = 25 * MM
RIGHT = PAGE_WIDTH - 20 * MM
TOP = PAGE_HEIGHT - 20 * MM
BOTTOM = 25 * MM
WINDOW_LEFT = 20 * MM
WINDOW_TOP = PAGE_HEIGHT - 45 * MM
WINDOW_WIDTH = 85 * MM
WINDOW_PADDING = 5 * MM
INFO_LEFT = 125 * MM
SUBJECT_TOP = PAGE_HEIGHT - 98.5 * MM
TEXT = 10.0
SMALL = 8.0
AMOUNT_WIDTH = 28 * MM
QUANTITY_WIDTH = 16 * MM
POSITION_WIDTH = 10 * MM


def wrap(text: str, size: float, room: float, *, bold: bool = False) -> list[str]:
    """`text` in lines no wider than `room`; a word longer than a line is cut."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if width(candidate, size, bold=bold) <= room:
                line = candidate
                continue
            if line:
                lines.append(line)
            while width(word, size, bold=bold) > room:
                cut = len(word)
                while cut > 1 and width(word[:cut], size, bold=bold) > room:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def fit(text: str, size: float, room: float, *, bold: bool = False) -> str:
    """`text` cut to `room`, with an ellipsis when it was cut."""
    if width(text, size, bold=bold) <= room:
        return text
    while text and width(text + "…", size, bold=bold) > room:
        text = text[:-1]
    return text + "…"


@dataclass
class Flow:
    """Lines placed from the top down; a line that would cross the bottom margin starts a page."""

    pages: list[list[Text]] = field(default_factory=lambda: [[]])
    y: float = TOP

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.pages.append([])
            self.y = TOP

    def put(self, x: float, y: float, size: float, text: str, *, bold: bool = False) -> None:
        self.pages[-1].append(Text(x, y, size, text, bold))

    def right(self, edge: float, size: float, text: str, *, bold: bool = False) -> None:
        self.put(edge - width(text, size, bold=bold), self.y, size, text, bold=bold)

    def line(self, text: str, size: float = TEXT, *, x: float = LEFT, bold: bool = False) -> None:
        self.need(size * 1.35)
        self.y -= size * 1.35
        self.put(x, self.y, size, text, bold=bold)

    def paragraph(self, text: str, size: float = TEXT, *, x: float = LEFT) -> None:
        for line in wrap(text, size, RIGHT - x):
            self.line(line, size, x=x)

    def gap(self, height: float = TEXT) -> None:
        self.y -= height

    def finished(self, footer: str, pages: str) -> bytes:
        """`pages` as "Seite {number} von {count}"."""
        count = len(self.pages)
        for number, page in enumerate(self.pages, start=1):
            numbered = pages.format(number=number, count=count)
            text = fit(f"{footer} · {numbered}", SMALL, RIGHT - LEFT)
            page.append(Text(LEFT, 12 * MM, SMALL, text))
        return document(self.pages)


@dataclass(frozen=True)
class Item:
    position: str
    name: str
    description: str
    quantity: str
    unit_price: str
    amount: str


@dataclass(frozen=True)
class SalesDocument:
    sender: str
    recipient: Sequence[str]
    info: Sequence[tuple[str, str]]
    title: str
    introduction: str
    headings: tuple[str, str, str, str, str]
    items: Sequence[Item]
    totals: Sequence[tuple[str, str]]
    remark: str = ""
    pages: str = "Seite {number} von {count}"
    sender_address: Sequence[str] = ()
    """Street and "zip city": under the name in the letterhead and in the return line."""

    @property
    def return_line(self) -> str:
        return " · ".join([self.sender, *self.sender_address])


def _head(flow: Flow, doc: SalesDocument) -> None:
    flow.put(LEFT, TOP - 14, 14, fit(doc.sender, 14, RIGHT - LEFT, bold=True), bold=True)
    y = TOP - 14
    for line in list(doc.sender_address)[:3]:
        y -= SMALL * 1.35
        flow.put(LEFT, y, SMALL, fit(line, SMALL, RIGHT - LEFT))
    room = WINDOW_WIDTH - 2 * WINDOW_PADDING
    x = WINDOW_LEFT + WINDOW_PADDING
    flow.put(x, WINDOW_TOP - 12 * MM, 7, fit(doc.return_line, 7, room))
    y = WINDOW_TOP - 17.7 * MM - TEXT
    for line in list(doc.recipient)[:6]:
        flow.put(x, y, TEXT, fit(line, TEXT, room))
        y -= TEXT * 1.2
    y = WINDOW_TOP - 5 * MM
    for label, value in doc.info:
        flow.put(INFO_LEFT, y, 9, f"{label}:")
        flow.put(RIGHT - width(value, 9), y, 9, value)
        y -= 12
    flow.y = SUBJECT_TOP + 13
    flow.line(fit(doc.title, 13, RIGHT - LEFT, bold=True), 13, bold=True)
    flow.gap()


def _table(flow: Flow, doc: SalesDocument) -> None:
    amount_edge, price_edge = RIGHT, RIGHT - AMOUNT_WIDTH
    quantity_edge = price_edge - AMOUNT_WIDTH
    name_left = LEFT + POSITION_WIDTH
    name_room = quantity_edge - QUANTITY_WIDTH - name_left
    flow.gap(6)
    flow.need(TEXT * 3)
    position, name, quantity, price, amount = doc.headings
    flow.line(position, 9, bold=True)
    flow.put(name_left, flow.y, 9, name, bold=True)
    for edge, text in ((quantity_edge, quantity), (price_edge, price), (amount_edge, amount)):
        flow.right(edge, 9, text, bold=True)
    for item in doc.items:
        names = wrap(item.name, TEXT, name_room)
        flow.need(TEXT * 1.35 * (len(names) + 1))
        flow.line(item.position)
        flow.put(name_left, flow.y, TEXT, names[0])
        for edge, text in (
            (quantity_edge, item.quantity),
            (price_edge, item.unit_price),
            (amount_edge, item.amount),
        ):
            flow.right(edge, TEXT, text)
        for more in names[1:]:
            flow.line(more, x=name_left)
        for more in wrap(item.description, SMALL, name_room) if item.description else []:
            flow.line(more, SMALL, x=name_left)


def _totals(flow: Flow, doc: SalesDocument) -> None:
    flow.gap(6)
    flow.need(TEXT * 1.35 * len(doc.totals))
    last = len(doc.totals) - 1
    for index, (label, value) in enumerate(doc.totals):
        bold = index == last
        flow.line(label, TEXT, x=INFO_LEFT, bold=bold)
        flow.right(RIGHT, TEXT, value, bold=bold)


def render(doc: SalesDocument) -> bytes:
    flow = Flow()
    _head(flow, doc)
    if doc.introduction:
        flow.paragraph(doc.introduction)
    if doc.items:
        _table(flow, doc)
    _totals(flow, doc)
    if doc.remark:
        flow.gap()
        flow.paragraph(doc.remark)
    return flow.finished(doc.return_line, doc.pages)
