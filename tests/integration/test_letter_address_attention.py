"""Rule 8 and "the tenant hears of trouble" for letters by post: an overdue invoice whose next
notice goes by post to a contact whose postal address cannot be printed was held by the cycle
and named only in the cycle's report lines — not on the attention list, not in the digest, so
the invoice stopped escalating without the owner learning of it. Now it is an attention item
(`letter_address_unprintable`) naming the invoice, the customer and what is wrong with the
address, named by the digest once, and gone once the address is mended in lexoffice and
synced."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from automahntion.app.mail.ports import MailTransports
from automahntion.app.review.attention import (
    AttentionItem,
    DigestPorts,
    attention_items,
    send_digest,
)
from automahntion.app.tenants.records import Tenant
from automahntion.domain.levels import CatchUp, Level, default_levels
from automahntion.domain.pauses import Pause
from tests.fakes.dunning import FakeSender
from tests.integration.lexoffice_env import Sandbox, Service, eventually

BERLIN = {"street": "Hauptstraße 1", "zip": "10115", "city": "Berlin", "countryCode": "DE"}


class _NoReply:
    def __init__(self) -> None:
        self.outbox = FakeSender()

    def default(self) -> FakeSender:
        return self.outbox


def _contact(box: Sandbox, org: str, name: str, address: dict[str, str] | None) -> str:
    body: dict[str, Any] = {
        "company": {"name": name},
        "emailAddresses": {"business": [f"buchhaltung@{name.split()[0].lower()}.example"]},
    }
    if address is not None:
        body["addresses"] = {"billing": [address]}
    return str(box.control("POST", f"/organizations/{org}/contacts", json=body)["id"])


async def _by_post(service: Service, tenant: Tenant) -> None:
    """The M-levels go by post; the highest level reached is sent first."""
    async with service.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        settings = (await store.account.get()).settings
        await store.account.save_settings(replace(settings, catch_up=CatchUp.HIGHEST))
        await store.levels.replace_settings(
            [
                replace(s, by_post=True) if s.level in (Level.M1, Level.M2, Level.M3) else s
                for s in default_levels()
            ]
        )


async def _attention(service: Service, tenant: Tenant) -> list[AttentionItem]:
    units = service.container.database.unit_of_work
    return await attention_items(units, tenant.id, service.container.clock.now())


async def test_a_letter_whose_address_cannot_be_printed_needs_attention_until_mended(
    service: Service,
) -> None:
    box = service.sandbox
    organization = box.organization()
    org = organization["organizationId"]
    kiosk = _contact(box, org, "Kiosk Ecke", {"city": "Berlin", "countryCode": "DE"})
    paused = _contact(box, org, "Kantine Nord", None)
    hotel = _contact(box, org, "Hotel Lindenhof", BERLIN)
    ids = {
        number: box.voucher(
            org, voucherNumber=number, dueDate=due, totalAmount=119.0, contactId=contact
        )
        for number, due, contact in (
            ("RE-1", "2026-11-12", kiosk),  # M1 due by post, no street and zip: attention
            ("RE-2", "2026-12-20", kiosk),  # not overdue yet
            ("RE-3", "2026-11-12", paused),  # no address, but the owner paused the invoice
            ("RE-4", "2026-11-12", hotel),  # printable
        )
    }
    tenant = await service.connected_tenant(organization)
    await _by_post(service, tenant)
    await service.sync(tenant)
    async with service.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        held = await store.invoices.by_lexoffice_id(ids["RE-3"])
        await store.invoices.set_pause(held.id, Pause("Ratenzahlung vereinbart"))

    items = await _attention(service, tenant)
    assert [(i.invoice_number, i.kind, i.level) for i in items] == [
        ("RE-1", "letter_address_unprintable", Level.M1)
    ], [i.detail for i in items]
    [item] = items
    assert "Rechnung RE-1 (Kiosk Ecke)" in item.detail
    assert "per Post" in item.detail
    assert "fehlt: Straße, PLZ" in item.detail

    mail = _NoReply()
    transports: MailTransports = mail  # type: ignore[assignment]
    ports = DigestPorts(
        service.container.database.unit_of_work, transports, service.container.clock, "x.example"
    )
    assert await send_digest(ports, tenant.id) == 1
    [digest] = mail.outbox.taken
    assert digest.text.count("Rechnung RE-1 ") == 1
    assert "fehlt: Straße, PLZ" in digest.text
    await service.sync(tenant)
    assert await send_digest(ports, tenant.id) == 0, "unchanged: not news again"
    assert len(mail.outbox.taken) == 1

    box.control(
        "PATCH", f"/organizations/{org}/contacts/{kiosk}", json={"addresses": {"billing": [BERLIN]}}
    )

    async def mended() -> bool:
        """lexoffice's `contact.changed` event brings the mended address in."""
        return await _attention(service, tenant) == []

    await eventually(mended)
    await service.sync(tenant)
    assert await _attention(service, tenant) == []
