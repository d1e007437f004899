"""Conditional GETs of `/v1/invoices` on both engines: the `ETag` is the tenant's list version
and the day; every kind of write that changes what the list shows changes it, in the writing
transaction; another tenant's writes and mere reads leave it; a match is answered 304."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta

import httpx

from automahntion.api import scopes
from automahntion.app.invoices.records import AdmissionState, AdmissionUpdate
from automahntion.app.messages.records import Claim
from automahntion.app.storage import TenantStore
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.domain.day_plan import Channel
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.levels import Level, default_levels
from automahntion.domain.pauses import Pause
from automahntion.domain.recipients import BlockReason, Contact, EmailAddresses
from tests.integration.api_callers import Callers, bearer, new_api_key
from tests.integration.helpers import NOW, TODAY, contact, invoice

pytest_plugins = ["tests.integration.api_callers"]

Write = Callable[[TenantStore], Awaitable[object]]


async def _list(callers: Callers, etag: str | None = None, token: str = "") -> httpx.Response:
    headers = bearer(token or callers.api_key)
    if etag is not None:
        headers["If-None-Match"] = etag
    return await callers.http.get("/v1/invoices", headers=headers)


async def _etag(callers: Callers) -> str:
    answer = await _list(callers)
    assert answer.status_code == 200, answer.text
    return answer.headers["etag"]


async def _write(callers: Callers, tenant_id: uuid.UUID, write: Write) -> None:
    async with callers.container.database.unit_of_work() as uow:
        await write(uow.tenant(tenant_id))


async def _one_invoice(callers: Callers) -> uuid.UUID:
    async def sync(store: TenantStore) -> None:
        await store.contacts.upsert([contact("c-1")])
        await store.invoices.upsert([invoice("RE-1")], NOW)

    await _write(callers, callers.tenant_id, sync)
    async with callers.container.database.unit_of_work() as uow:
        return (await uow.tenant(callers.tenant_id).invoices.by_lexoffice_id("lx-RE-1")).id


async def test_a_matching_etag_is_answered_304_without_a_body(callers: Callers) -> None:
    await _one_invoice(callers)
    etag = await _etag(callers)
    assert etag == await _etag(callers)
    for held in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        answer = await _list(callers, held)
        assert answer.status_code == 304, held
        assert answer.content == b""
        assert answer.headers["etag"] == etag
    assert (await _list(callers, '"0-1999-01-01"')).status_code == 200
    widget = await callers.widget(scopes.INVOICES_READ)
    assert (await _list(callers, etag, widget)).status_code == 304


async def test_every_kind_of_write_to_what_the_list_shows_changes_the_etag(
    callers: Callers,
) -> None:
    invoice_id = await _one_invoice(callers)
    await _write(callers, callers.tenant_id, lambda s: s.account.set_activated(NOW))
    claim = Claim(invoice_id, Level.R1, Channel.EMAIL, "<r1@x>", TODAY, NOW)
    claimed: list[uuid.UUID] = []

    async def claim_level(store: TenantStore) -> None:
        claimed.append((await store.messages.claim(claim)).id)

    async def mark_sent(store: TenantStore) -> None:
        await store.messages.mark_sent(
            claimed[0], at=NOW, recipient_domain="x", transport_message_id=None, content_sha256=None
        )

    renamed = Contact("c-1", "Café Abendrot", EmailAddresses(business=("a@x.example",)))
    writes: dict[str, Write] = {
        "a new invoice from lexoffice": lambda s: s.invoices.upsert([invoice("RE-2")], NOW),
        "a payment": lambda s: s.invoices.upsert(
            [invoice("RE-1", open_cents=0, status=InvoiceStatus.PAID)], NOW
        ),
        "admission": lambda s: s.invoices.apply_admission(
            [AdmissionUpdate("lx-RE-2", AdmissionState.WAITING, None)], NOW
        ),
        "a block": lambda s: s.invoices.apply_admission(
            [AdmissionUpdate("lx-RE-2", AdmissionState.NONE, BlockReason.MISSING_EMAIL)], NOW
        ),
        "the customer's name": lambda s: s.contacts.upsert([renamed]),
        "a claimed level": claim_level,  # before any pause, which would refuse it
        "a sent level": mark_sent,
        "the customer's pause": lambda s: s.contacts.set_pause("c-1", Pause("Urlaub", None)),
        "the levels": lambda s: s.levels.replace_settings(
            [replace(level, days_after_due=level.days_after_due + 1) for level in default_levels()]
        ),
        "the tenant's pause": lambda s: s.account.set_pause(Pause("Inventur", None)),
    }
    etag = await _etag(callers)
    for kind, write in writes.items():
        await _write(callers, callers.tenant_id, write)
        changed = await _etag(callers)
        assert changed != etag, kind
        assert (await _list(callers, etag)).status_code == 200, kind
        etag = changed

    paused = await callers.http.put(
        f"/v1/invoices/{invoice_id}/pause", json={}, headers=bearer(callers.api_key)
    )
    assert paused.status_code == 200, paused.text
    assert await _etag(callers) != etag


async def test_another_tenants_writes_and_reads_leave_the_etag(callers: Callers) -> None:
    await _one_invoice(callers)
    units = callers.container.database.unit_of_work
    other = await create_tenant(
        units, NewTenant("Optik Rund", "chef@rund.example"), callers.clock.now(), new_api_key()
    )
    etag = await _etag(callers)
    await _write(
        callers,
        other.tenant.id,
        lambda s: s.invoices.upsert([invoice("RE-1"), invoice("RE-9")], NOW),
    )
    await _write(callers, other.tenant.id, lambda s: s.contacts.upsert([contact("c-1")]))
    await callers.http.get("/v1/contacts", headers=bearer(callers.api_key))
    assert (await _list(callers, etag)).status_code == 304


async def test_the_etag_changes_with_the_day(callers: Callers) -> None:
    await _one_invoice(callers)
    etag = await _etag(callers)
    callers.clock.current += timedelta(days=1)
    assert (await _list(callers, etag)).status_code == 200
    assert await _etag(callers) != etag


async def test_a_revoked_key_is_refused_at_once(callers: Callers) -> None:
    created = await callers.http.post(
        "/v1/api-keys", json={"name": "Kasse"}, headers=bearer(callers.api_key)
    )
    assert created.status_code == 201, created.text
    key, key_id = created.json()["apiKey"], created.json()["id"]
    etag = await _etag(callers)
    assert (await _list(callers, etag, key)).status_code == 304
    revoked = await callers.http.delete(f"/v1/api-keys/{key_id}", headers=bearer(callers.api_key))
    assert revoked.status_code == 204
    assert (await _list(callers, etag, key)).status_code == 401
