"""Plain-text tables and key/value blocks for a terminal; `--json` prints the answers instead."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Sequence

from ..types import Unset

EMPTY = "-"


def cell(value: object) -> str:
    if value is None or isinstance(value, Unset):
        return EMPTY
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value) or EMPTY
    return str(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    texts = [[cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in texts]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in texts)])


def fields(pairs: Sequence[tuple[str, object]]) -> str:
    width = max(len(k) for k, _ in pairs)
    return "\n".join(f"{k.ljust(width)}  {cell(v)}" for k, v in pairs)
