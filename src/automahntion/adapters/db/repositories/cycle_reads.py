"""What a dunning cycle reads of a tenant: one query on PostgreSQL.

Each query costs a round trip whose share of a cycle (send, wake-up, protocol) is as large as
converting dozens of invoice rows, so PostgreSQL gathers the tenant, its levels, templates and
message history into one row (arrays of rows), and with them, for the day, its invoices and
their contacts. Those come as one JSON document each (UTF-8 bytes, which asyncpg passes on
without decoding them to text), written by PostgreSQL in the shape of the records, which
msgspec turns into the records directly: building them in Python from row values, field by
field, cost three times the database's work (`PostgresCycleReads`). SQLite asks the
repositories one by one (`PiccoloCycleReads`). The database's wiring picks one. A day that
writes nothing (a dry run) reads PostgreSQL's one statement outside a unit of work
(`PostgresDayReads`): consistent on its own, it needs no BEGIN and COMMIT around it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from piccolo.engine.postgres import PostgresEngine

from automahntion.adapters.db import pooled
from automahntion.adapters.db.record_json import (
    LEVEL_SETTING,
    STORED_CONTACT,
    STORED_INVOICE,
    values_sql,
)
from automahntion.adapters.db.repositories.contacts import PiccoloContactRepository
from automahntion.adapters.db.repositories.invoices import PiccoloInvoiceRepository
from automahntion.adapters.db.repositories.levels import (
    PiccoloLevelRepository,
    level_settings,
    template_version,
)
from automahntion.adapters.db.repositories.messages import (
    COUNTS_AS_SENT,
    PiccoloMessageRepository,
    history_of,
)
from automahntion.adapters.db.repositories.reads import SelectRows, transaction_connection
from automahntion.adapters.db.repositories.rows import tenant_of
from automahntion.adapters.db.repositories.tenant_account import PiccoloTenantAccount
from automahntion.adapters.db.tables import Tenant as TenantRow
from automahntion.app.errors import NotFound
from automahntion.app.invoices.records import (
    CycleSetup,
    StoredContact,
    StoredInvoice,
    TenantBook,
)
from automahntion.domain.levels import Level
from automahntion.domain.templates import TemplateVersion

_TEMPLATES = """ARRAY(
    SELECT ROW(v.id, v.level, v.version, v.subject_de, v.body_de, v.subject_en, v.body_en,
               v.created_at)
    FROM template_version v WHERE v.tenant = t.id ORDER BY v.version
  )"""
_NO_TEMPLATES = "'{}'::record[]"


def _setup_columns(templates: str) -> str:
    return f"""
SELECT t.*,
  ARRAY(
    SELECT ROW({values_sql(LEVEL_SETTING, "l")})
    FROM level_setting l WHERE l.tenant = t.id
  ) AS cycle_levels,
  {templates} AS cycle_templates,
  ARRAY(
    SELECT ROW(m.invoice, m.level, m.sent_on, m.carried_flat_fee)
    FROM sent_message m WHERE m.tenant = t.id AND m.state = ANY($2)
  ) AS cycle_history"""


_SETUP = _setup_columns(_TEMPLATES) + " FROM tenant t WHERE t.id = $1"

_BOOK = f"""
  (SELECT convert_to(json_agg({STORED_INVOICE.object_sql("i")} ORDER BY i.due_date)::text, 'UTF8')
    FROM invoice i WHERE i.tenant = t.id
  ) AS cycle_invoices,
  (SELECT convert_to(json_agg({STORED_CONTACT.object_sql("c")})::text, 'UTF8')
    FROM contact c WHERE c.tenant = t.id AND c.lexoffice_id = ANY(ARRAY(
      SELECT i.contact_lexoffice_id FROM invoice i WHERE i.tenant = t.id))
  ) AS cycle_contacts
