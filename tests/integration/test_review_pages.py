"""`GET /v1/review` reads its page in SQL, a page of each source: on both engines every page and
cursor, for every kind and limit, is the one the list made when Python collected every item of
the tenant, listed an (invoice, level) once (a listed document before its message) and cut the
page (the reference below is that code), with ties in `since` across the sources; a walk meets
every item once. A page reads no more than its own rows and one more of each source."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from automahntion.adapters.db.tables import DunningDocument as DocumentRow
from automahntion.adapters.db.tables import SentMessage as MessageRow
from automahntion.adapters.db.tables import ThankYou as ThankYouRow
from automahntion.api.pagination import moment_after, moment_cursor, next_cursor
from automahntion.app.messages.records import MessageState
from automahntion.app.post.records import DocumentState
from automahntion.app.review.decide import GRACE, resolve, review_items, review_page
from automahntion.app.review.items import Outcome, ReviewKind
from automahntion.app.storage import TenantStore
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level
from tests.integration.helpers import NOW, count_rows_fetched, invoice, new_tenant, page
from tests.integration.in_process_api import InProcessApi, walk_ids

T0 = NOW
T1 = NOW + timedelta(milliseconds=500)
CUTOFF = NOW + timedelta(hours=1)
AT = CUTOFF + GRACE
"""The moment the review is listed at: what was claimed after CUTOFF may be a running cycle's."""
LATE = CUTOFF + timedelta(seconds=1)
R1, R2, R3 = Level.R1, Level.R2, Level.R3


def _message(
    tenant: UUID,
    invoice_id: UUID,
    level: Level,
    state: MessageState,
    claimed: datetime,
    finished: datetime | None = None,
) -> MessageRow:
    return MessageRow(
        tenant=tenant,
        invoice=invoice_id,
        level=level.value,
        channel=Channel.EMAIL.value,
        state=state.value,
        message_id=f"<{uuid.uuid4()}@test>",
        claimed_at=claimed,
        finished_at=finished,
    )


def _document(
    tenant: UUID, invoice_id: UUID, level: Level, state: DocumentState, created: datetime
) -> DocumentRow:
    return DocumentRow(
        tenant=tenant,
        invoice=invoice_id,
        level=level.value,
        source="lexoffice",
        state=state.value,
        created_at=created,
    )


def _thank_you(tenant: UUID, invoice_id: UUID, state: str, sent: datetime | None) -> ThankYouRow:
    return ThankYouRow(tenant=tenant, invoice=invoice_id, paid_at=T0, state=state, sent_at=sent)


async def _tenant_with_items(database: Database, tenant: UUID | None = None) -> UUID:
    """15 items (ties at T0 and T1 across every source) and what must not be listed."""
    tenant = tenant or (await new_tenant(database)).id
    sending, held, sent = MessageState.SENDING, MessageState.HELD, MessageState.SENT
    requested, uncertain = DocumentState.REQUESTED, DocumentState.UNCERTAIN
    async with database.unit_of_work() as uow:
        invoices = uow.tenant(tenant).invoices
        await invoices.upsert([invoice(f"RE-{n}") for n in range(1, 7)], NOW)
        ids = [(await invoices.by_lexoffice_id(f"lx-RE-{n}")).id for n in range(1, 7)]
        one, two, three, four, five, six = ids
        rows: list[Any] = [
            _message(tenant, one, R1, sending, T0),
            _message(tenant, one, R2, sending, T0),
            _message(tenant, two, R1, held, T0 - timedelta(hours=1), T0),
            _message(tenant, two, R2, held, T1),
            # a listed document is the item of its (invoice, level), not its message
            _document(tenant, three, R1, uncertain, T0),
            _message(tenant, three, R1, sending, T0),
            _document(tenant, three, R2, requested, T1),
            # a document a running cycle may still ask for is not listed: its message is
            _document(tenant, four, R1, requested, LATE),
            _message(tenant, four, R1, sending, T0),
            # a document whose message a running cycle may hold, and that message: neither
            _document(tenant, four, R2, uncertain, T0),
            _message(tenant, four, R2, sending, LATE),
            _document(tenant, five, R1, uncertain, T1),
            _message(tenant, five, R1, held, T0, T1),
            _message(tenant, five, R2, sent, T0, T0),
            _document(tenant, five, R3, DocumentState.CREATED, T0),
            _thank_you(tenant, one, "sending", T0),
            _thank_you(tenant, two, "sending", LATE),
            _thank_you(tenant, three, "due", None),
            *(_message(tenant, six, level, held, T0, T0) for level in list(Level)[:6]),
        ]
        for row in rows:
            await type(row).insert(row)
    return tenant


async def _reference(store: TenantStore, now: datetime) -> list[Any]:
    """What `review_items` listed when it read every item of the tenant: sources in order of
    precedence, an (invoice, level) once, sorted by (since, id)."""
    cutoff = now - GRACE
    found: list[tuple[UUID, ReviewKind, UUID, Level | None, datetime]] = []
    documents = [
        d
        for d in await store.documents.unsettled()
        if d.state is not DocumentState.REQUESTED or d.created_at <= cutoff
    ]
    messages = await store.messages.for_invoices([d.invoice_id for d in documents])
    for d in documents:
        m = next((m for m in messages.get(d.invoice_id, []) if m.level is d.level), None)
        if m is None or m.state is not MessageState.SENDING or m.claimed_at <= cutoff:
            found.append((d.id, ReviewKind.DOCUMENT_UNCERTAIN, d.invoice_id, d.level, d.created_at))
    found += [
        (m.id, ReviewKind.MESSAGE_SENDING, m.invoice_id, m.level, m.claimed_at)
        for m in await store.messages.in_state(MessageState.SENDING)
        if m.claimed_at <= cutoff
    ]
    found += [
        (m.id, ReviewKind.MESSAGE_HELD, m.invoice_id, m.level, m.finished_at or m.claimed_at)
        for m in await store.messages.in_state(MessageState.HELD)
    ]
    found += [
        (t.id, ReviewKind.THANK_YOU_SENDING, t.invoice_id, None, t.claimed_at)
        for t in await store.thank_yous.sending()
        if t.claimed_at is not None and t.claimed_at <= cutoff
    ]
    seen: set[tuple[UUID, Level | None]] = set()
    listed = []
    for ident, kind, invoice_id, level, since in found:
        if (invoice_id, level) not in seen:
            seen.add((invoice_id, level))
            listed.append(_Item(ident, kind, since))
    return sorted(listed, key=lambda i: (i.since, str(i.id)))


