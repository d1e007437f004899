"""`InvoiceListReads` on PostgreSQL: a page of the overview in one statement, outside a unit of
work (one statement sees one snapshot), on a pooled connection.

A row per invoice of the page; the first also holds, as arrays of rows, the contacts, messages,
documents and letters of the whole page (one index scan each) and the tenant's settings and
levels as text (the policy made of them is kept by that text). asyncpg decodes the arrays from
the binary protocol. Tried and dropped: the page as JSON built by PostgreSQL for msgspec to
decode (PostgreSQL spent about 0.3 µs per value, 3-4 ms a page of 250), and the arrays joined to
the invoices in SQL (without statistics, as in a fresh database, nested loops: 8 ms).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar
from uuid import UUID

import msgspec
from piccolo.engine.postgres import PostgresEngine

from automahntion.adapters.db import pooled
from automahntion.adapters.db.repositories.contacts import stored_contact
from automahntion.adapters.db.repositories.invoice_pages import (
    NUL,
    POSTGRES,
    arguments,
    page_sql,
    shape_of,
)
from automahntion.adapters.db.repositories.invoices import stored_invoice
from automahntion.adapters.db.repositories.levels import level_settings
from automahntion.adapters.db.repositories.messages import stored_reason
from automahntion.app.invoices.criteria import InvoiceCriteria
from automahntion.app.invoices.listing import ListedPage
from automahntion.app.invoices.overview import InvoiceView
from automahntion.app.messages.records import MessageState, SentMessage
from automahntion.app.post.letters import dunning_policy
from automahntion.app.post.provider import LetterState
from automahntion.app.post.records import DocumentState, LetterRecord, StoredDocument
from automahntion.app.tenants.records import TenantSettings
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import DunningPolicy, Level
from automahntion.domain.prices import LetterKind

_POLICY = """(
  SELECT json_build_object(
    'settings', t.settings,
    'dunning_active', t.dunning_active,
    'levels', ARRAY(
      SELECT json_build_array(s.level, s.enabled, s.days_after_due, s.by_post, s.registered,
                              s.fee_cents, s.payment_days)
      FROM level_setting s WHERE s.tenant = t.id ORDER BY s.level
    )
  )::text
  FROM tenant t WHERE t.id = $1
)"""
_CONTACT = (
    "ROW(c.id, c.lexoffice_id, c.name, c.kind, c.emails, c.postal_address, c.pause_reason, "
    "c.pause_until, c.unusable_detail, c.title, c.last_name)"
)
_MESSAGE = (
    "ROW(m.id, m.invoice, m.level, m.channel, m.state, m.message_id, m.sent_on, m.claimed_at, "
    "m.attempts, m.recipient_domain, m.transport_message_id, m.template_version, "
    "m.content_sha256, m.failure_reason, m.letter_tracking_code, m.finished_at)"
)
_DOCUMENT = (
    "ROW(d.id, d.invoice, d.level, d.source, d.state, d.created_at, d.lexoffice_dunning_id, "
    "d.file_ref, d.content_type)"
)
_LETTER = (
    "ROW(l.invoice, l.level, l.kind, l.provider_letter_id, l.status, l.sent_on, l.tracking_code)"
)


def _of_page(table: str, shown: str, where: str, order: str = "") -> str:
    """All the page's rows of `table` as one array, in one scan of its index on (tenant, …)."""
    alias = table.split()[1]
    return f"(SELECT array_agg({shown}{order}) FROM {table} WHERE {alias}.tenant = $1 AND {where})"


_WITH_PAGE = {
    "contacts": _of_page(
        "contact c",
        _CONTACT,
        "c.lexoffice_id = ANY(ARRAY(SELECT contact_lexoffice_id FROM page))",
    ),
    "messages": _of_page(
        "sent_message m",
        _MESSAGE,
        "m.invoice = ANY(ARRAY(SELECT id FROM page))",
        " ORDER BY m.claimed_at",
    ),
    "documents": _of_page(
        "dunning_document d",
        _DOCUMENT,
        "d.invoice = ANY(ARRAY(SELECT id FROM page))",
        " ORDER BY d.created_at",
    ),
    "letters": _of_page("letter l", _LETTER, "l.invoice = ANY(ARRAY(SELECT id FROM page))"),
    "policy": _POLICY,
}
"""Read once, given with the page's first row: matching them to the invoices in Python costs
less than joining them in PostgreSQL, whose plan for a join depends on statistics."""


