"""Use case: what the owner must decide by hand, and the decision (domain rules 3, "every
uncertain state can be resolved").

Nothing listed here is ever retried blindly. A message left `sending` was handed to the mail
server (or the postal provider) and its answer never came: the process died, or the
connection dropped after the message was taken. A dunning document left `uncertain` (or
`requested` by an attempt that died) may or may not exist in lexoffice. The owner looks — in
the BCC mailbox, at the customer's, in lexoffice — and says:

- *was sent*: the level counts as sent on the day it was claimed for, so the next level
  follows on schedule; a document counts as created; a letter handed to the postal provider
  is recorded as the level's letter (shown, billed), its provider id and status unknown;
- *was not sent*: the level is due again on the next sending day, and a document is
  requested from lexoffice again then. A letter the provider holds after all is found there
  by its key on that hand-over and counts as sent (`dunning.send_letter`): never printed
  twice, never listed again.

A held message is listed only while it still awaits a decision: once its invoice is paid or
handed over, a pause holds or a later level went out, a decision on it is refused.

A thank-you e-mail left `sending` is decided the same way: *sent* counts in the month it was
claimed in and it is never sent again; *not sent* makes it due again, within the quota of the
month it then goes out in (domain rules 5).

A cycle still running holds its claims for a moment: a claim is listed once it is older than
`GRACE`, which no claim of a live cycle reaches (see there). Each kind of item has a source
(what lists it), a resolver and a reason: a new kind is one more entry in each table.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from uuid import UUID

from automahntion.app.errors import NotFound
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.messages.records import MessageState, SentMessage
from automahntion.app.pages import MomentPosition, Page, cut
from automahntion.app.post.records import DocumentState
from automahntion.app.post.taken_letters import level_letter_kind, record_taken
from automahntion.app.review.items import NotOpenForReview, Outcome, ReviewItem, ReviewKind
from automahntion.app.review.named import named
from automahntion.app.review.ports import ReviewStore, ReviewUnits
from automahntion.app.review.sources import SOURCES, Unsettled
from automahntion.app.tenants.records import AuditEntry
from automahntion.domain.day_plan import Channel

GRACE = timedelta(minutes=15)
"""How long a claim may belong to a cycle that is still running. A message is claimed right
before its document is made and it is handed over, and its outcome is stored right after:
the slowest path — a lexoffice dunning at 2 requests a second with the client's retries, then
four SMTP tries (three retries) with their timeouts and backoff — ends within a few minutes. A
process that died leaves its claims older than that."""


NOT_SENT = Reason(ReasonCode.RESOLVED_NOT_SENT)
RESOLVED = "review.resolved"
"""The audit entry of a decision; its subject is the item's id."""


Resolver = Callable[[ReviewStore, ReviewItem, Outcome, datetime], Awaitable[bool]]


async def _settle_message(
    store: ReviewStore, message: SentMessage | None, outcome: Outcome, now: datetime
) -> bool:
    """A message left sending takes the outcome; one that failed only because its document
    was uncertain counts as sent when the owner says so."""
    if message is None:
        return True
    sent = outcome is Outcome.SENT
    if message.state is MessageState.FAILED and not sent:
        return True
    if message.state not in (MessageState.SENDING, MessageState.FAILED, MessageState.HELD):
        return False
    settled = await store.messages.settle(
        message.id, expected=message.state, sent=sent, at=now, reason=NOT_SENT
    )
    if settled and message.state is MessageState.SENDING:
        for other in await _same_hand_over(store, message):
            await store.messages.settle(
                other.id, expected=MessageState.SENDING, sent=sent, at=now, reason=NOT_SENT
            )
    return settled


async def _same_hand_over(store: ReviewStore, message: SentMessage) -> list[SentMessage]:
    """The other invoices of one e-mail (one message per customer): claimed together under one
    Message-ID, handed over as one. It went out or not for all of them, so one decision
    settles them all — never "sent" for one and "not sent" for another of the same e-mail."""
    return [
        other
        for other in await store.review.sending_with(message.message_id, message.claimed_at)
        if other.id != message.id
    ]


async def _resolve_message(
    store: ReviewStore, item: ReviewItem, outcome: Outcome, now: datetime
) -> bool:
    settled = await _settle_message(store, item.message, outcome, now)
    if settled and outcome is Outcome.SENT and item.message is not None:
        await _letter_taken(store, item.message)
    return settled


async def _letter_taken(store: ReviewStore, message: SentMessage) -> None:
    """A letter handed to the postal provider and resolved as sent is a letter the provider
    took: recorded as one, with its provider id and status unknown. A held letter was never
    handed over: sent another way, it is no letter of the provider's."""
    if message.channel is not Channel.LETTER or message.state is not MessageState.SENDING:
        return
    kind = level_letter_kind(await store.levels.settings(), message.level)
    await record_taken(store.letters, message.invoice_id, message.level, kind, message.day)


async def _resolve_document(
    store: ReviewStore, item: ReviewItem, outcome: Outcome, now: datetime
) -> bool:
    document = item.document
    if document is None:
        return False
    settled = await store.documents.settle(
        document.id, expected=document.state, created=outcome is Outcome.SENT
    )
    return settled and await _settle_message(store, item.message, outcome, now)


async def _resolve_thank_you(
    store: ReviewStore, item: ReviewItem, outcome: Outcome, _now: datetime
) -> bool:
    return await store.thank_yous.settle(item.id, sent=outcome is Outcome.SENT)


