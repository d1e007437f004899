"""Rule 4: after M3 an invoice keeps its quota slot until it leaves the overdue set or the
tenant marks it handed over (e.g. to a collection agency), which ends dunning for it and frees
the slot at once. Taken back, it joins the queue again without displacing anyone."""

from __future__ import annotations

import uuid
from datetime import UTC

from automahntion.app.invoices.admission import refresh_admission
from automahntion.bootstrap.database import Database
from automahntion.domain.quota import Plan
from tests.integration.helpers import NOW, TODAY, contact, invoice
from tests.integration.in_process_api import InProcessApi
from tests.integration.test_updated_since import _mark


async def _book(api: InProcessApi) -> dict[str, str]:
    """Four overdue invoices, RE-0 due first, under a limit of 2: RE-0 and RE-1 are admitted."""
    async with api.container.database.unit_of_work() as uow:
        store = uow.tenant(api.tenant_id)
        await store.account.set_plan(Plan.STARTER, 2)
        await store.contacts.upsert([contact()])
        await store.invoices.upsert([invoice(f"RE-{n}", due_ago=60 - n) for n in range(4)], NOW)
        await refresh_admission(store, await store.account.get(), NOW)
        return {s.invoice.voucher_number: str(s.id) for s in await store.invoices.all()}


async def _admission(api: InProcessApi) -> dict[str, str]:
    response = await api.client.get("/v1/invoices", params={"limit": 10})
    assert response.status_code == 200, response.text
    return {i["number"]: i["admission"] for i in response.json()["items"]}


async def test_handing_over_frees_the_slot_at_once_and_taking_it_back_displaces_no_one(
    engine_api: InProcessApi,
) -> None:
    api = engine_api
    ids = await _book(api)
    assert await _admission(api) == {
        "RE-0": "admitted",
        "RE-1": "admitted",
        "RE-2": "waiting",
        "RE-3": "waiting",
    }

    handed = await api.client.put(f"/v1/invoices/{ids['RE-0']}/hand-over")

    assert handed.status_code == 200, handed.text
    body = handed.json()
    assert (body["admission"], body["handedOverOn"]) == ("none", TODAY.isoformat())
    assert await _admission(api) == {
        "RE-0": "none",
        "RE-1": "admitted",
        "RE-2": "admitted",
        "RE-3": "waiting",
    }
    again = await api.client.put(f"/v1/invoices/{ids['RE-0']}/hand-over")
    assert (again.status_code, again.json()["handedOverOn"]) == (200, TODAY.isoformat())

    taken_back = await api.client.delete(f"/v1/invoices/{ids['RE-0']}/hand-over")

    assert taken_back.status_code == 204, taken_back.text
    assert await _admission(api) == {
        "RE-0": "waiting",
        "RE-1": "admitted",
        "RE-2": "admitted",
        "RE-3": "waiting",
    }
    shown = (await api.client.get(f"/v1/invoices/{ids['RE-0']}")).json()
    assert shown["handedOverOn"] is None
    async with api.container.database.unit_of_work() as uow:
        audit = await uow.tenant(api.tenant_id).audit.entries()
    assert sorted(a.action for a in audit if a.subject == ids["RE-0"]) == [
        "invoice.handed_over",
        "invoice.taken_back",
    ]


async def test_handing_over_an_unknown_invoice_is_not_found(engine_api: InProcessApi) -> None:
    response = await engine_api.client.put(f"/v1/invoices/{uuid.uuid4()}/hand-over")

    assert response.status_code == 404, response.text
    assert response.headers["content-type"] == "application/problem+json"


async def _moment(database: Database) -> str:
    """A moment on the clock that stamps invoices (PostgreSQL's own, not faked with this
    process's), RFC 3339 with `Z`."""
    at = await _mark(database)
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


async def test_a_hand_over_that_changes_no_admission_is_listed_as_updated(
    engine_api: InProcessApi,
) -> None:
    """An invoice not yet due takes no slot: handing it over changes only `handedOverOn`,
    which `updatedSince` must still list."""
    api = engine_api
    async with api.container.database.unit_of_work() as uow:
        store = uow.tenant(api.tenant_id)
        await store.contacts.upsert([contact()])
        await store.invoices.upsert([invoice("RE-9", due_ago=-10)], NOW)
        [stored] = await store.invoices.all()
    before = await _moment(api.container.database)

    handed = await api.client.put(f"/v1/invoices/{stored.id}/hand-over")

    assert handed.status_code == 200, handed.text
    assert handed.json()["admission"] == "none"
    changed = await api.client.get("/v1/invoices", params={"updatedSince": before})
    assert [i["number"] for i in changed.json()["items"]] == ["RE-9"]
