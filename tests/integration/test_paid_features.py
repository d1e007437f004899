"""Issue 15, finding 13: a paid feature unlocks once it is paid, and not during the trial for
free; a Mahnstopp cannot end in the past and says which pause it replaced. Against the
payments sandbox over HTTP (the World of test_billing)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from automahntion.app.billing.usage import run_billing
from automahntion.app.tenants.records import Tenant
from automahntion.domain.calendar import berlin_today
from tests.integration import test_billing
from tests.integration.helpers import contact, invoice
from tests.integration.lexoffice_env import eventually
from tests.integration.test_billing import (
    API_KEY,
    FAILING_IBAN,
    GOOD_IBAN,
    PAST_TRIAL,
    World,
    _mandate,
)

payments = test_billing.payments
billing_server = test_billing.billing_server
world = test_billing.world


def _addon_unlocked(api: httpx.Client) -> bool:
    unlocked: bool = api.get("/v1/subscription").json()["smtpAddon"]
    return unlocked


async def test_a_failed_addon_charge_unlocks_nothing_until_a_retry_pays_it(world: World) -> None:
    _, api = await world.tenant(PAST_TRIAL)
    _mandate(api, FAILING_IBAN)
    bought = api.post("/v1/subscription/smtp-addon")
    assert bought.status_code == 201, bought.text
    assert bought.json()["status"] == "failed"
    assert not _addon_unlocked(api)

    _mandate(api, GOOD_IBAN)
    retried = api.post(f"/v1/billing/invoices/{bought.json()['id']}/retry")
    assert retried.json()["status"] == "paid", retried.text
    assert _addon_unlocked(api)


async def test_the_payment_webhook_unlocks_an_addon_paid_later(world: World) -> None:
    tenant, api = await world.tenant(PAST_TRIAL)
    _mandate(api, FAILING_IBAN)
    bought = api.post("/v1/subscription/smtp-addon").json()
    assert (bought["status"], _addon_unlocked(api)) == ("failed", False)
    _mandate(api, GOOD_IBAN)

    [provider_invoice] = world.payments.invoices_of(tenant)
    paid = world.payments.http.post(
        f"/v1/invoices/{provider_invoice['id']}/pay",
        headers={"Authorization": f"Bearer {API_KEY}"},
    )
    assert paid.status_code == 200, paid.text
    await eventually(lambda: _addon_unlocked(api))
    listed = api.get("/v1/billing/invoices").json()["items"]
    assert [(c["id"], c["status"]) for c in listed] == [(bought["id"], "paid")]


async def test_an_addon_bought_in_the_trial_is_charged_when_the_trial_ends(world: World) -> None:
    today = berlin_today(world.clock.now())
    tenant, api = await world.tenant(today + timedelta(days=5))
    _mandate(api, GOOD_IBAN)
    bought = api.post("/v1/subscription/smtp-addon")
    assert bought.status_code == 201, bought.text
    assert (bought.json()["status"], bought.json()["amountCents"]) == ("pending", 3995)
    assert api.post("/v1/subscription/smtp-addon").status_code == 409
    assert world.payments.invoices_of(tenant) == []
    assert not _addon_unlocked(api)

    assert (await run_billing(world.ports, tenant.id)).trial_purchases == []
    assert world.payments.invoices_of(tenant) == []

    world.at(today + timedelta(days=6))
    report = await run_billing(world.ports, tenant.id)
    assert [c.status.value for c in report.trial_purchases] == ["paid"]
    assert (await run_billing(world.ports, tenant.id)).trial_purchases == []
    addon = [i for i in world.payments.invoices_of(tenant) if i["subscription"] is None]
    assert [(i["total"], i["status"]) for i in addon] == [(3995, "paid")]
    assert _addon_unlocked(api)


async def _invoice_and_contact(world: World, tenant: Tenant) -> tuple[str, str]:
    async with world.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert([contact("c-1")])
        await store.invoices.upsert([invoice("RE-1")], world.clock.now())
        stored = await store.invoices.by_lexoffice_id("lx-RE-1")
        known = await store.contacts.get("c-1")
    return str(stored.id), str(known.id)


def _put_pause(api: httpx.Client, path: str, until: date | None, reason: str) -> httpx.Response:
    body: dict[str, Any] = {"reason": reason}
    if until is not None:
        body["until"] = until.isoformat()
    return api.put(path, json=body)


async def test_a_pause_cannot_end_in_the_past_and_names_the_pause_it_replaced(
    world: World,
) -> None:
    tenant, api = await world.tenant(PAST_TRIAL)
    invoice_id, contact_id = await _invoice_and_contact(world, tenant)
    today = berlin_today(world.clock.now())
    for path in (f"/v1/invoices/{invoice_id}/pause", f"/v1/contacts/{contact_id}/pause"):
        past = _put_pause(api, path, today - timedelta(days=1), "Ratenzahlung")
        assert past.status_code == 409, past.text
        assert past.headers["content-type"].startswith("application/problem+json")
        assert [e["field"] for e in past.json()["errors"]] == ["until"]

        first = _put_pause(api, path, today + timedelta(days=10), "Ratenzahlung")
        assert first.status_code == 200, first.text
        assert first.json()["replaced"] is None
        second = _put_pause(api, path, today, "Reklamation")
        assert second.status_code == 200, second.text
        assert second.json()["replaced"] == {
            "reason": "Ratenzahlung",
            "until": (today + timedelta(days=10)).isoformat(),
        }
        assert second.json()["pause"]["reason"] == "Reklamation"
        same = _put_pause(api, path, today, "Reklamation")
        assert same.json()["replaced"] is None
