"""`GET /v1/attention` reads its page in SQL, a page of each source: on both engines every page
and cursor, for every kind and limit, is the one the list made when Python read every row of the
tenant, built every item and cut the page (the reference below reads as that code did), with
ties in `since` across the sources and items without a date; a cursor of no item's position
names the same place it did. A page reads no more than its own rows and one more of each
source; the digest still reads every item."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any, cast
from uuid import UUID

import pytest

from automahntion.adapters.db.tables import DunningDocument as DocumentRow
from automahntion.adapters.db.tables import Invoice as InvoiceRow
from automahntion.adapters.db.tables import Letter as LetterRow
from automahntion.adapters.db.tables import SentMessage as MessageRow
from automahntion.adapters.db.tables import ThankYou as ThankYouRow
from automahntion.api.pagination import decode_cursor, encode_cursor
from automahntion.app.invoices.records import AdmissionState, StoredInvoice
from automahntion.app.lexoffice.disconnect_reasons import DisconnectCode, DisconnectReason
from automahntion.app.lexoffice.records import (
    ConnectionKind,
    ConnectionStatus,
    LexofficeConnection,
)
from automahntion.app.loyalty.repositories import ThankYouRecord
from automahntion.app.messages.records import MessageState, SentMessage
from automahntion.app.post.provider import LetterState
from automahntion.app.post.records import DocumentState, LetterRecord, StoredDocument
from automahntion.app.review.attention import SOURCES, attention_items
from automahntion.app.review.attention_items import AttentionItem, AttentionKind, Situation
from automahntion.app.review.attention_page import attention_page
from automahntion.app.review.attention_position import position
from automahntion.app.storage import TenantStore
from automahntion.app.webhooks.records import WebhookEndpoint
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import CatchUp, Level, default_levels
from automahntion.domain.recipients import BlockReason
from tests.integration.helpers import NOW, count_rows_fetched, invoice, new_tenant, page
from tests.integration.in_process_api import InProcessApi

T0 = NOW - timedelta(hours=2)
T1 = T0 + timedelta(milliseconds=500)
AT = NOW + timedelta(hours=1)
LEVELS = list(Level)
BY_POST = (Level.M1, Level.M2, Level.M3)
SOURCE_TABLES = ("sent_message", "dunning_document", "thank_you", "letter", "invoice")


def _message(
    tenant: UUID,
    invoice_id: UUID,
    level: Level,
    state: MessageState,
    at: datetime,
    finished: datetime | None = None,
) -> MessageRow:
    return MessageRow(
        tenant=tenant,
        invoice=invoice_id,
        level=level.value,
        channel=Channel.EMAIL.value,
        state=state.value,
        message_id=f"<{uuid.uuid4()}@test>",
        claimed_at=at,
        finished_at=finished,
    )


def _letter(
    tenant: UUID,
    invoice_id: UUID,
    level: Level,
    provider_id: str,
    changed: datetime | None,
    status: LetterState = LetterState.ACTION_REQUIRED,
) -> LetterRow:
    return LetterRow(
        tenant=tenant,
        invoice=invoice_id,
        level=level.value,
        kind="standard",
        provider_letter_id=provider_id,
        status=status.value,
        sent_on=T0.date(),
        status_reason="Adresse unvollständig",
        status_changed_at=changed,
    )


async def _tenant_with_items(database: Database, tenant: UUID | None = None, many: int = 4) -> UUID:
    """Items of every source (ties at T0 and T1 across them, undated ones after), `many` of
    each of the big sources and more, and what must not be listed."""
    tenant = tenant or (await new_tenant(database)).id
    failed, held, sending = MessageState.FAILED, MessageState.HELD, MessageState.SENDING
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant)
        numbers = [f"RE-{n}" for n in range(1, 3 * many + 4)]
        await store.invoices.upsert([invoice(n, due_ago=60) for n in numbers], NOW)
        ids = [(await store.invoices.by_lexoffice_id(f"lx-{n}")).id for n in numbers]
        settings = (await store.account.get()).settings
        await store.account.save_settings(replace(settings, catch_up=CatchUp.HIGHEST))
        await store.levels.replace_settings(
            [replace(s, by_post=s.level in BY_POST) for s in default_levels()]
        )
        await store.connection.save(
            LexofficeConnection(
                ConnectionKind.API_KEY,
                ConnectionStatus.DISCONNECTED,
                api_key="key",
                disconnected_reason=DisconnectReason(DisconnectCode.REVOKED),
            )
        )
        for n in range(2):
            endpoint = WebhookEndpoint(uuid.uuid4(), f"https://hook{n}.example/", (), True, T0)
            await store.webhook_endpoints.add(endpoint, "secret")
            await store.webhook_endpoints.disable(endpoint.id, T0, "Immer wieder abgelehnt.")
    rows: list[Any] = []
    for n in range(many):
        one, two = ids[n], ids[many + n]
        at = (T0, T1)[n % 2]
        rows += [
            _message(tenant, one, LEVELS[0], failed, at - timedelta(hours=1), at),
            _message(tenant, two, LEVELS[1], held, at - timedelta(hours=1), at),
            _message(tenant, one, LEVELS[2], sending, at),
            _message(tenant, one, LEVELS[3], MessageState.SENT, at, at),
            _message(tenant, two, LEVELS[0], failed, at),
            DocumentRow(
                tenant=tenant,
                invoice=one,
                level=LEVELS[4].value,
                source="lexoffice",
                state=DocumentState.UNCERTAIN.value,
                created_at=at,
            ),
            DocumentRow(
                tenant=tenant,
                invoice=two,
                level=LEVELS[4].value,
                source="lexoffice",
                state=DocumentState.REQUESTED.value,
                created_at=at,
            ),
            ThankYouRow(tenant=tenant, invoice=one, paid_at=T0, state="sending", sent_at=at),
            ThankYouRow(tenant=tenant, invoice=two, paid_at=T0, state="sending", sent_at=AT),
            _letter(tenant, one, LEVELS[5], f"pl-{many - n}", at),
            _letter(tenant, two, LEVELS[5], f"pl-x{n}", at, LetterState.PRINTING),
        ]
    rows.append(_letter(tenant, ids[0], LEVELS[6], "pl-undated", None))
    for row in rows:
        await type(row).insert(row)
    reasons = (BlockReason.UNUSABLE_RECORD, BlockReason.MISSING_EMAIL, BlockReason.NO_CONTACT)
    for n, ident in enumerate(ids[2 * many :]):
        if n % 2:
            changes: dict[Any, Any] = {InvoiceRow.blocked_reason: reasons[n % 3]}
        else:
            changes = {InvoiceRow.admission: AdmissionState.ADMITTED.value}
        await InvoiceRow.update(changes).where(InvoiceRow.id == ident)
    return tenant


class _EveryRow:
    """The reads the list made before it was paged in SQL: every row of the tenant, the
    sources' filters in Python."""

    def __init__(self, store: TenantStore) -> None:
        self._store = store

    async def messages(
        self, states: Any, _today: date, _after: Any, _limit: Any
    ) -> list[SentMessage]:
        """Every held message of the world still awaits a decision (`test_review_held_moved_on`
        holds the cases where one does not)."""
        return [m for state in states for m in await self._store.messages.in_state(state)]

    async def uncertain_documents(self, _after: Any, _limit: Any) -> list[StoredDocument]:
        unsettled = await self._store.documents.unsettled()
        return [d for d in unsettled if d.state is DocumentState.UNCERTAIN]

    async def thank_yous_sending(
        self, cutoff: datetime, _after: Any, _limit: Any
    ) -> list[ThankYouRecord]:
        sending = await self._store.thank_yous.sending()
        return [t for t in sending if t.claimed_at is not None and t.claimed_at <= cutoff]

    async def letters_held(self, _after: Any, _limit: Any) -> list[LetterRecord]:
        return await self._store.letters.in_state(LetterState.ACTION_REQUIRED)

    async def blocked_invoices(
        self, reasons: Any, _today: date, _first: UUID, _limit: Any
    ) -> list[StoredInvoice]:
        return [s for s in await self._store.invoices.blocked() if s.blocked in reasons]

    async def admitted_invoices(
        self, today: date, _first: UUID, _limit: Any
    ) -> list[StoredInvoice]:
        return [
            s
            for s in await self._store.invoices.all()
            if s.admission is AdmissionState.ADMITTED and s.invoice.is_overdue(today)
        ]


