"""The lexoffice connection of one tenant: its tokens are sealed at rest."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from automahntion.adapters.db.repositories.rows import Sealing
from automahntion.adapters.db.tables import LexofficeConnection as ConnectionRow
from automahntion.app.access.secret_box import SecretBox
from automahntion.app.lexoffice.disconnect_reasons import DisconnectReason
from automahntion.app.lexoffice.records import (
    ConnectionKind,
    ConnectionStatus,
    LexofficeConnection,
)


class PiccoloConnectionRepository(Sealing):
    def __init__(self, tenant_id: UUID, secrets: SecretBox) -> None:
        super().__init__(secrets)
        self._tenant = tenant_id

    async def get(self) -> LexofficeConnection | None:
        row = await ConnectionRow.select().where(ConnectionRow.tenant == self._tenant).first()
        return self._connection(row) if row else None

    async def get_locked(self) -> LexofficeConnection | None:
        """An UPDATE takes the row lock on PostgreSQL; SQLite's `BEGIN IMMEDIATE` already
        serialises writers."""
        rows = (
            await ConnectionRow.update({ConnectionRow.tenant: self._tenant})
            .where(ConnectionRow.tenant == self._tenant)
            .returning(*ConnectionRow.all_columns())
        )
        return self._connection(rows[0]) if rows else None

    def _connection(self, row: dict[str, Any]) -> LexofficeConnection:
        return LexofficeConnection(
            kind=ConnectionKind(row["kind"]),
            status=ConnectionStatus(row["status"]),
            organization_id=row["organization_id"],
            connection_id=row["connection_id"],
            company_name=row["company_name"],
            access_token=self.open(row["access_token_encrypted"]),
            refresh_token=self.open(row["refresh_token_encrypted"]),
            api_key=self.open(row["api_key_encrypted"]),
            expires_at=row["expires_at"],
            disconnected_reason=(
                DisconnectReason.decode(row["disconnected_reason"])
                if row["disconnected_reason"]
                else None
            ),
        )

    async def save(self, connection: LexofficeConnection) -> None:
        row = ConnectionRow(
            tenant=self._tenant,
            kind=connection.kind.value,
            status=connection.status.value,
            organization_id=connection.organization_id,
            connection_id=connection.connection_id,
            company_name=connection.company_name,
            access_token_encrypted=self.seal(connection.access_token),
            refresh_token_encrypted=self.seal(connection.refresh_token),
            api_key_encrypted=self.seal(connection.api_key),
            expires_at=connection.expires_at,
            disconnected_reason=(
                connection.disconnected_reason.encode() if connection.disconnected_reason else None
            ),
        )
        await ConnectionRow.insert(row).on_conflict(
            target=ConnectionRow.tenant,
            action="DO UPDATE",
            values=[c for c in ConnectionRow.all_columns() if c._meta.name not in ("id", "tenant")],
        )
