"""`InvoiceListReads` on PostgreSQL: a page of the overview in one statement, outside a unit of
work (one statement sees one snapshot), on a pooled connection.

The statement gives one row of JSON columns: the page's invoices, and the contacts, messages,
documents and letters of the whole page (one index scan each), written by PostgreSQL in the
shape of our records (`record_json`), which msgspec turns into those records directly, and the
tenant's settings and levels as text (the policy made of them is kept by that text).

Measured on a page of 250 (`bench/page_cpu.py`, a busy machine), against rows and arrays of
rows decoded by asyncpg from the binary protocol and turned into records in Python: reading the
page costs the API process 20-40 % less CPU, PostgreSQL (a process of its own, usually a
machine of its own) 1.5-3 ms more. The invoices as rows and only the rest as JSON came out in
between on both. Tried and dropped before: the arrays joined to the invoices in SQL (without
statistics, as in a fresh database, nested loops: 8 ms). On 2026-12-07 (a shared, busy
machine): the columns instead of one JSON document of them, and the messages decoded straight
into their records (`_SENT`), cost this reader 10-13 % less CPU; PostgreSQL's share came out
14 % lower with the statement alone on one connection, but the same within the noise through
the pool and in `bench/page_cpu.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from uuid import UUID

import msgspec
from piccolo.engine.postgres import PostgresEngine

from automahntion.adapters.db import pooled
from automahntion.adapters.db.record_json import (
    LETTER,
    LEVEL_SETTING,
    SENT_MESSAGE,
    STORED_CONTACT,
    STORED_DOCUMENT,
    STORED_INVOICE,
)
from automahntion.adapters.db.repositories.invoice_pages import (
    NUL,
    POSTGRES,
    arguments,
    page_sql,
    shape_of,
)
from automahntion.adapters.db.repositories.messages import stored_reason
from automahntion.app.invoices.criteria import InvoiceCriteria
from automahntion.app.invoices.listing import ListedPage
from automahntion.app.invoices.overview import InvoiceView
from automahntion.app.invoices.records import StoredContact, StoredInvoice
from automahntion.app.messages.records import SentMessage
from automahntion.app.post.letters import dunning_policy
from automahntion.app.post.records import LetterRecord, StoredDocument
from automahntion.app.tenants.records import TenantSettings
from automahntion.domain.levels import DunningPolicy, LevelSetting

_POLICY = f"""(
  SELECT json_build_object(
    'settings', t.settings,
    'dunning_active', t.dunning_active,
    'levels', ARRAY(
      SELECT {LEVEL_SETTING.object_sql("s")} FROM level_setting s WHERE s.tenant = t.id
    )
  )::text
  FROM tenant t WHERE t.id = $1
)"""


_OF_PAGE = {
    "invoices": STORED_INVOICE.list_sql("p", "FROM page p", "p.due_date, p.id"),
    "contacts": STORED_CONTACT.list_sql(
        "c",
        "FROM contact c WHERE c.tenant = $1 "
        "AND c.lexoffice_id = ANY(ARRAY(SELECT contact_lexoffice_id FROM page))",
    ),
    "messages": "sent.messages",
    "reasons": "sent.reasons",
    "documents": STORED_DOCUMENT.list_sql(
        "d",
        "FROM dunning_document d WHERE d.tenant = $1 "
        "AND d.invoice = ANY(ARRAY(SELECT id FROM page))",
        "d.created_at",
    ),
    "letters": LETTER.list_sql(
        "l", "FROM letter l WHERE l.tenant = $1 AND l.invoice = ANY(ARRAY(SELECT id FROM page))"
    ),
    "policy": _POLICY,
}
"""Each read once for the whole page (one scan of its index on (tenant, …)): matching them to
the invoices in Python costs less than joining them in PostgreSQL, whose plan for a join
depends on statistics."""

_SENT = (
    "SELECT COALESCE(json_agg(s.message), '[]') AS messages, "
    "COALESCE(json_agg(json_build_array(s.id, s.reason)) "
    "FILTER (WHERE s.reason IS NOT NULL), '[]') AS reasons "
    f"FROM (SELECT {SENT_MESSAGE.object_sql('m', nulls=('failure_reason',))} AS message, "
    "m.id, m.failure_reason AS reason "
    "FROM sent_message m WHERE m.tenant = $1 AND m.invoice = ANY(ARRAY(SELECT id FROM page)) "
    "ORDER BY m.claimed_at) s"
)
"""The page's messages, each as `SentMessage` but for its failure reason, and in the same scan
the stored text of each reason there is (`[[message id, text], …]`: `Reason.decode` reads it,
which no JSON of a record could do). A page's messages thus decode straight into their records
(most have no reason): measured, that costs the API about 40 % of decoding them as they are stored
and building each record again in Python. In order from a sorted subquery, as `Shape.list_sql`
gives its rows."""


def statement(page: str) -> str:
    """Around the page's own SELECT (`invoice_pages.page_sql`, parameter 1 the tenant): one row,
    a column of UTF-8 JSON (bytes, which asyncpg passes on as they are) for each of `_OF_PAGE`.
    Columns of their own rather than one JSON object of them: PostgreSQL then need not copy
    the page's JSON into one document and check it again (see the module's measurements)."""
    parts = ", ".join(f"convert_to(({sql})::text, 'UTF8')" for sql in _OF_PAGE.values())
    return (
        f"WITH page AS MATERIALIZED ({page}), sent AS MATERIALIZED ({_SENT}) "
        f"SELECT {parts} FROM sent"
    )


class _Page(msgspec.Struct, frozen=True):
    invoices: list[StoredInvoice]
    contacts: list[StoredContact]
    messages: list[SentMessage]
    reasons: list[tuple[UUID, str]]
    documents: list[StoredDocument]
    letters: list[LetterRecord]
    policy: bytes | None
    """None when the tenant is gone."""


_TYPES = {field.name: field.type for field in msgspec.structs.fields(_Page)}
_DECODERS = {name: msgspec.json.Decoder(_TYPES[name]) for name in _OF_PAGE if name != "policy"}
"""In the order of the statement's columns, the policy last."""


