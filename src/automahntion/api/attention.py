"""`/v1/attention`: what needs the tenant's attention now (the daily digest mails the news)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from litestar.di import NamedDependency
from litestar.params import FromQuery

from automahntion.api import scopes
from automahntion.api.pagination import (
    Cursor,
    Limit,
    decode_cursor,
    encode_cursor,
    next_cursor,
)
from automahntion.api.routing import get
from automahntion.api.schemas import Schema
from automahntion.api.wiring import Units, Wired
from automahntion.app.clock import Clock
from automahntion.app.messages.reasons import ReasonCode
from automahntion.app.review.attention_items import AttentionItem, AttentionKind
from automahntion.app.review.attention_page import attention_page
from automahntion.app.review.attention_position import position
from automahntion.domain.levels import Level


class AttentionItemOut(Schema):
    """Something the tenant should look at, and since when."""

    key: str
    """Names the matter; stays the same from day to day while it lasts."""
    kind: AttentionKind
    detail: str
    """German, for the business owner."""
    reason_code: ReasonCode | None
    """Why a message was held or failed (stable; `detail` words it)."""
    since: datetime | None
    invoice_id: UUID | None
    invoice_number: str | None
    level: Level | None


class AttentionPage(Schema):
    """A page of items that need attention."""

    items: list[AttentionItemOut]
    next_cursor: str | None


def _out(item: AttentionItem) -> AttentionItemOut:
    return AttentionItemOut(
        key=item.key,
        kind=item.kind,
        detail=item.detail,
        reason_code=item.reason.code if item.reason else None,
        since=item.since,
        invoice_id=item.invoice_id,
        invoice_number=item.invoice_number,
        level=item.level,
    )


@get("/attention", tags=["attention"], scope=scopes.INVOICES_READ)
async def list_attention(
    units: Wired[Units],
    clock: Wired[Clock],
    tenant_id: NamedDependency[UUID],
    kind: FromQuery[AttentionKind | None] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AttentionPage:
    """List what needs attention

    What the service cannot resolve on its own and the tenant should look at: Failed and
    unresolved messages, uncertain dunning documents, a lost lexoffice connection, a sync
    older than 26 hours, and letters by post the postal provider holds until someone acts
    (`letter_action_required`: `detail` says what, in the provider's words; the item goes once
    the provider reports the letter moving on), and overdue invoices blocked for a reason the
    tenant can mend in lexoffice (`invoice_blocked`: the record of the invoice or its contact
    cannot be read, or the contact has no usable e-mail address; `detail` names the invoice
    and why; the item goes once a sync or event lifts the block), and overdue invoices whose
    next notice goes by post to a postal address that cannot be printed
    (`letter_address_unprintable`: `detail` names the invoice, the customer and what is wrong
    with the address; the item goes once the address is mended in lexoffice and synced)."""
    after = None if cursor is None else decode_cursor(cursor)
    found = await attention_page(units, tenant_id, clock.now(), kind, after, limit)
    return AttentionPage(
        items=[_out(item) for item in found.items],
        next_cursor=next_cursor(found, lambda item: encode_cursor(position(item))),
    )
