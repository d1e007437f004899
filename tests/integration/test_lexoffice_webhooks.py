"""lexoffice callbacks at `POST /v1/webhooks/lexoffice`: signature first, then at once applied."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import httpx
import pytest

from automahntion.app.invoices.records import AdmissionState
from automahntion.app.lexoffice import connect
from automahntion.app.lexoffice.events import process
from automahntion.app.lexoffice.ports import LexofficeEvent
from automahntion.app.lexoffice.records import ConnectionStatus
from automahntion.app.lexoffice.sync import store_vouchers
from automahntion.bootstrap.web import create_app
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.recipients import BlockReason
from tests.integration.lexoffice_env import Service, eventually, sign


def _post(service: Service, body: bytes, signature: str | None) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Lxo-Signature"] = signature
    return httpx.post(
        service.api_url + "/v1/webhooks/lexoffice",
        content=body,
        headers=headers,
        trust_env=False,
        timeout=10,
    )


def _event(
    org: str, event_type: str, resource: str, date: str = "2026-11-27T10:00:00.000+01:00"
) -> bytes:
    return json.dumps(
        {"organizationId": org, "eventType": event_type, "resourceId": resource, "eventDate": date},
        separators=(",", ":"),
    ).encode()


async def _synced_tenant(service: Service) -> tuple[dict[str, Any], Any, dict[str, str]]:
    box = service.sandbox
    org = box.organization()
    cafe = box.contact(org["organizationId"], "Café", business=["a@cafe.example"])
    quiet = box.contact(org["organizationId"], "Kantine")
    ids = {
        "paid": box.voucher(
            org["organizationId"],
            voucherNumber="RE-1",
            dueDate="2026-11-01",
            totalAmount=100.0,
            contactId=cafe,
        ),
        "part": box.voucher(
            org["organizationId"],
            voucherNumber="RE-2",
            dueDate="2026-11-01",
            totalAmount=100.0,
            contactId=cafe,
        ),
        "quiet": box.voucher(
            org["organizationId"],
            voucherNumber="RE-3",
            dueDate="2026-11-01",
            totalAmount=10.0,
            contactId=quiet,
        ),
        "quiet_contact": quiet,
    }
    tenant = await service.connected_tenant(org)
    await service.sync(tenant)
    return org, tenant, ids


async def _invoices(service: Service, tenant: Any) -> dict[str, Any]:
    async with service.container.database.unit_of_work() as uow:
        return {i.invoice.voucher_number: i for i in await uow.tenant(tenant.id).invoices.all()}


async def test_a_payment_in_lexoffice_updates_the_invoice_at_once(service: Service) -> None:
    org, tenant, ids = await _synced_tenant(service)
    box = service.sandbox
    box.control(
        "POST",
        f"/organizations/{org['organizationId']}/vouchers/{ids['paid']}/payments",
        json={"amount": 100.0},
    )
    box.control(
        "POST",
        f"/organizations/{org['organizationId']}/vouchers/{ids['part']}/payments",
        json={"amount": 30.0},
    )

    async def applied() -> bool:
        stored = await _invoices(service, tenant)
        return (
            stored["RE-1"].invoice.status is InvoiceStatus.PAID
            and stored["RE-2"].invoice.open_cents == 7000
        )

    await eventually(applied)
    stored = await _invoices(service, tenant)
    assert stored["RE-1"].admission is AdmissionState.NONE
    assert stored["RE-2"].invoice.status is InvoiceStatus.OPEN


async def test_a_changed_contact_unblocks_its_invoice(service: Service) -> None:
    org, tenant, ids = await _synced_tenant(service)
    assert (await _invoices(service, tenant))["RE-3"].blocked is BlockReason.MISSING_EMAIL
    service.sandbox.control(
        "PATCH",
        f"/organizations/{org['organizationId']}/contacts/{ids['quiet_contact']}",
        json={"emailAddresses": {"business": ["kasse@kantine.example"]}},
    )

    async def unblocked() -> bool:
        return (await _invoices(service, tenant))["RE-3"].blocked is None

    await eventually(unblocked)
    assert (await _invoices(service, tenant))["RE-3"].admission is AdmissionState.ADMITTED


async def test_a_contact_changed_into_an_unreadable_one_blocks_and_keeps_what_was_read(
    service: Service,
) -> None:
    """A `contact.changed` whose contact lexoffice now gives unreadable (its e-mail addresses as
    text, not lists) blocks the contact's invoices; its name, addresses and postal address read
    before are kept, by the event and by the sync that reads it again (an unusable contact was
    written over them, emptied), and the next readable version unblocks it."""
    org, tenant, ids = await _synced_tenant(service)
    oid = org["organizationId"]
    cafe = (await _invoices(service, tenant))["RE-1"].invoice.contact_id
    assert cafe is not None
    units = service.container.database.unit_of_work
    async with units() as uow:
        [before] = (await uow.tenant(tenant.id).contacts.get_many([cafe])).values()
    path = f"/organizations/{oid}/records/{cafe}/malformed"
    service.sandbox.control("PUT", path, json={"set": {"emailAddresses": "a@cafe.example"}})
    event = LexofficeEvent(oid, "contact.changed", cafe, "2026-11-27T10:00:00.000+01:00")
    gateways = service.container.gateways
    assert await process(units, gateways, tenant.id, event, service.clock) == "contact updated"
    async with units() as uow:
        [after] = (await uow.tenant(tenant.id).contacts.get_many([cafe])).values()
    assert after.contact.unusable is not None
    assert "nicht lesbar" in after.contact.unusable
    assert (after.contact.name, after.contact.emails) == (
        before.contact.name,
        before.contact.emails,
    )
    assert after.postal_address == before.postal_address
    invoices = await _invoices(service, tenant)
    assert invoices["RE-1"].blocked is BlockReason.UNUSABLE_RECORD
    assert invoices["RE-3"].blocked is BlockReason.MISSING_EMAIL, "another contact's: as it was"
    await service.sync(tenant)  # reads the unusable contact again: still unreadable
    async with units() as uow:
        [synced] = (await uow.tenant(tenant.id).contacts.get_many([cafe])).values()
    assert synced.contact == after.contact
    service.sandbox.control("DELETE", path)
    assert await process(units, gateways, tenant.id, event, service.clock) == "contact updated"
    assert (await _invoices(service, tenant))["RE-1"].blocked is None
    assert ids["quiet_contact"] != cafe


async def test_forged_callbacks_get_401_and_change_nothing(service: Service) -> None:
    org, tenant, _ = await _synced_tenant(service)
    revoke = _event(org["organizationId"], "token.revoked", org["connectionId"])
    for signature in (None, "", sign(revoke + b" "), sign(b"something else")):
        refused = _post(service, revoke, signature)
        assert refused.status_code == 401
        assert refused.headers["content-type"].startswith("application/problem+json")
    async with service.container.database.unit_of_work() as uow:
        connection = await uow.tenant(tenant.id).connection.get()
    assert connection is not None
    assert connection.status is ConnectionStatus.CONNECTED


async def test_a_repeated_delivery_is_taken_once_and_unknown_organizations_ignored(
    service: Service,
) -> None:
    org, _, ids = await _synced_tenant(service)
    body = _event(org["organizationId"], "payment.changed", ids["paid"])
    first = _post(service, body, sign(body))
    again = _post(service, body, sign(body))
    stranger = _event("not-our-organization", "payment.changed", ids["paid"])
    unknown = _post(service, stranger, sign(stranger))
    assert (first.status_code, first.json()) == (200, {"accepted": True})
    assert (again.status_code, again.json()) == (200, {"accepted": False})
    assert (unknown.status_code, unknown.json()) == (200, {"accepted": False})


async def test_a_signed_body_that_is_not_an_event_is_a_422(service: Service) -> None:
    body = b'{"hello":"world"}'
    response = _post(service, body, sign(body))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"


async def test_signed_bodies_no_event_can_be_read_of_are_a_422_never_a_500(
    service: Service,
) -> None:
    """A UTF-16 body (which Python's JSON parser reads, but the job's copy of the body, taken as
    UTF-8, could not be) and one nested deeper than the parser goes were a 500: lexoffice would
    have retried them for days. An event type we do not know is taken (and ignored)."""
    org = service.sandbox.organization()
    await service.connected_tenant(org)
    event = json.loads(_event(org["organizationId"], "payment.changed", "r-1"))
    for body in (
        json.dumps(event).encode("utf-16"),
        b"[" * 100_000 + b"]" * 100_000,
    ):
        response = _post(service, body, sign(body))
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
    unknown = _event(org["organizationId"], "spaceship.launched", "r-1")
    assert _post(service, unknown, sign(unknown)).json() == {"accepted": True}


async def test_a_delivery_whose_job_could_not_be_queued_is_taken_again(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen is recorded with the enqueue: lexoffice's retry of a delivery answered with an
    error (here the job queue away once) is accepted and worked off, not dropped as a repeat."""
    org = service.sandbox.organization()
    tenant = await service.connected_tenant(org)
    jobs = service.container.jobs
    enqueue = jobs.enqueue
    tries: list[str] = []

    async def away_once(name: str, *args: str, job_id: str) -> bool:
        tries.append(job_id)
        if len(tries) == 1:
            raise ConnectionError("the job queue is away")
        return await enqueue(name, *args, job_id=job_id)

    monkeypatch.setattr(jobs, "enqueue", away_once)
    body = _event(org["organizationId"], "token.revoked", org["connectionId"])
    headers = {"Content-Type": "application/json", "X-Lxo-Signature": sign(body)}
    transport = httpx.ASGITransport(app=create_app(service.container))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as api:
        failed = await api.post("/v1/webhooks/lexoffice", content=body, headers=headers)
        retried = await api.post("/v1/webhooks/lexoffice", content=body, headers=headers)
        repeated = await api.post("/v1/webhooks/lexoffice", content=body, headers=headers)
    assert failed.status_code == 500
    assert (retried.status_code, retried.json()) == (200, {"accepted": True})
    assert (repeated.status_code, repeated.json()) == (200, {"accepted": False})

    async def disconnected() -> bool:
        async with service.container.database.unit_of_work() as uow:
            connection = await uow.tenant(tenant.id).connection.get()
        return connection is not None and connection.status is ConnectionStatus.DISCONNECTED

    await eventually(disconnected)