def _decoded(row: Sequence[Any]) -> _Page:
    """The statement's row: each column as its field of `_Page` (the policy as it came; every
    other column is an array, `[]` for none)."""
    *parts, policy = row
    decoded = {
        name: decoder.decode(part)
        for (name, decoder), part in zip(_DECODERS.items(), parts, strict=True)
    }
    return _Page(**decoded, policy=policy)


def _messages(page: _Page) -> list[SentMessage]:
    if not page.reasons:
        return page.messages
    reasons = {ident: stored_reason(text) for ident, text in page.reasons}
    return [
        replace(m, failure_reason=reasons[m.id]) if m.id in reasons else m for m in page.messages
    ]


def _views(page: _Page, limit: int) -> list[InvoiceView]:
    """Each invoice with what is its own; looked up once per invoice, by the id's number (a
    `UUID` hashes in Python, its `int` in C)."""
    contacts = {c.contact.lexoffice_id: c for c in page.contacts}
    extras: dict[int, tuple[list[SentMessage], list[StoredDocument], list[LetterRecord]]] = {}

    def of(invoice_id: UUID) -> tuple[list[SentMessage], list[StoredDocument], list[LetterRecord]]:
        found = extras.get(invoice_id.int)
        if found is None:
            found = extras[invoice_id.int] = ([], [], [])
        return found

    for message in _messages(page):
        of(message.invoice_id)[0].append(message)
    for document in page.documents:
        of(document.invoice_id)[1].append(document)
    for letter in page.letters:
        of(letter.invoice_id)[2].append(letter)
    views = []
    for stored in page.invoices[:limit]:
        contact = contacts.get(stored.invoice.contact_id or "")
        more = extras.get(stored.id.int) if extras else None
        if more is None:
            views.append(InvoiceView(stored, contact))
        else:
            messages, documents, letters = more
            views.append(
                InvoiceView(stored, contact, tuple(messages), tuple(documents), tuple(letters))
            )
    return views


class _PolicyParts(msgspec.Struct, frozen=True):
    settings: TenantSettings
    dunning_active: bool
    levels: list[LevelSetting]


_POLICY_PARTS = msgspec.json.Decoder(_PolicyParts)
_KEPT_POLICIES = 256
_NO_POLICY = dunning_policy(TenantSettings(), True, ())
"""For a page without invoices: nothing asks it."""


class PostgresInvoiceList:
    def __init__(self, engine: PostgresEngine) -> None:
        self._engine = engine
        self._policies: dict[bytes, DunningPolicy] = {}

    async def page(
        self, tenant_id: UUID, criteria: InvoiceCriteria, *, limit: int, after: str | None
    ) -> ListedPage:
        if criteria.text and NUL in criteria.text:
            return ListedPage([], False, _NO_POLICY)
        after = None if after is None else after.split(NUL, 1)[0]
        sql = statement(page_sql(POSTGRES, shape_of(criteria, after)))
        found = await pooled.fetchrow(
            self._engine, sql, *arguments(tenant_id, criteria, after, limit)
        )
        page = _decoded(found)
        if not page.invoices or page.policy is None:
            return ListedPage([], False, _NO_POLICY)
        policy = self._policy(page.policy)
        return ListedPage(_views(page, limit), len(page.invoices) > limit, policy)

    def _policy(self, text: bytes) -> DunningPolicy:
        policy = self._policies.get(text)
        if policy is None:
            parts = _POLICY_PARTS.decode(text)
            levels = sorted(parts.levels, key=lambda setting: setting.level.rank)
            policy = dunning_policy(parts.settings, parts.dunning_active, levels)
            if len(self._policies) >= _KEPT_POLICIES:
                self._policies.clear()
            self._policies[text] = policy
        return policy
