"""What this process may keep of a tenant between requests, for as long as the change feed
vouches that the tenant's data is unchanged.

Every value is filed under its tenant (None: not a tenant's, dropped only when anything may
have changed). A value read from storage is kept only if no change of its tenant was reported
since the `stamp` taken before the read, so a read that raced a commit is never kept. While
the feed is not live nothing is kept and nothing is served.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar
from uuid import UUID

V = TypeVar("V")


@dataclass(frozen=True)
class Stamp:
    epoch: int
    changes: int


@dataclass
class _Entry(Generic[V]):
    tenant_id: UUID | None
    value: V
    size: int


def _one(_value: object) -> int:
    return 1


class TenantCache(Generic[V]):
    def __init__(
        self, live: Callable[[], bool], budget: int, size: Callable[[V], int] = _one
    ) -> None:
        self._live = live
        self._budget = budget
        self._size = size
        self._used = 0
        self._epoch = 0
        self._changes = 0
        self._changed_at: dict[UUID, int] = {}
        """Per tenant: the count of changes when it last changed."""
        self._entries: OrderedDict[Hashable, _Entry[V]] = OrderedDict()
        self._keys: dict[UUID | None, set[Hashable]] = {}

    def changed(self, tenant_id: UUID | None) -> None:
        """The change sink: forget the tenant's values (every value when None)."""
        if tenant_id is None:
            self._epoch += 1
            self._changed_at.clear()
            self._entries.clear()
            self._keys.clear()
            self._used = 0
            return
        self._changes += 1
        self._changed_at[tenant_id] = self._changes
        for key in self._keys.pop(tenant_id, ()):
            self._used -= self._entries.pop(key).size

    def stamp(self) -> Stamp:
        """Take before reading what is to be kept."""
        return Stamp(self._epoch, self._changes)

    def get(self, key: Hashable) -> V | None:
        if not self._live():
            return None
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry.value

    def put(self, tenant_id: UUID | None, key: Hashable, stamp: Stamp, value: V) -> None:
        size = self._size(value)
        if not self._live() or size > self._budget or not self._unchanged(tenant_id, stamp):
            return
        self.discard(key)
        self._entries[key] = _Entry(tenant_id, value, size)
        self._keys.setdefault(tenant_id, set()).add(key)
        self._used += size
        while self._used > self._budget:
            old_key, old = self._entries.popitem(last=False)
            self._keys[old.tenant_id].discard(old_key)
            self._used -= old.size

    def discard(self, key: Hashable) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._keys[entry.tenant_id].discard(key)
            self._used -= entry.size

    def _unchanged(self, tenant_id: UUID | None, stamp: Stamp) -> bool:
        if stamp.epoch != self._epoch:
            return False
        return tenant_id is None or self._changed_at.get(tenant_id, 0) <= stamp.changes