async def test_an_organization_connected_again_by_another_tenant_reaches_that_tenant(
    service: Service,
) -> None:
    """The tenant that disconnected keeps its row (with the organization) for its history; the
    callbacks of that organization belong to the tenant connected to it now."""
    org = service.sandbox.organization()
    earlier = await service.connected_tenant(org)
    units = service.container.database.unit_of_work
    await connect.disconnect(units, None, earlier.id, service.clock.now())
    now_connected = await service.connected_tenant(org)
    body = _event(org["organizationId"], "token.revoked", org["connectionId"])
    headers = {"Content-Type": "application/json", "X-Lxo-Signature": sign(body)}
    transport = httpx.ASGITransport(app=create_app(service.container))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as api:
        taken = await api.post("/v1/webhooks/lexoffice", content=body, headers=headers)
    assert (taken.status_code, taken.json()) == (200, {"accepted": True})

    async def disconnected() -> bool:
        async with units() as uow:
            connection = await uow.tenant(now_connected.id).connection.get()
        return connection is not None and connection.status is ConnectionStatus.DISCONNECTED

    await eventually(disconnected)


async def test_a_revocation_of_another_connection_leaves_the_tenant_connected(
    service: Service,
) -> None:
    """`resourceId` is the connection whose tokens were revoked: a late event for a connection
    the tenant replaced by connecting again must not cut the one it uses now."""
    org, tenant, _ = await _synced_tenant(service)
    late = LexofficeEvent(
        org["organizationId"], "token.revoked", "an-earlier-connection", "2026-11-27T10:00:00Z"
    )
    units = service.container.database.unit_of_work
    done = await process(units, service.container.gateways, tenant.id, late, service.clock)
    async with units() as uow:
        connection = await uow.tenant(tenant.id).connection.get()
    assert done == "ignored: another connection's tokens"
    assert connection is not None
    assert connection.status is ConnectionStatus.CONNECTED