RESOLVERS: dict[ReviewKind, Resolver] = {
    ReviewKind.MESSAGE_SENDING: _resolve_message,
    ReviewKind.MESSAGE_HELD: _resolve_message,
    ReviewKind.DOCUMENT_UNCERTAIN: _resolve_document,
    ReviewKind.THANK_YOU_SENDING: _resolve_thank_you,
}


def _channel(one: Unsettled) -> Channel | None:
    if one.message is not None:
        return one.message.channel
    return Channel.EMAIL if one.thank_you is not None else None


async def _collect(
    store: ReviewStore,
    now: datetime,
    kind: ReviewKind | None = None,
    after: MomentPosition | None = None,
    limit: int | None = None,
) -> Page[ReviewItem]:
    """The items (of `kind`) after `after`, oldest first (ties by id): up to `limit`, or all.
    Each source gives its first `limit` and one more: the page's are among them."""
    cutoff = now - GRACE
    found = sorted(
        [
            one
            for source_kind, source in SOURCES.items()
            if kind in (None, source_kind)
            for one in await source(store, cutoff, after, limit)
        ],
        key=lambda one: (one.since, str(one.id)),
    )
    chosen = cut(found, limit) if limit is not None else Page(found, more=False)
    numbers = await store.invoices.numbers(list({one.invoice_id for one in chosen.items}))
    items = [
        ReviewItem(
            one.id,
            one.kind,
            one.invoice_id,
            numbers.get(one.invoice_id, "?"),
            one.level,
            _channel(one),
            one.since,
            one.message,
            one.document,
            one.thank_you,
        )
        for one in chosen.items
    ]
    return Page(items, chosen.more)


async def review_items(units: ReviewUnits, tenant_id: UUID, now: datetime) -> list[ReviewItem]:
    """What the tenant must decide, oldest first."""
    async with units() as uow:
        return (await _collect(uow.tenant(tenant_id), now)).items


async def review_page(
    units: ReviewUnits,
    tenant_id: UUID,
    now: datetime,
    kind: ReviewKind | None,
    after: MomentPosition | None,
    limit: int,
) -> Page[ReviewItem]:
    """A page of what the tenant must decide (of `kind`), oldest first."""
    async with units() as uow:
        return await _collect(uow.tenant(tenant_id), now, kind, after, limit)


async def resolve(
    units: ReviewUnits,
    tenant_id: UUID,
    item_id: UUID,
    outcome: Outcome,
    now: datetime,
    actor: str,
) -> ReviewItem:
    """Records the owner's decision; raises `NotFound` for an id the tenant does not have and
    `NotOpenForReview` when there is nothing (left) to decide."""
    async with units() as uow:
        store = uow.tenant(tenant_id)
        listed = (await _collect(named(store, item_id), now)).items
        item = next((i for i in listed if i.names(item_id)), None)
        if item is None:
            raise await _not_open(store, item_id)
        if not await RESOLVERS[item.kind](store, item, outcome, now):
            raise NotOpenForReview(f"{item_id} changed meanwhile: list the review again")
        await store.audit.record(
            AuditEntry(
                actor,
                RESOLVED,
                now,
                str(item.id),
                {
                    "kind": item.kind.value,
                    "outcome": outcome.value,
                    "level": item.level.value if item.level else None,
                },
            )
        )
    return item


async def _not_open(store: ReviewStore, item_id: UUID) -> Exception:
    try:
        message = await store.messages.get(item_id)
    except NotFound:
        message = None
    if message is not None:
        if message.state is MessageState.SENDING:
            after = message.claimed_at + GRACE
            return NotOpenForReview(
                f"message {item_id} may still be in the hands of a running cycle: "
                f"it can be reviewed from {after:%Y-%m-%d %H:%M} UTC"
            )
        if message.state is MessageState.HELD:
            return NotOpenForReview(
                f"message {item_id} is held but no longer awaits a decision: its invoice was "
                "paid, paused or handed over, or a later level went out meanwhile"
            )
        return NotOpenForReview(f"message {item_id} is {message.state.value}: nothing to review")
    try:
        document = await store.documents.get(item_id)
    except NotFound:
        return await _thank_you_not_open(store, item_id)
    if document.state is DocumentState.CREATED:
        return NotOpenForReview(f"document {item_id} is created: nothing to review")
    return NotOpenForReview(f"document {item_id} may still be requested by a running cycle")


async def _thank_you_not_open(store: ReviewStore, item_id: UUID) -> Exception:
    thank_you = await store.thank_yous.find(item_id)
    if thank_you is None:
        if await store.audit.recorded(RESOLVED, str(item_id)):
            # a document resolved as not made is gone, yet the decision stands: a second one
            # (also the retry of a request whose answer was lost) is refused, not "unknown"
            return NotOpenForReview(f"{item_id} was resolved already: nothing to review")
        return NotFound("review item", item_id)
    if thank_you.claimed_at is not None:
        after = thank_you.claimed_at + GRACE
        return NotOpenForReview(
            f"thank-you {item_id} may still be in the hands of a running cycle: "
            f"it can be reviewed from {after:%Y-%m-%d %H:%M} UTC"
        )
    return NotOpenForReview(f"thank-you {item_id} is {thank_you.state}: nothing to review")
