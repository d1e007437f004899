"""What a dunning cycle reads of a tenant beside its invoices: one query on PostgreSQL.

Each query costs a round trip whose share of a cycle (send, wake-up, protocol) is as large as
converting dozens of invoice rows; the tenant, its levels, templates and message history are
small, so PostgreSQL gathers them into one row (arrays of rows). SQLite, or a read outside a
transaction, asks the repositories one by one.
"""

from __future__ import annotations

from uuid import UUID

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
from automahntion.adapters.db.repositories.reads import postgres_connection
from automahntion.adapters.db.repositories.rows import tenant_of
from automahntion.adapters.db.repositories.tenant_account import PiccoloTenantAccount
from automahntion.adapters.db.tables import Tenant as TenantRow
from automahntion.app.errors import NotFound
from automahntion.app.invoices.records import CycleSetup
from automahntion.domain.levels import Level

_SETUP = """
SELECT t.*,
  ARRAY(
    SELECT ROW(l.level, l.enabled, l.days_after_due, l.by_post, l.registered, l.fee_cents,
               l.payment_days)
    FROM level_setting l WHERE l.tenant = t.id
  ) AS cycle_levels,
  ARRAY(
    SELECT ROW(v.id, v.level, v.version, v.subject_de, v.body_de, v.subject_en, v.body_en,
               v.created_at)
    FROM template_version v WHERE v.tenant = t.id ORDER BY v.version
  ) AS cycle_templates,
  ARRAY(
    SELECT ROW(m.invoice, m.level, m.sent_on)
    FROM sent_message m WHERE m.tenant = t.id AND m.state = ANY($2)
  ) AS cycle_history
FROM tenant t WHERE t.id = $1
"""


class PiccoloCycleReads:
    def __init__(self, tenant_id: UUID) -> None:
        self._tenant = tenant_id

    async def setup(self) -> CycleSetup:
        connection = postgres_connection(TenantRow)
        if connection is None:
            return CycleSetup(
                await PiccoloTenantAccount(self._tenant).get(),
                await PiccoloLevelRepository(self._tenant).settings(),
                await PiccoloLevelRepository(self._tenant).current_templates(),
                await PiccoloMessageRepository(self._tenant).history(),
            )
        row = await connection.fetchrow(_SETUP, self._tenant, COUNTS_AS_SENT)
        if row is None:
            raise NotFound("tenant", self._tenant)
        return CycleSetup(
            tenant_of(row),
            level_settings(row["cycle_levels"]),
            {Level(t[1]): (t[0], template_version(*t[1:])) for t in row["cycle_templates"]},
            history_of(row["cycle_history"]),
        )
