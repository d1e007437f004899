"""Optional "one message per customer": due messages of one contact go out together (rule 3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from automahntion.domain.levels import Level


@dataclass(frozen=True)
class DueMessage:
    invoice_id: str
    contact_id: str | None
    level: Level


@dataclass(frozen=True)
class Bundle:
    """One message. It is written at `level`, the highest of its items' levels; each item's own
    (invoice, level) is what counts as sent."""

    contact_id: str | None
    level: Level
    items: tuple[DueMessage, ...]


def bundle(due: Sequence[DueMessage], *, per_customer: bool) -> list[Bundle]:
    if not per_customer:
        return [Bundle(m.contact_id, m.level, (m,)) for m in due]
    groups: dict[str, list[DueMessage]] = {}
    singles: list[Bundle] = []
    for message in due:
        if message.contact_id is None:
            singles.append(Bundle(None, message.level, (message,)))
        else:
            groups.setdefault(message.contact_id, []).append(message)
    bundles = [
        Bundle(contact_id, max(m.level for m in items), tuple(items))
        for contact_id, items in groups.items()
    ]
    return bundles + singles
