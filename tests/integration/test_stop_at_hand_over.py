"""A stop (a Mahnstopp of the invoice, its customer or the tenant; a deactivation) and a
message's last look right before its hand-over take turns, on PostgreSQL and SQLite, so that
"pausing is immediate" and "deactivating stops sending at once" (domain rule 3) hold for the
owner: once the stop has answered, no message starts being handed over but those the answer
names as already going out.

Two interleavings, each with every kind of stop, the real SMTP server, the lexoffice sandbox
and the app's own use cases in their own transactions:

- the stop is in progress (written, not committed) while the last look runs: the look waits
  for it, finds it and takes the message back; nothing is mailed. On PostgreSQL the look read
  without waiting and the message went out after the stop had answered; SQLite's writers took
  turns already.
- the stop starts after the last look committed, while the message is being handed over: it
  goes out, and the stop's answer names it (`going_out`). Before, the answer could not tell a
  message on its way from one still to be taken back.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any
from uuid import UUID

import pytest
from piccolo.engine.postgres import PostgresEngine

from automahntion.adapters.db.tables import Tenant as TenantRow
from automahntion.app.dunning import run_cycle
from automahntion.app.dunning.activation import deactivate
from automahntion.app.dunning.report import PART_PAUSED, PAUSED_MEANWHILE
from automahntion.app.invoices.contacts import set_contact_pause
from automahntion.app.invoices.overview import set_invoice_pause
from automahntion.app.mail.ports import (
    MailReceipt,
    MailSender,
    MailTransport,
    MailTransports,
    OutgoingMail,
)
from automahntion.app.mail.records import SmtpServer
from automahntion.app.messages.records import MessageState, SentMessage
from automahntion.app.storage import UnitOfWork
from automahntion.app.tenants.account import pause_tenant
from automahntion.domain.activation import NOT_ACTIVATED
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level
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
from tests.integration.test_pause_before_hand_over import _LayingOut

STOP = Pause("Kunde hat angerufen")
Hook = Callable[[], Awaitable[None]]
Units = Callable[[], UnitOfWork]


@dataclass
class _Sender:
    """The real session's sender; `handing_over` runs as a mail is handed to it (after the
    message's last look)."""

    real: MailSender
    handing_over: Hook

    @property
    def from_address(self) -> str:
        return self.real.from_address

    async def send(self, mail: OutgoingMail) -> MailReceipt:
        await self.handing_over()
        return await self.real.send(mail)


@dataclass
class _Transport:
    """The real transport: `opening` runs as its session opens (the message claimed, before its
    last look), `handing_over` as a mail is handed to the session."""

    real: MailTransport
    opening: Hook
    handing_over: Hook

    @property
    def from_address(self) -> str:
        return self.real.from_address

    async def send(self, mail: OutgoingMail) -> MailReceipt:
        return await self.real.send(mail)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[MailSender]:
        await self.opening()
        async with self.real.session() as sender:
            yield _Sender(sender, self.handing_over)


@dataclass
class _Transports:
    real: MailTransports
    opening: Hook
    handing_over: Hook

    def default(self) -> MailTransport:
        return _Transport(self.real.default(), self.opening, self.handing_over)

    async def tenant_server(self, server: SmtpServer) -> MailTransport:
        transport = await self.real.tenant_server(server)
        return _Transport(transport, self.opening, self.handing_over)

    async def check(self, server: SmtpServer) -> str | None:
        return await self.real.check(server)


async def _nothing() -> None:
    return None


@dataclass
class _Once:
    hook: Hook
    done: list[bool] = field(default_factory=list)

    async def __call__(self) -> None:
        if not self.done:
            self.done.append(True)
            await self.hook()


class _CommitsWhenLet:
    """The real unit of work, which commits only once `let` is set (`written` is set when its
    work is done and the commit would start)."""

    def __init__(self, real: UnitOfWork, written: asyncio.Event, let: asyncio.Event) -> None:
        self._real, self._written, self._let = real, written, let

    async def __aenter__(self) -> UnitOfWork:
        return await self._real.__aenter__()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._written.set()
        await self._let.wait()
        await self._real.__aexit__(exc_type, exc, tb)


Stop = Callable[[World, Units, UUID, str], Awaitable[tuple[SentMessage, ...]]]
"""A stop as the owner sets it, in the units given: the messages its answer names going out."""


async def _invoice_id(world: World, tenant: UUID, number: str) -> UUID:
    async with world.container.database.unit_of_work() as uow:
        return (await uow.tenant(tenant).invoices.by_lexoffice_id(number)).id


async def _pause_invoice(
    world: World, units: Units, tenant: UUID, lexoffice_id: str
) -> tuple[SentMessage, ...]:
    invoice = await _invoice_id(world, tenant, lexoffice_id)
    view = await set_invoice_pause(units, tenant, invoice, STOP, world.clock.now())
    return view.going_out