class _Item:
    def __init__(self, ident: UUID, kind: ReviewKind, since: datetime) -> None:
        self.id, self.kind, self.since = ident, kind, since


def _position(item: Any) -> str:
    return f"{item.since.isoformat()}|{item.id}"


def _cursor(item: Any) -> str:
    return moment_cursor(item.since, item.id)


async def test_review_pages_are_the_pages_python_made(database: Database) -> None:
    tenant = await _tenant_with_items(database)
    async with database.unit_of_work() as uow:
        every = await _reference(uow.tenant(tenant), AT)
    assert len(every) == 15
    assert {i.since for i in every} == {T0, T1}
    assert [
        (i.id, i.kind, i.since) for i in await review_items(database.unit_of_work, tenant, AT)
    ] == [(i.id, i.kind, i.since) for i in every]
    for kind in (None, *ReviewKind):
        of_kind = [i for i in every if kind is None or i.kind is kind]
        for limit in (1, 2, 3, 50):
            cursor, seen = None, []
            while True:
                expected, expected_cursor = page(of_kind, _position, limit, cursor)
                found = await review_page(
                    database.unit_of_work, tenant, AT, kind, moment_after(cursor), limit
                )
                assert [(i.id, i.kind) for i in found.items] == [
                    (i.id, i.kind) for i in expected
                ], (kind, limit, cursor)
                assert next_cursor(found, _cursor) == expected_cursor, (kind, limit, cursor)
                seen += [i.id for i in found.items]
                if expected_cursor is None:
                    break
                cursor = expected_cursor
            assert seen == [i.id for i in of_kind], (kind, limit)


async def test_a_review_page_reads_its_own_rows(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page of 2 fetches at most 3 rows of each source, each with a LIMIT."""
    tenant = await _tenant_with_items(database)
    fetched = count_rows_fetched(database, monkeypatch)
    found = await review_page(database.unit_of_work, tenant, AT, None, None, 2)
    monkeypatch.undo()
    assert len(found.items) == 2
    assert found.more
    tables = ("sent_message", "dunning_document", "thank_you")
    sources = [(sql, n) for sql, n in fetched if any(f'FROM "{t}"' in sql for t in tables)]
    source_reads = [(sql, n) for sql, n in sources if "LIMIT" in sql]
    assert len(source_reads) == 4
    assert max(n for _, n in source_reads) <= 3


async def test_a_walk_through_get_review_reads_a_page_at_a_time(
    engine_api: InProcessApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`GET /v1/review?limit=2` over 15 items (9 of them held): every item once, oldest first,
    and no statement of a request reads more than a page and one more row."""
    database = engine_api.container.database
    tenant = await _tenant_with_items(database, engine_api.tenant_id)
    engine_api.container.clock.current = AT  # type: ignore[attr-defined]
    async with database.unit_of_work() as uow:
        every = await _reference(uow.tenant(tenant), AT)
    fetched = count_rows_fetched(database, monkeypatch)
    walked = await walk_ids(engine_api, "/v1/review", 2)
    monkeypatch.undo()
    assert walked == [str(i.id) for i in every]
    tables = ("sent_message", "dunning_document", "thank_you")
    read = [n for sql, n in fetched if any(f'FROM "{t}"' in sql for t in tables)]
    assert read
    assert max(read) <= 3


async def test_a_decision_reads_its_item_by_id(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deciding one item reads that item's rows (by its id, or by the id of its document's
    message), not the tenant's list: one of each kind, each read in statements of a row or two,
    is the item the list names."""
    tenant = await _tenant_with_items(database)
    async with database.unit_of_work() as uow:
        every = await _reference(uow.tenant(tenant), AT)
    first = {kind: next(i for i in every if i.kind is kind) for kind in ReviewKind}
    document = first[ReviewKind.DOCUMENT_UNCERTAIN]
    row = await DocumentRow.select().where(DocumentRow.id == document.id).first()
    message = (
        await MessageRow.select(MessageRow.id)
        .where((MessageRow.invoice == row["invoice"]) & (MessageRow.level == row["level"]))
        .first()
    )
    asked = [(message["id"], document), *((i.id, i) for i in first.values() if i is not document)]
    tables = ("sent_message", "dunning_document", "thank_you")
    for ident, item in asked:
        fetched = count_rows_fetched(database, monkeypatch)
        decided = await resolve(database.unit_of_work, tenant, ident, Outcome.NOT_SENT, AT, "t")
        monkeypatch.undo()
        assert (decided.id, decided.kind) == (item.id, item.kind)
        read = [n for sql, n in fetched if any(f'FROM "{t}"' in sql for t in tables)]
        assert max(read) <= 2, (item.kind, fetched)
