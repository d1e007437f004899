"""The SMTP server of one tenant (SMTP add-on): its password is sealed at rest."""

from __future__ import annotations

from uuid import UUID

from automahntion.adapters.db.repositories.rows import Sealing
from automahntion.adapters.db.tables import SmtpServer as SmtpRow
from automahntion.app.access.secret_box import SecretBox
from automahntion.app.mail.records import SmtpServer, SmtpTls


class PiccoloSmtpServerRepository(Sealing):
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
