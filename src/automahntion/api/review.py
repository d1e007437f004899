"""`/v1/review`: what the owner must decide by hand — messages and thank-you e-mails whose
sending was never confirmed, dunning documents lexoffice may or may not hold — and the
decision."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from litestar import Controller
from litestar.di import NamedDependency
from litestar.params import JSONBody, QueryParameter

from automahntion.api import scopes
from automahntion.api.pagination import Cursor, Limit, moment_after, moment_cursor, next_cursor
from automahntion.api.path_ids import ReviewItemId
from automahntion.api.routing import get, post
from automahntion.api.schemas import Schema
from automahntion.api.wiring import Units, Wired
from automahntion.app.clock import Clock
from automahntion.app.messages.reasons import ReasonCode
from automahntion.app.review.decide import resolve, review_page
from automahntion.app.review.items import Outcome, ReviewItem, ReviewKind
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level


class ReviewItemOut(Schema):
    """A message waiting for the tenant's decision."""

    id: UUID
    """What `POST /v1/review/{id}` takes."""
    kind: ReviewKind
    invoice_id: UUID
    invoice_number: str
    level: Level | None
    """The dunning level; null for a thank-you e-mail (`thankYouSending`)."""
    channel: Channel | None
    since: datetime
    """When the message was claimed or the document requested."""
    reason: str
    """What happened and what to check, for the owner (German)."""
    reason_code: ReasonCode | None
    """Why a held message was held (stable; `reason` words it)."""


class ReviewPage(Schema):
    """A page of messages to review."""

    items: list[ReviewItemOut]
    next_cursor: str | None


class ResolutionIn(Schema):
    """The decision on a message to review."""

    outcome: Outcome
    """`sent`: it went out (the level counts as sent on the day it was claimed for, the next
    level follows on schedule; a letter handed to the postal provider is recorded as the
    invoice's letter, `letterStatus` `unknown`; a thank-you counts in the month it was claimed
    in and is never sent again). `notSent`: due again on the next sending day (a dunning
    document is created again; a letter the provider holds after all is found there and counts
    as sent, never printed twice; a thank-you goes out within that month's quota)."""


class ResolutionOut(Schema):
    """The decision recorded."""

    item: ReviewItemOut
    outcome: Outcome


def review_item_out(item: ReviewItem) -> ReviewItemOut:
    return ReviewItemOut(
        id=item.id,
        kind=item.kind,
        invoice_id=item.invoice_id,
        invoice_number=item.invoice_number,
        level=item.level,
        channel=item.channel,
        since=item.since,
        reason=item.reason.german,
        reason_code=item.held_because.code if item.held_because else None,
    )


class ReviewController(Controller):
    path = "/review"
    tags = ["review"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", scope=scopes.INVOICES_READ)
    async def list_review(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        limit: Limit = 50,
        cursor: Cursor = None,
        kind: Annotated[ReviewKind | None, QueryParameter(name="kind")] = None,
    ) -> ReviewPage:
        """List messages to review

        Messages held for the tenant's approval (review mode, or a first message to a customer),
        with what would be sent. Oldest first. A claim a running cycle may still hold appears
        after a few minutes."""
        found = await review_page(units, tenant_id, clock.now(), kind, moment_after(cursor), limit)
        return ReviewPage(
            items=[review_item_out(i) for i in found.items],
            next_cursor=next_cursor(found, lambda i: moment_cursor(i.since, i.id)),
        )

    @post(
        "/{itemId:uuid}",
        status_code=200,
        scope=scopes.INVOICES_WRITE,
    )
    async def resolve_item(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        item_id: ReviewItemId,
        data: JSONBody[ResolutionIn],
    ) -> ResolutionOut:
        """Approve or reject a message

        Records the owner's decision. 409 when there is nothing (left) to decide."""
        item = await resolve(
            units,
            tenant_id,
            item_id,
            data.outcome,
            clock.now(),
            "api",
        )
        return ResolutionOut(item=review_item_out(item), outcome=data.outcome)
