"""Use case: a page of what needs the tenant's attention (the API's list). Each source gives
the items of the page's kinds after the page's place, as many as the page holds and one more
(`Situation.window`): the page's are among them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from automahntion.app.pages import Page, cut
from automahntion.app.review.attention import SOURCES
from automahntion.app.review.attention_items import AttentionItem, AttentionKind, Situation
from automahntion.app.review.attention_position import Window, position, position_after
from automahntion.app.storage import UnitOfWork


async def attention_page(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID,
    now: datetime,
    kind: AttentionKind | None,
    after: str | None,
    limit: int,
) -> Page[AttentionItem]:
    """The items (of `kind`) whose position is after `after` (None: from the start), in the
    order of their positions: up to `limit`."""
    kinds = frozenset(AttentionKind) if kind is None else frozenset({kind})
    window = Window(None if after is None else position_after(after), limit, kinds)
    async with units() as uow:
        store = uow.tenant(tenant_id)
        situation = Situation(store, await store.account.get(), now, window)
        found = [
            item
            for source, made in SOURCES.items()
            if made & kinds
            for item in await source(situation)
        ]
    listed = [item for item in found if item.kind in kinds and window.admits(item)]
    return cut(sorted(listed, key=position), limit)