FROM tenant t WHERE t.id = $1
"""
_DAY = _setup_columns(_TEMPLATES) + "," + _BOOK
"""`setup`'s row, the invoices in the order of their due dates and the contacts they name, in
the shapes of `record_json`. The named contacts' ids are gathered once, as an array: as a
semi-join (`IN (SELECT …)`), a table whose statistics are not yet gathered (right after a first
sync, before autovacuum's analyze) was planned as a nested loop reading the tenant's invoices
once per contact, which took most of the statement's time."""
_DAY_WITHOUT_TEXTS = _setup_columns(_NO_TEMPLATES) + "," + _BOOK
"""The day without its template texts, for a day that writes no message (a dry run): the texts
are most of the row's bytes and, stored compressed, a good part of PostgreSQL's work on it."""

_INVOICES = msgspec.json.Decoder(list[StoredInvoice])
_CONTACTS = msgspec.json.Decoder(list[StoredContact])


class PiccoloCycleReads:
    def __init__(self, tenant_id: UUID, select_rows: SelectRows) -> None:
        self._tenant = tenant_id
        self._select_rows = select_rows

    async def setup(self) -> CycleSetup:
        return CycleSetup(
            await PiccoloTenantAccount(self._tenant, self._select_rows).get(),
            await PiccoloLevelRepository(self._tenant, self._select_rows).settings(),
            await PiccoloLevelRepository(self._tenant, self._select_rows).current_templates(),
            await PiccoloMessageRepository(self._tenant, self._select_rows).history(),
        )

    async def day(self) -> tuple[CycleSetup, TenantBook]:
        setup = await self.setup()
        invoices = await PiccoloInvoiceRepository(self._tenant, self._select_rows).all()
        named = sorted({i.invoice.contact_id for i in invoices if i.invoice.contact_id})
        contacts = await PiccoloContactRepository(self._tenant, self._select_rows).get_many(named)
        return setup, TenantBook(invoices, contacts)


class PostgresCycleReads(PiccoloCycleReads):
    async def setup(self) -> CycleSetup:
        return _setup(await self._row(_SETUP))

    async def day(self) -> tuple[CycleSetup, TenantBook]:
        return _day(await self._row(_DAY))

    async def _row(self, sql: str) -> Any:
        return _found(
            await transaction_connection(TenantRow).fetchrow(sql, self._tenant, COUNTS_AS_SENT),
            self._tenant,
        )


class PostgresDayReads:
    """The day's one statement on a pooled connection of its own, without BEGIN and COMMIT."""

    def __init__(self, engine: PostgresEngine) -> None:
        self._engine = engine

    async def day(self, tenant_id: UUID, *, texts: bool = True) -> tuple[CycleSetup, TenantBook]:
        sql = _DAY if texts else _DAY_WITHOUT_TEXTS
        row = await pooled.fetchrow(self._engine, sql, tenant_id, COUNTS_AS_SENT)
        return _day(_found(row, tenant_id))


def _found(row: Any, tenant_id: UUID) -> Any:
    if row is None:
        raise NotFound("tenant", tenant_id)
    return row


def _day(row: Any) -> tuple[CycleSetup, TenantBook]:
    invoices, contacts = row["cycle_invoices"], row["cycle_contacts"]
    return _setup(row), TenantBook(
        _INVOICES.decode(invoices) if invoices else [],
        {c.contact.lexoffice_id: c for c in _CONTACTS.decode(contacts)} if contacts else {},
    )


def _setup(row: Any) -> CycleSetup:
    return CycleSetup(
        tenant_of(row),
        level_settings(row["cycle_levels"]),
        _current_templates(row["cycle_templates"]),
        history_of(row["cycle_history"]),
    )


def _current_templates(rows: Any) -> dict[Level, tuple[UUID, TemplateVersion]]:
    """Each level's latest version (the rows come in version order)."""
    current: dict[Level, tuple[UUID, TemplateVersion]] = {}
    for id_, *values in rows:
        version = template_version(*values)
        current[version.level] = (id_, version)
    return current