async def _pause_contact(
    world: World, units: Units, tenant: UUID, lexoffice_id: str
) -> tuple[SentMessage, ...]:
    async with world.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant)
        customer = (await store.invoices.by_lexoffice_id(lexoffice_id)).invoice.contact_id
        assert customer is not None
        contact_id = (await store.contacts.get(customer)).id
    view = await set_contact_pause(units, tenant, contact_id, STOP, world.clock.now())
    return view.going_out


async def _pause_tenant(
    world: World, units: Units, tenant: UUID, lexoffice_id: str
) -> tuple[SentMessage, ...]:
    return (await pause_tenant(units, tenant, "Betriebsurlaub", None, world.clock.now())).going_out


async def _deactivate(
    world: World, units: Units, tenant: UUID, lexoffice_id: str
) -> tuple[SentMessage, ...]:
    return await deactivate(replace(world.container.dunning, units=units), tenant, "owner")


STOPS: dict[str, tuple[Stop, str]] = {
    "invoice paused": (_pause_invoice, PAUSED_MEANWHILE),
    "contact paused": (_pause_contact, PAUSED_MEANWHILE),
    "tenant paused": (_pause_tenant, PAUSED_MEANWHILE),
    "deactivated": (_deactivate, NOT_ACTIVATED),
}


async def _a_look_waits_for(world: World, handed_over: asyncio.Event) -> None:
    """Until the message's last look waits for the stop in progress (on PostgreSQL: a lock
    requested and not granted; without the look's lock, what the sending after it wrote may be
    what waits), or the message is handed over without waiting (the race lost).
    On SQLite the stop holds the one writer's lock: the look's transaction cannot start before
    it commits, so the stop commits at once."""
    if not isinstance(world.container.database.engine, PostgresEngine):
        return
    waiting = (
        "SELECT count(*) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE NOT l.granted AND a.datname = current_database()"
    )
    while not handed_over.is_set():
        if (await TenantRow.raw(waiting))[0]["n"]:
            return
        await asyncio.sleep(0.01)


async def _one_invoice(world: World, name: str) -> tuple[UUID, str]:
    """One R1 by e-mail (RE-1, 5 days overdue)."""
    tenant, org = await _tenant(world, name)
    lexoffice_id = _invoice(world, org, "RE-1", _ago(5))
    await _sync(world, tenant)
    return tenant, lexoffice_id


@pytest.mark.parametrize("stop", list(STOPS))
async def test_a_stop_in_progress_during_the_last_look_is_found_and_nothing_is_mailed(
    world: World, stop: str
) -> None:
    stopping, outcome = STOPS[stop]
    tenant, lexoffice_id = await _one_invoice(world, "Bäckerei Sonnenschein GmbH")
    real_units = world.container.database.unit_of_work
    written, let, handed_over = asyncio.Event(), asyncio.Event(), asyncio.Event()
    answer: list[asyncio.Task[tuple[SentMessage, ...]]] = []

    def held_units() -> UnitOfWork:
        return _CommitsWhenLet(real_units(), written, let)  # type: ignore[return-value]

    async def start_stopping() -> None:  # the claim is taken, its last look comes next
        answer.append(asyncio.create_task(stopping(world, held_units, tenant, lexoffice_id)))
        await written.wait()

        async def release() -> None:
            await _a_look_waits_for(world, handed_over)
            let.set()

        answer.append(asyncio.create_task(release()))  # type: ignore[arg-type]

    async def reached() -> None:
        handed_over.set()

    mail = _Transports(world.container.dunning.mail, _Once(start_stopping), reached)
    report = await run_cycle(world.ports(mail=mail), tenant)
    await answer[1]

    assert world.sink.messages == []
    assert _outcomes(report) == {"RE-1": ("R1", outcome)}
    assert await answer[0] == ()
    assert await _messages(world, tenant) == []


@pytest.mark.parametrize("stop", list(STOPS))
async def test_a_stop_after_the_last_look_answers_with_the_message_going_out(
    world: World, stop: str
) -> None:
    stopping, _ = STOPS[stop]
    tenant, lexoffice_id = await _one_invoice(world, "Metzgerei Huber KG")
    answers: list[tuple[SentMessage, ...]] = []

    async def stop_now() -> None:
        units = world.container.database.unit_of_work
        answers.append(await stopping(world, units, tenant, lexoffice_id))

    mail = _Transports(world.container.dunning.mail, _nothing, _Once(stop_now))
    report = await run_cycle(world.ports(mail=mail), tenant)

    assert _outcomes(report) == {"RE-1": ("R1", "sent")}
    assert len(world.sink.messages) == 1
    [going_out] = answers
    invoice = await _invoice_id(world, tenant, lexoffice_id)
    assert [(m.invoice_id, m.level, m.channel, m.state) for m in going_out] == [
        (invoice, Level.R1, Channel.EMAIL, MessageState.SENDING)
    ]
    [stored] = await _messages(world, tenant)
    assert (stored.state, stored.going_out_at) == (MessageState.SENT, going_out[0].going_out_at)


