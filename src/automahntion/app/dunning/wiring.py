"""The production side of `SendPorts`: the stored ledger, lexoffice, the tenant's transport
(looked up once per cycle, when the first mail goes out, and one session of it for the whole
cycle: one SMTP connection), the document store and the postal provider."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from uuid import UUID

from automahntion.app.dunning.attachments import LexofficeDocuments
from automahntion.app.dunning.ledger import StoredLedger
from automahntion.app.dunning.load import CycleDay
from automahntion.app.dunning.ports import DunningPorts, SendPorts
from automahntion.app.dunning.send_letter import StoredPost
from automahntion.app.lexoffice.languages import StoredLanguages
from automahntion.app.lexoffice.ports import LexofficeApi
from automahntion.app.mail.ports import MailSender
from automahntion.app.mail.smtp_servers import tenant_transport


@dataclass
class TenantOutbox:
    ports: DunningPorts
    tenant_id: UUID
    opened: MailSender | None = None
    sessions: AsyncExitStack = field(default_factory=AsyncExitStack)

    async def sender(self) -> MailSender:
        if self.opened is None:
            async with self.ports.units() as uow:
                transport = await tenant_transport(self.ports.mail, uow.tenant(self.tenant_id))
            self.opened = await self.sessions.enter_async_context(transport.session())
        return self.opened


@asynccontextmanager
async def send_ports(
    ports: DunningPorts, day: CycleDay, api: LexofficeApi | None
) -> AsyncIterator[SendPorts]:
    """The ports of sending `day`; the mail session is closed when the block ends."""
    outbox = TenantOutbox(ports, day.tenant.id)
    now = ports.clock.now
    async with outbox.sessions:
        yield SendPorts(
            payments=api,
            ledger=StoredLedger(ports.units, day.tenant.id),
            outbox=outbox,
            documents=LexofficeDocuments(ports.units, api, ports.files, ports.renderer, day, now),
            post=None if ports.letters is None else StoredPost(ports.letters, ports.units, now),
            templates=ports.templates,
            clock=ports.clock,
            message_domain=ports.message_domain,
            rates=ports.rates,
            sleep=ports.sleep,
            languages=None
            if api is None
            else StoredLanguages(ports.units, day.tenant.id, api, ports.clock),
        )
