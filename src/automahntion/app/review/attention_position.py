"""Where a page of the attention list begins. The list is ordered by each item's position, a
string: the moment of `since` in ISO 8601 (all in UTC: string order is time order), `|` and the
key; what has no `since` after all of that, as `~|` and the key. A cursor names the position of
the last item of a page (any string the cursor admits names a place in that order, whether or
not an item stands there): the next page holds the items whose position is after it.

The storage reads each source's items after a place in SQL, so the place is given in the terms
of the columns: a moment and a key, not a string of them. `position_after` finds them exactly,
for any string: the dated items after it are those at one moment with a key after some key
(when the string names a moment as a position spells one) and those from a later moment on; the
undated ones, those with a key after some key, or all, or none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from automahntion.app.review.attention_items import AttentionItem, AttentionKind

UNDATED = "~|"
_EPOCH = datetime(1, 1, 1, tzinfo=UTC)
_LAST_MOMENT = (datetime.max.replace(tzinfo=UTC) - _EPOCH) // timedelta(microseconds=1)
_INVOICE_KEY = len("invoice:") + 36 + 1
"""The keys of the items about an invoice begin `invoice:{id}:`."""


def position(item: AttentionItem) -> str:
    """The item's place in the list: oldest first, what has no date (a lost connection) last."""
    return f"{item.since.isoformat()}|{item.key}" if item.since else f"{UNDATED}{item.key}"


@dataclass(frozen=True)
class AttentionPosition:
    """The items after `text`: dated ones at `tie` whose key is after `tie_key`, dated ones
    from `dated_from` on (None: none), undated ones whose key is after `undated_after` (None:
    none of them; "": all)."""

    text: str
    tie: datetime | None
    tie_key: str
    dated_from: datetime | None
    undated_after: str | None

    def admits(self, item: AttentionItem) -> bool:
        return position(item) > self.text

    def first_invoice(self) -> UUID | None:
        """The first invoice an undated item about an invoice after this place can be about
        (None: no such item is after it)."""
        if self.undated_after is None:
            return None
        start = self.undated_after[:_INVOICE_KEY]
        found = _first(lambda n: f"invoice:{UUID(int=n)}:" >= start, 2**128 - 1)
        return None if found is None else UUID(int=found)


def _first(holds: Callable[[int], bool], last: int) -> int | None:
    """The least n in 0..last for which `holds` (false, then true from some n on)."""
    if not holds(last):
        return None
    low, high = 0, last
    while low < high:
        middle = (low + high) // 2
        if holds(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _moment(microseconds: int) -> datetime:
    return _EPOCH + timedelta(microseconds=microseconds)


def _spelled_moment(text: str) -> datetime | None:
    """The moment `text` is the spelling of in a position, if it is one."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.utcoffset() != timedelta(0) or moment.isoformat() != text:
        return None
    return moment.astimezone(UTC)


def position_after(text: str) -> AttentionPosition:
    head, bar, tail = text.partition("|")
    tie = _spelled_moment(head) if bar else None
    dated_from = _first(lambda n: f"{_moment(n).isoformat()}|" > text, _LAST_MOMENT)
    if text.startswith(UNDATED):
        undated_after: str | None = text.removeprefix(UNDATED)
    else:
        undated_after = "" if text < UNDATED else None
    return AttentionPosition(
        text,
        tie,
        tail,
        None if dated_from is None else _moment(dated_from),
        undated_after,
    )


@dataclass(frozen=True)
class Window:
    """What a page asks of a source: its items (of `kinds`) after `after` (None: from the
    start), in the list's order, `limit` of them and one more."""

    after: AttentionPosition | None
    limit: int
    kinds: frozenset[AttentionKind]

    def admits(self, item: AttentionItem) -> bool:
        return self.after is None or self.after.admits(item)