async def test_an_invoice_paused_during_the_last_look_of_its_customers_one_message_holds_it(
    world: World,
) -> None:
    """RE-1 (R1) and RE-2 (M1) of one customer in one e-mail: RE-2 paused while the look runs
    stops the whole message (its text names both); RE-1 is due again on the next run."""
    tenant, org = await _tenant(world, "Gärtnerei Blum", one_message_per_customer=True)
    customer = _contact(world, org, "Anna")
    _invoice(world, org, "RE-1", _ago(5), contactId=customer)
    paused = _invoice(world, org, "RE-2", _ago(20), contactId=customer)
    await _sync(world, tenant)
    real_units = world.container.database.unit_of_work
    written, let, handed_over = asyncio.Event(), asyncio.Event(), asyncio.Event()
    tasks: list[asyncio.Task[Any]] = []

    async def start_stopping() -> None:
        def held_units() -> UnitOfWork:
            return _CommitsWhenLet(real_units(), written, let)  # type: ignore[return-value]

        tasks.append(asyncio.create_task(_pause_invoice(world, held_units, tenant, paused)))
        await written.wait()

        async def release() -> None:
            await _a_look_waits_for(world, handed_over)
            let.set()

        tasks.append(asyncio.create_task(release()))

    async def reached() -> None:
        handed_over.set()

    mail = _Transports(world.container.dunning.mail, _Once(start_stopping), reached)
    report = await run_cycle(world.ports(mail=mail), tenant)
    await tasks[1]

    assert world.sink.messages == []
    assert _outcomes(report) == {"RE-1": ("R1", PART_PAUSED), "RE-2": ("M1", PAUSED_MEANWHILE)}
    assert await tasks[0] == ()
    assert await _messages(world, tenant) == []


async def test_an_invoice_paused_while_its_customers_one_message_is_handed_over_is_named(
    world: World,
) -> None:
    tenant, org = await _tenant(world, "Gärtnerei Blum", one_message_per_customer=True)
    customer = _contact(world, org, "Anna")
    _invoice(world, org, "RE-1", _ago(5), contactId=customer)
    paused = _invoice(world, org, "RE-2", _ago(20), contactId=customer)
    await _sync(world, tenant)
    answers: list[tuple[SentMessage, ...]] = []

    async def stop_now() -> None:
        units = world.container.database.unit_of_work
        answers.append(await _pause_invoice(world, units, tenant, paused))

    mail = _Transports(world.container.dunning.mail, _nothing, _Once(stop_now))
    report = await run_cycle(world.ports(mail=mail), tenant)

    assert {number: line[1] for number, line in _outcomes(report).items()} == {
        "RE-1": "sent (one message)",
        "RE-2": "sent (one message)",
    }
    assert len(world.sink.messages) == 1
    [going_out] = answers
    invoice = await _invoice_id(world, tenant, paused)
    assert [(m.invoice_id, m.level) for m in going_out] == [(invoice, Level.M1)]


async def test_a_deactivation_in_progress_during_a_letters_last_look_posts_nothing(
    world: World,
) -> None:
    """RE-3 (M2) by post: the owner deactivates while its document is laid out (after the
    claim), and the deactivation commits only once the letter's last look waits for it."""
    tenant, org = await _tenant(world, "Metzgerei Huber KG")
    _invoice(world, org, "RE-3", _ago(35))
    await _sync(world, tenant)
    real_units = world.container.database.unit_of_work
    written, let, cycle_done = asyncio.Event(), asyncio.Event(), asyncio.Event()
    tasks: list[asyncio.Task[Any]] = []

    async def start_stopping() -> None:
        def held_units() -> UnitOfWork:
            return _CommitsWhenLet(real_units(), written, let)  # type: ignore[return-value]

        tasks.append(asyncio.create_task(_deactivate(world, held_units, tenant, "")))
        await written.wait()

        async def release() -> None:
            await _a_look_waits_for(world, cycle_done)
            let.set()

        tasks.append(asyncio.create_task(release()))

    renderer = world.container.dunning.renderer
    assert renderer is not None
    laying_out = _LayingOut(renderer, _Once(start_stopping))
    report = await run_cycle(world.ports(renderer=laying_out), tenant)
    cycle_done.set()  # the look did not wait (the race lost): the letter was posted
    await tasks[1]

    assert world.postal.letters() == []
    assert _outcomes(report) == {"RE-3": ("M2", NOT_ACTIVATED)}
    assert await tasks[0] == ()
    assert await _messages(world, tenant) == []
