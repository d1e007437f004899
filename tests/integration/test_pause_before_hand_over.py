"""A Mahnstopp committed after a message's claim and before its hand-over (rule 3: "pausing is
immediate"): the owner pauses while the mail transport is opened or while the letter's document
is laid out. The last look right before the hand-over finds it: nothing is mailed or posted, the
message's claims are taken back (no message record, nothing to review or resolve), and the
report says "paused meanwhile".

The cycle as it runs, against the lexoffice and postal sandboxes and a real SMTP server, on
PostgreSQL and SQLite (the `world` of `test_one_invoice_stops_nothing`); the pause is set by
the app's own use cases, in their own transactions, from a hook in the transport and the
renderer. Without the last look the first message went out.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from uuid import UUID

from automahntion.app.dunning import run_cycle
from automahntion.app.dunning.report import PAUSED_MEANWHILE
from automahntion.app.invoices.contacts import set_contact_pause
from automahntion.app.mail.ports import (
    MailReceipt,
    MailSender,
    MailTransport,
    MailTransports,
    OutgoingMail,
)
from automahntion.app.mail.records import SmtpServer
from automahntion.app.messages.records import MessageState
from automahntion.app.post.letter_layout import DocumentRenderer, DunningLetter
from automahntion.app.tenants.account import pause_tenant
from automahntion.domain.pauses import Pause
from tests.integration.test_letters_by_post import postal as postal
from tests.integration.test_letters_by_post import postal_url as postal_url
from tests.integration.test_one_invoice_stops_nothing import (
    World,
    _ago,
    _contact,
    _invoice,
    _messages,
    _outcomes,
    _sync,
    _tenant,
)
from tests.integration.test_one_invoice_stops_nothing import world as world

STOP = Pause("Kunde hat angerufen")
Hook = Callable[[], Awaitable[None]]


@dataclass
class _Once:
    hook: Hook
    done: list[bool] = field(default_factory=list)

    async def __call__(self) -> None:
        if not self.done:
            self.done.append(True)
            await self.hook()


@dataclass
class _OpeningTransport:
    """The real transport; `opening` runs as its session opens (at the cycle's first e-mail,
    claimed and with its attachments made)."""

    real: MailTransport
    opening: Hook

    @property
    def from_address(self) -> str:
        return self.real.from_address

    async def send(self, mail: OutgoingMail) -> MailReceipt:
        return await self.real.send(mail)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[MailSender]:
        await self.opening()
        async with self.real.session() as sender:
            yield sender


@dataclass
class _OpeningTransports:
    real: MailTransports
    opening: Hook

    def default(self) -> MailTransport:
        return _OpeningTransport(self.real.default(), self.opening)

    async def tenant_server(self, server: SmtpServer) -> MailTransport:
        return _OpeningTransport(await self.real.tenant_server(server), self.opening)

    async def check(self, server: SmtpServer) -> str | None:
        return await self.real.check(server)


@dataclass
class _LayingOut:
    """The real renderer; `laying_out` runs before the first PDF (a letter's cover, made
    after the letter's claim)."""

    real: DocumentRenderer
    laying_out: Hook

    def html(self, letter: DunningLetter) -> str:
        return self.real.html(letter)

    async def pdf(self, letter: DunningLetter) -> bytes:
        await self.laying_out()
        return await self.real.pdf(letter)

    def joined(self, cover: bytes, enclosed: bytes) -> bytes:
        return self.real.joined(cover, enclosed)


async def _numbers_with_messages(world: World, tenant_id: UUID) -> dict[str, MessageState]:
    async with world.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        numbers = {s.id: s.invoice.voucher_number for s in await store.invoices.all()}
    return {numbers[m.invoice_id]: m.state for m in await _messages(world, tenant_id)}


async def test_a_contact_paused_while_the_transport_opens_gets_no_mail(world: World) -> None:
    """RE-1 (R1) and RE-2 (M1) by e-mail to one customer, RE-3 (M2) by post to another."""
    tenant, org = await _tenant(world, "Bäckerei Sonnenschein GmbH")
    customer = _contact(world, org, "Anna")
    _invoice(world, org, "RE-1", _ago(5), contactId=customer)
    _invoice(world, org, "RE-2", _ago(20), contactId=customer)
    _invoice(world, org, "RE-3", _ago(35))
    await _sync(world, tenant)
    units = world.container.database.unit_of_work

    async def pausing() -> None:
        async with units() as uow:
            contact_id = (await uow.tenant(tenant).contacts.get(customer)).id
        await set_contact_pause(units, tenant, contact_id, STOP, world.clock.now())

    mail = _OpeningTransports(world.container.dunning.mail, _Once(pausing))
    report = await run_cycle(world.ports(mail=mail), tenant)

    outcomes = _outcomes(report)
    assert (outcomes["RE-1"], outcomes["RE-2"]) == (
        ("R1", PAUSED_MEANWHILE),
        ("M1", PAUSED_MEANWHILE),
    )
    assert outcomes["RE-3"][1].startswith("sent by post"), outcomes["RE-3"]
    assert world.sink.messages == []
    assert await _numbers_with_messages(world, tenant) == {"RE-3": MessageState.SENT}


async def test_a_tenant_paused_while_a_letter_is_laid_out_posts_nothing(world: World) -> None:
    tenant, org = await _tenant(world, "Metzgerei Huber KG")
    _invoice(world, org, "RE-3", _ago(35))
    await _sync(world, tenant)
    units = world.container.database.unit_of_work

    async def pausing() -> None:
        await pause_tenant(units, tenant, "Betriebsurlaub", None, world.clock.now())

    renderer = world.container.dunning.renderer
    assert renderer is not None
    report = await run_cycle(world.ports(renderer=_LayingOut(renderer, _Once(pausing))), tenant)

    assert _outcomes(report) == {"RE-3": ("M2", PAUSED_MEANWHILE)}
    assert world.postal.letters() == []
    assert await _numbers_with_messages(world, tenant) == {}
