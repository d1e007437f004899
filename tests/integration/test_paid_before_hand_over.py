"""A payment lexoffice tells of (its callback, or a sync) after the day's payment re-check and
before a message's hand-over stops the message: the re-check reads lexoffice in batches up to a
minute old, and a reminder for an invoice we already know is paid must not go out (rule 3's
freshness gate: "or confirmed by a lexoffice event newer than the last sync").

On PostgreSQL and SQLite, with the real SMTP server, the lexoffice sandbox and the app's own use
cases; the payment is recorded while the message is claimed, before its last look."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from automahntion.app.dunning import run_cycle
from automahntion.app.dunning.report import HANDED_OVER_MEANWHILE, PAID_MEANWHILE, PART_PAID
from automahntion.app.invoices.overview import set_handed_over
from automahntion.app.lexoffice.events import process
from automahntion.app.lexoffice.ports import LexofficeEvent
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
from tests.integration.test_stop_at_hand_over import _nothing, _Once, _Transports


def _paying(world: World, org: dict[str, Any], tenant: UUID, voucher: str, amount: float) -> Any:
    """The customer pays in lexoffice and lexoffice's callback is worked off (`process`)."""

    async def pay() -> None:
        oid = org["organizationId"]
        path = f"/organizations/{oid}/vouchers/{voucher}/payments"
        world.sandbox.control("POST", path, json={"amount": amount})
        event = LexofficeEvent(oid, "payment.changed", voucher, "2026-11-27T10:00:00Z")
        container = world.container
        units = container.database.unit_of_work
        await process(units, container.gateways, tenant, event, world.clock)

    return pay


async def test_a_payment_recorded_after_the_re_check_stops_the_message(world: World) -> None:
    tenant, org = await _tenant(world, "Bäckerei Morgenrot GmbH")
    voucher = _invoice(world, org, "RE-1", _ago(5))
    await _sync(world, tenant)

    pay = _paying(world, org, tenant, voucher, 119.0)
    mail = _Transports(world.container.dunning.mail, _Once(pay), _nothing)
    report = await run_cycle(world.ports(mail=mail), tenant)

    assert world.sink.messages == []
    assert _outcomes(report) == {"RE-1": ("R1", PAID_MEANWHILE)}
    assert await _messages(world, tenant) == []


async def test_an_invoice_paid_before_the_hand_over_of_its_customers_one_message_holds_it(
    world: World,
) -> None:
    """RE-1 and RE-2 of one customer in one e-mail: RE-2 paid meanwhile stops the whole message
    (its text names both); RE-1 is due again on the next run."""
    tenant, org = await _tenant(world, "Gärtnerei Lindner", one_message_per_customer=True)
    customer = _contact(world, org, "Anna")
    _invoice(world, org, "RE-1", _ago(5), contactId=customer)
    paid = _invoice(world, org, "RE-2", _ago(20), contactId=customer)
    await _sync(world, tenant)

    pay = _paying(world, org, tenant, paid, 119.0)
    mail = _Transports(world.container.dunning.mail, _Once(pay), _nothing)
    report = await run_cycle(world.ports(mail=mail), tenant)

    assert world.sink.messages == []
    assert {line.invoice_number: line.outcome for line in report.lines} == {
        "RE-1": PART_PAID,
        "RE-2": PAID_MEANWHILE,
    }
    assert await _messages(world, tenant) == []


async def test_a_part_payment_told_before_the_hand_over_waits_for_the_next_run(
    world: World,
) -> None:
    """The message would ask for more than is open now: not sent; the next run re-checks and
    asks for what is left."""
    tenant, org = await _tenant(world, "Metzgerei Brandl")
    voucher = _invoice(world, org, "RE-1", _ago(5))
    await _sync(world, tenant)

    pay = _paying(world, org, tenant, voucher, 19.0)
    mail = _Transports(world.container.dunning.mail, _Once(pay), _nothing)
    first = await run_cycle(world.ports(mail=mail), tenant)
    again = await run_cycle(world.ports(), tenant)

    assert _outcomes(first) == {"RE-1": ("R1", PAID_MEANWHILE)}
    assert _outcomes(again) == {"RE-1": ("R1", "sent")}
    [sent] = world.sink.messages
    assert "100,00" in sent.message.get_body(preferencelist=("plain",)).get_content()


async def test_an_invoice_handed_over_after_its_claim_is_not_mailed(world: World) -> None:
    """The owner hands the invoice over (to a collection agency) while the day's cycle runs: the
    hand-over is immediate, as a pause is."""
    tenant, org = await _tenant(world, "Schreinerei Holzwurm")
    _invoice(world, org, "RE-1", _ago(5))
    await _sync(world, tenant)

    async def hand_over() -> None:
        units = world.container.database.unit_of_work
        async with units() as uow:
            [stored] = await uow.tenant(tenant).invoices.all()
        await set_handed_over(units, tenant, stored.id, True, world.clock.now())

    mail = _Transports(world.container.dunning.mail, _Once(hand_over), _nothing)
    report = await run_cycle(world.ports(mail=mail), tenant)

    assert world.sink.messages == []
    assert _outcomes(report) == {"RE-1": ("R1", HANDED_OVER_MEANWHILE)}
    assert await _messages(world, tenant) == []