class _OldStore:
    def __init__(self, store: TenantStore) -> None:
        self._store = store
        self.attention_reads = _EveryRow(store)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


async def _reference(database: Database, tenant: UUID) -> list[AttentionItem]:
    async with database.unit_of_work() as uow:
        store = cast(TenantStore, _OldStore(uow.tenant(tenant)))
        situation = Situation(store, await store.account.get(), AT)
        found = [item for source in SOURCES for item in await source(situation)]
    return sorted(found, key=position)


async def _walk(
    database: Database,
    tenant: UUID,
    every: list[AttentionItem],
    kind: AttentionKind | None,
    limit: int,
    cursor: str | None,
) -> str | None:
    """One page, compared with the page the old list cut; the next cursor."""
    of_kind = [i for i in every if kind is None or i.kind is kind]
    expected, expected_cursor = page(of_kind, position, limit, cursor)
    after = None if cursor is None else decode_cursor(cursor)
    found = await attention_page(database.unit_of_work, tenant, AT, kind, after, limit)
    assert found.items == expected, (kind, limit, after)
    cursor_found = encode_cursor(position(found.items[-1])) if found.more else None
    assert cursor_found == expected_cursor, (kind, limit, after)
    return expected_cursor


async def test_attention_pages_are_the_pages_python_made(database: Database) -> None:
    tenant = await _tenant_with_items(database)
    every = await _reference(database, tenant)
    assert {i.kind for i in every} == set(AttentionKind) - {AttentionKind.SYNC_STALE}
    assert len({i.since for i in every}) == 3
    assert await attention_items(database.unit_of_work, tenant, AT) == every
    for kind in (None, *AttentionKind):
        for limit in (1, 2, 3, 50):
            cursor, pages = None, 0
            while True:
                cursor = await _walk(database, tenant, every, kind, limit, cursor)
                pages += 1
                if cursor is None:
                    break
            of_kind = [i for i in every if kind is None or i.kind is kind]
            assert pages == max(1, -(-len(of_kind) // limit)), (kind, limit)


@pytest.mark.parametrize(
    "after",
    [
        "",
        "!",
        "2026",
        f"{T0.isoformat()}",
        f"{T0.isoformat()}|",
        f"{T0.isoformat()}|message:",
        f"{T0.isoformat()}|letter:pl-2",
        f"{T0.isoformat()}|z",
        f"{T1.isoformat()[:-9]}|x",
        f"{T0.isoformat()[:19]}Z|a",
        "9999",
        "~",
        "~|",
        "~|invoice:",
        "~|invoice:8",
        "~|lexoffice:disconnected",
        "~|z",
        "~}",
        "\U0010ffff",
    ],
)
async def test_a_cursor_of_no_item_names_the_place_it_did(database: Database, after: str) -> None:
    tenant = await _tenant_with_items(database, many=2)
    every = await _reference(database, tenant)
    for kind in (None, AttentionKind.INVOICE_BLOCKED, AttentionKind.MESSAGE_HELD):
        for limit in (1, 3):
            await _walk(database, tenant, every, kind, limit, encode_cursor(after))


def _assert_pages_read(fetched: list[tuple[str, int]]) -> None:
    read = [(sql, n) for sql, n in fetched if any(f'FROM "{t}"' in sql for t in SOURCE_TABLES)]
    pages = [n for sql, n in read if "LIMIT" in sql]
    assert len(pages) >= 8
    assert max(pages) <= 3, [(sql, n) for sql, n in read if n > 3]
    assert max(n for _, n in read) <= 3 * 6


async def test_an_attention_page_reads_its_own_rows(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page of 2 reads at most 3 rows of a source in each statement (the invoice numbers of
    those rows: 3 of each of the six reads at most), and as many statements for a tenant with
    many items as for one with a few."""
    counts = []
    for many in (4, 12):
        tenant = await _tenant_with_items(database, many=many)
        every = await _reference(database, tenant)
        middle = encode_cursor(position(every[len(every) // 2]))
        fetched = count_rows_fetched(database, monkeypatch)
        for cursor in (None, middle):
            after = None if cursor is None else decode_cursor(cursor)
            found = await attention_page(database.unit_of_work, tenant, AT, None, after, 2)
            assert found.more
        monkeypatch.undo()
        _assert_pages_read(fetched)
        counts.append(len(fetched))
    assert counts[0] == counts[1]


async def test_a_walk_through_get_attention_reads_a_page_at_a_time(
    engine_api: InProcessApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = engine_api.container.database
    tenant = await _tenant_with_items(database, engine_api.tenant_id)
    engine_api.container.clock.current = AT  # type: ignore[attr-defined]
    every = await _reference(database, tenant)
    fetched = count_rows_fetched(database, monkeypatch)
    walked: list[str] = []
    params: dict[str, str | int] = {"limit": 2}
    while True:
        response = await engine_api.client.get("/v1/attention", params=params)
        assert response.status_code == 200, response.text
        walked += [item["key"] for item in response.json()["items"]]
        if response.json()["nextCursor"] is None:
            break
        params["cursor"] = response.json()["nextCursor"]
    monkeypatch.undo()
    assert walked == [i.key for i in every]
    _assert_pages_read(fetched)