class _SyncWhileAsked:
    """The tenant's lexoffice, with a sync storing `changed` while a payment is asked for."""

    def __init__(self, service: Service, tenant: Any, changed: Any) -> None:
        self._service, self._tenant, self._changed = service, tenant, changed

    async def for_tenant(self, tenant_id: Any) -> Any:
        return _AskedDuringSync(self, await self._service.container.gateways.for_tenant(tenant_id))

    def with_token(self, bearer: str, limiter_key: str) -> Any:
        return self._service.container.gateways.with_token(bearer, limiter_key)

    async def store_the_change(self) -> None:
        async with self._service.container.database.unit_of_work() as uow:
            store = uow.tenant(self._tenant.id)
            now = self._service.clock.now()
            await store_vouchers(store, await store.account.get(), [self._changed], now)


class _AskedDuringSync:
    def __init__(self, gateways: _SyncWhileAsked, api: Any) -> None:
        self._gateways, self._api = gateways, api

    async def payment_state(self, voucher_id: str) -> Any:
        await self._gateways.store_the_change()
        return await self._api.payment_state(voucher_id)


async def test_a_payment_callback_keeps_what_a_sync_stored_while_lexoffice_was_asked(
    postgres_service: Service,
) -> None:
    service = postgres_service
    org, tenant, ids = await _synced_tenant(service)
    service.sandbox.control(
        "POST",
        f"/organizations/{org['organizationId']}/vouchers/{ids['part']}/payments",
        json={"amount": 30.0},
    )
    held = (await _invoices(service, tenant))["RE-2"].invoice
    moved = replace(held, due_date=date(2026, 11, 5), contact_id=ids["quiet_contact"])
    event = LexofficeEvent(
        org["organizationId"], "payment.changed", ids["part"], "2026-11-27T10:00:00Z"
    )
    units = service.container.database.unit_of_work
    gateways = _SyncWhileAsked(service, tenant, moved)

    assert await process(units, gateways, tenant.id, event, service.clock) == "invoice open"

    after = (await _invoices(service, tenant))["RE-2"].invoice
    assert after.open_cents == 7000
    assert (after.due_date, after.contact_id) == (date(2026, 11, 5), ids["quiet_contact"])
