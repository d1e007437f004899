"""The lexoffice connection and the tenant's SMTP server: their secrets are sealed at rest."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from automahntion.adapters.db.tables import LexofficeConnection as ConnectionRow
from automahntion.adapters.db.tables import SmtpServer as SmtpRow
from automahntion.app.records import (
    ConnectionKind,
    ConnectionStatus,
    LexofficeConnection,
    SmtpServer,
    SmtpTls,
)
from automahntion.app.secrets import SecretBox


class _Sealing:
    def __init__(self, secrets: SecretBox) -> None:
        self._secrets = secrets

    def seal(self, value: str | None) -> str | None:
        return self._secrets.seal(value) if value is not None else None

    def open(self, value: str | None) -> str | None:
        return self._secrets.open(value) if value is not None else None


class PiccoloConnectionRepository(_Sealing):
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
            disconnected_reason=row["disconnected_reason"],
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
            disconnected_reason=connection.disconnected_reason,
        )
        await ConnectionRow.insert(row).on_conflict(
            target=ConnectionRow.tenant,
            action="DO UPDATE",
            values=[c for c in ConnectionRow.all_columns() if c._meta.name not in ("id", "tenant")],
        )


class PiccoloSmtpServerRepository(_Sealing):
    def __init__(self, tenant_id: UUID, secrets: SecretBox) -> None:
        super().__init__(secrets)
        self._tenant = tenant_id

    async def get(self) -> SmtpServer | None:
        row = await SmtpRow.select().where(SmtpRow.tenant == self._tenant).first()
        if row is None:
            return None
        return SmtpServer(
            host=row["host"],
            port=row["port"],
            from_address=row["from_address"],
            tls=SmtpTls(row["tls"]),
            username=row["username"],
            password=self.open(row["password_encrypted"]),
        )

    async def save(self, server: SmtpServer) -> None:
        row = SmtpRow(
            tenant=self._tenant,
            host=server.host,
            port=server.port,
            tls=server.tls.value,
            username=server.username,
            password_encrypted=self.seal(server.password),
            from_address=server.from_address,
        )
        await SmtpRow.insert(row).on_conflict(
            target=SmtpRow.tenant,
            action="DO UPDATE",
            values=[c for c in SmtpRow.all_columns() if c._meta.name not in ("id", "tenant")],
        )

    async def remove(self) -> None:
        await SmtpRow.delete().where(SmtpRow.tenant == self._tenant)