def statement(page: str) -> str:
    """Around the page's own SELECT (`invoice_pages.page_sql`, parameter 1 the tenant)."""
    first = "row_number() OVER (ORDER BY p.due_date, p.id) = 1"
    once = ", ".join(
        f"CASE WHEN {first} THEN {sql} END AS {name}" for name, sql in _WITH_PAGE.items()
    )
    return (
        f"WITH page AS MATERIALIZED ({page}) "
        f"SELECT p.*, {once} FROM page p ORDER BY p.due_date, p.id"
    )


_LEVELS = {level.value: level for level in Level}
_CHANNELS = {channel.value: channel for channel in Channel}
_MESSAGE_STATES = {state.value: state for state in MessageState}
_DOCUMENT_STATES = {state.value: state for state in DocumentState}
_LETTER_KINDS = {kind.value: kind for kind in LetterKind}
_LETTER_STATES = {state.value: state for state in LetterState}


def _message(m: Sequence[Any]) -> SentMessage:
    return SentMessage(
        m[0],
        m[1],
        _LEVELS[m[2]],
        _CHANNELS[m[3]],
        _MESSAGE_STATES[m[4]],
        m[5],
        m[6],
        m[7],
        m[8],
        m[9],
        m[10],
        m[11],
        m[12],
        stored_reason(m[13]),
        m[14],
        m[15],
    )


def _document(d: Sequence[Any]) -> StoredDocument:
    return StoredDocument(
        d[0], d[1], _LEVELS[d[2]], d[3], _DOCUMENT_STATES[d[4]], d[5], d[6], d[7], d[8]
    )


def _letter(x: Sequence[Any]) -> LetterRecord:
    return LetterRecord(
        x[0], _LEVELS[x[1]], _LETTER_KINDS[x[2]], x[3], _LETTER_STATES[x[4]], x[5], x[6]
    )


def _views(rows: Sequence[Any]) -> list[InvoiceView]:
    first = rows[0]
    contacts = {c[1]: stored_contact(*c) for c in first["contacts"] or ()}
    messages = _by_invoice(map(_message, first["messages"] or ()))
    documents = _by_invoice(map(_document, first["documents"] or ()))
    letters = _by_invoice(map(_letter, first["letters"] or ()))
    views = []
    for row in rows:
        stored = stored_invoice(row)
        views.append(
            InvoiceView(
                stored,
                contacts.get(stored.invoice.contact_id or ""),
                messages.get(stored.id, ()),
                documents.get(stored.id, ()),
                letters.get(stored.id, ()),
            )
        )
    return views


_Of = TypeVar("_Of", SentMessage, StoredDocument, LetterRecord)


def _by_invoice(records: Iterable[_Of]) -> dict[UUID, tuple[_Of, ...]]:
    found: dict[UUID, list[_Of]] = {}
    for record in records:
        found.setdefault(record.invoice_id, []).append(record)
    return {invoice: tuple(of) for invoice, of in found.items()}


class _PolicyParts(msgspec.Struct, frozen=True):
    settings: TenantSettings
    dunning_active: bool
    levels: list[tuple[Level, bool, int, bool, bool, int, int]]


_POLICY_PARTS = msgspec.json.Decoder(_PolicyParts)
_KEPT_POLICIES = 256
_NO_POLICY = dunning_policy(TenantSettings(), True, ())
"""For a page without invoices: nothing asks it."""


class PostgresInvoiceList:
    def __init__(self, engine: PostgresEngine) -> None:
        self._engine = engine
        self._policies: dict[str, DunningPolicy] = {}

    async def page(
        self, tenant_id: UUID, criteria: InvoiceCriteria, *, limit: int, after: str | None
    ) -> ListedPage:
        if criteria.text and NUL in criteria.text:
            return ListedPage([], False, _NO_POLICY)
        after = None if after is None else after.split(NUL, 1)[0]
        sql = statement(page_sql(POSTGRES, shape_of(criteria, after)))
        rows = await pooled.fetch(self._engine, sql, *arguments(tenant_id, criteria, after, limit))
        if not rows:
            return ListedPage([], False, _NO_POLICY)
        policy = self._policy(rows[0]["policy"])
        return ListedPage(_views(rows[:limit]), len(rows) > limit, policy)

    def _policy(self, text: str) -> DunningPolicy:
        policy = self._policies.get(text)
        if policy is None:
            parts = _POLICY_PARTS.decode(text)
            levels = level_settings(parts.levels)
            policy = dunning_policy(parts.settings, parts.dunning_active, levels)
            if len(self._policies) >= _KEPT_POLICIES:
                self._policies.clear()
            self._policies[text] = policy
        return policy
