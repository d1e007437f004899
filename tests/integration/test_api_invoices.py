"""The invoices, contacts and dunning preview of the API, against the lexoffice sandbox: filters,
cursor pages, tenant isolation, what a real cycle leaves, and a Mahnstopp that holds."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.app.dunning import run_cycle
from automahntion.app.lexoffice import connect
from automahntion.app.tenants.records import Tenant
from automahntion.bootstrap.settings import Settings
from automahntion.domain.levels import CatchUp
from automahntion.domain.quota import Plan
from tests.integration.lexoffice_env import Sandbox, Service, serving_api, settings_for
from tests.sandbox_server import free_port
from tests.smtp_sink import Sink

TODAY = "2026-11-27"


@pytest.fixture(scope="module")
def api_server(
    sandbox_url: str, sqlite_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Settings]]:
    """As `lexoffice_env.api_server`, with the dunning PDFs in a folder of this module's own:
    the test's cycle writes them and the server hands them out."""
    url = f"http://127.0.0.1:{free_port()}"
    settings = replace(
        settings_for(Sandbox(sandbox_url), sqlite_url, url),
        documents_dir=str(tmp_path_factory.mktemp("invoice-documents")),
    )
    with serving_api(settings):
        yield url, settings


async def _tenant(
    service: Service, org: dict[str, Any], *, limit: int | None = None, **changes: Any
) -> tuple[Tenant, str]:
    """A connected, synced tenant and its API key. Its sending hour is 23:00, out of reach of
    the server's own schedule during a test, so that only the test runs cycles."""
    key = "amk_" + uuid.uuid4().hex * 2
    tenant = await service.tenant(key)
    units = service.container.database.unit_of_work
    await connect.connect_api_key(
        units,
        service.container.gateways,
        tenant.id,
        org["apiKey"],
        now=service.container.clock.now(),
        webhook_url=service.container.webhook_url,
    )
    async with units() as uow:
        account = uow.tenant(tenant.id).account
        settings = (await account.get()).settings
        await account.save_settings(replace(settings, sending_hour=23, **changes))
        if limit is not None:
            await account.set_plan(Plan.STARTER, limit)
    await service.sync(tenant)
    return tenant, key


def _invoice(
    box: Sandbox, org: str, number: str, due: str, contact: str | None, **more: Any
) -> str:
    return box.voucher(
        org, voucherNumber=number, dueDate=due, totalAmount=119.0, contactId=contact, **more
    )


def _numbers(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["number"] for item in response.json()["items"]]


def _fields(response: httpx.Response, status: int = 422) -> set[str]:
    """The fields a refusal names: 422 for malformed input, 409 for a broken rule."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return {error["field"] for error in response.json()["errors"]}


def _walk(api: httpx.Client, path: str, limit: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": limit}
    while True:
        page = api.get(path, params=params)
        assert page.status_code == 200, page.text
        body = page.json()
        assert len(body["items"]) <= limit
        items += body["items"]
        if body["nextCursor"] is None:
            return items
        params = {"limit": limit, "cursor": body["nextCursor"]}


async def test_the_invoice_list_filters_and_its_cursor_walk(service: Service) -> None:
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    cafe = box.contact(oid, "Café Morgenrot", business=["buchhaltung@cafe.example"])
    hotel = box.contact(oid, "Hotel Lindenhof", office=["info@hotel.example"])
    silent = box.contact(oid, "Kantine Nord")
    _invoice(box, oid, "RE-101", "2026-11-02", cafe)
    _invoice(box, oid, "RE-102", "2026-11-05", hotel)
    _invoice(box, oid, "RE-103", "2026-11-05", cafe)
    _invoice(box, oid, "RE-104", "2026-11-10", hotel)
    _invoice(box, oid, "RE-105", "2026-11-12", silent)
    _invoice(box, oid, "RE-106", "2026-11-14", None)
    _invoice(box, oid, "RE-107", "2026-12-20", cafe)
    _invoice(box, oid, "RE-108", "2026-11-03", cafe, status="sepadebit")
    _, key = await _tenant(service, org, limit=2)
    with service.api(key) as api:
        walked = _walk(api, "/v1/invoices", limit=3)
        everything = api.get("/v1/invoices", params={"limit": 200}).json()
        still_open = api.get("/v1/invoices", params={"status": "open", "limit": 200})
        paid = api.get("/v1/invoices", params={"status": "paid"})
        sepa = api.get("/v1/invoices", params={"status": "sepadebit"})
        blocked = api.get("/v1/invoices", params={"blocked": "true", "limit": 200})
        unblocked = api.get("/v1/invoices", params={"blocked": "false", "limit": 200})
        waiting = api.get("/v1/invoices", params={"waiting": "true", "limit": 200})
        cafe_text = api.get("/v1/invoices", params={"q": "CAFÉ", "limit": 200})
        number_text = api.get("/v1/invoices", params={"q": "e-10", "limit": 2})
        nothing_sent = api.get("/v1/invoices", params={"level": "none", "limit": 200})
        at_r1 = api.get("/v1/invoices", params={"level": "R1"})
        combined = api.get("/v1/invoices", params={"waiting": "true", "q": "hotel"})
        beyond_the_end = api.get("/v1/invoices", params={"cursor": b"zzz".hex()})
        refused = {
            "cursor": api.get("/v1/invoices", params={"cursor": "!!!"}),
            "cursor ": api.get("/v1/invoices", params={"cursor": "abc"}),
            "level": api.get("/v1/invoices", params={"level": "X9"}),
            "blocked": api.get("/v1/invoices", params={"blocked": "vielleicht"}),
            "status": api.get("/v1/invoices", params={"status": "lost"}),
            "limit": api.get("/v1/invoices", params={"limit": 0}),
        }
    ordered = sorted(everything["items"], key=lambda i: (i["dueDate"], i["id"]))
    assert everything["items"] == ordered
    assert everything["nextCursor"] is None
    assert [i["id"] for i in walked] == [i["id"] for i in ordered]
    assert len({i["id"] for i in walked}) == len(walked) == 8
    by_number = {i["number"]: i for i in everything["items"]}
    first = by_number["RE-101"]
    assert first["customer"]["name"] == "Café Morgenrot"
    assert first["customer"]["lexofficeId"] == cafe
    assert (first["daysOverdue"], first["totalCents"], first["openCents"]) == (25, 11900, 11900)
    assert (first["kind"], first["currency"], first["voucherDate"]) == (
        "invoice",
        "EUR",
        "2026-10-01",
    )
    assert (first["admission"], first["blocked"], first["pause"]) == ("admitted", None, None)
    assert (first["levelsSent"], first["documents"]) == ([], [])
    assert by_number["RE-106"]["customer"] is None
    assert by_number["RE-107"]["daysOverdue"] == 0
    assert len(_numbers(still_open)) == 7
    assert {i["status"] for i in still_open.json()["items"]} == {"open"}
    assert _numbers(paid) == []
    assert _numbers(sepa) == ["RE-108"]
    assert _numbers(blocked) == ["RE-105", "RE-106"]
    assert {i["blocked"] for i in blocked.json()["items"]} == {"missing_email", "no_contact"}
    assert len(_numbers(unblocked)) == 6
    assert _numbers(waiting) == ["RE-103", "RE-104"]
    assert [by_number[n]["admission"] for n in ("RE-101", "RE-102")] == ["admitted"] * 2
    assert _numbers(cafe_text) == ["RE-101", "RE-108", "RE-103", "RE-107"]
    assert _numbers(number_text) == ["RE-101", "RE-108"]
    assert number_text.json()["nextCursor"] is not None
    assert len(_numbers(nothing_sent)) == 8
    assert _numbers(at_r1) == []
    assert _numbers(combined) == ["RE-104"]
    assert beyond_the_end.json() == {"items": [], "nextCursor": None}
    assert {name: _fields(r) for name, r in refused.items()} == {
        "cursor": {"cursor"},
        "cursor ": {"cursor"},
        "level": {"level"},
        "blocked": {"blocked"},
        "status": {"status"},
        "limit": {"limit"},
    }


async def test_another_tenants_invoices_and_contacts_are_not_found(service: Service) -> None:
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    cafe = box.contact(oid, "Café Morgenrot", business=["buchhaltung@cafe.example"])
    _invoice(box, oid, "RE-201", "2026-11-02", cafe)
    _, key = await _tenant(service, org)
    other_org = box.organization("Metzgerei Huber")
    _, other_key = await _tenant(service, other_org)
    with service.api(key) as api:
        invoice = api.get("/v1/invoices").json()["items"][0]
        contact = api.get("/v1/contacts").json()["items"][0]
        mine = api.get(f"/v1/invoices/{invoice['id']}")
    pause = {"reason": "Reklamation"}
    with service.api(other_key) as other:
        foreign = {
            "invoice": other.get(f"/v1/invoices/{invoice['id']}"),
            "unknown": other.get(f"/v1/invoices/{uuid.uuid4()}"),
            "invoice pause": other.put(f"/v1/invoices/{invoice['id']}/pause", json=pause),
            "invoice resume": other.delete(f"/v1/invoices/{invoice['id']}/pause"),
            "contact pause": other.put(f"/v1/contacts/{contact['id']}/pause", json=pause),
            "contact resume": other.delete(f"/v1/contacts/{contact['id']}/pause"),
        }
        others = (other.get("/v1/invoices").json(), other.get("/v1/contacts").json())
    assert mine.status_code == 200
    assert mine.json() == invoice
    assert {name: r.status_code for name, r in foreign.items()} == dict.fromkeys(foreign, 404)
    assert all(
        r.headers["content-type"].startswith("application/problem+json") for r in foreign.values()
    )
    assert others == ({"items": [], "nextCursor": None}, {"items": [], "nextCursor": None})
    with service.api(key) as api:
        assert api.get(f"/v1/invoices/{invoice['id']}").json()["pause"] is None


async def test_contacts_are_listed_by_name_in_pages(service: Service) -> None:
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    cafe = box.contact(oid, "café Morgenrot", private=["privat@cafe.example"])
    hotel = box.contact(oid, "Hotel Lindenhof", office=["info@hotel.example"])
    bakery = box.contact(oid, "Bäckerei Ost", business=["ost@baeckerei.example"])
    silent = box.contact(oid, "Kantine Nord")
    _invoice(box, oid, "RE-301", "2026-11-02", cafe)
    _invoice(box, oid, "RE-302", "2026-12-20", cafe)
    _invoice(box, oid, "RE-303", "2026-11-02", hotel, status="sepadebit")
    _invoice(box, oid, "RE-304", "2026-11-02", silent)
    paid_later = _invoice(box, oid, "RE-305", "2026-11-02", bakery)
    tenant, key = await _tenant(service, org)
    box.control(
        "POST", f"/organizations/{oid}/vouchers/{paid_later}/payments", json={"amount": 119}
    )
    await service.sync(tenant)
    with service.api(key) as api:
        walked = _walk(api, "/v1/contacts", limit=1)
        bad = api.get("/v1/contacts", params={"cursor": "bm9wZQ"})
    assert [(c["name"], c["email"], c["hasEmail"], c["openInvoices"]) for c in walked] == [
        ("Bäckerei Ost", "ost@baeckerei.example", True, 0),
        ("café Morgenrot", "privat@cafe.example", True, 2),
        ("Hotel Lindenhof", "info@hotel.example", True, 1),
        ("Kantine Nord", None, False, 1),
    ]
    assert {c["pause"] for c in walked} == {None}
    assert _fields(bad) == {"cursor"}


async def test_a_real_cycle_shows_the_levels_sent_and_their_documents(service: Service) -> None:
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    cafe = box.contact(oid, "Café Morgenrot", business=["buchhaltung@cafe.example"])
    _invoice(box, oid, "RE-401", "2026-10-28", cafe)
    _invoice(box, oid, "RE-402", "2026-11-20", cafe)
    _invoice(box, oid, "RE-403", "2026-12-20", cafe)
    tenant, key = await _tenant(service, org, catch_up=CatchUp.HIGHEST)
    with Sink() as sink:
        mail = SmtpMailTransports(
            sink.host, sink.port, "mahnung@automahntion.example", tls="none",
            allow_private_hosts=True,
        )  # fmt: skip
        report = await run_cycle(replace(service.container.dunning, mail=mail), tenant.id)
        assert [(line.invoice_number, line.level.value, line.outcome) for line in report.lines] == [
            ("RE-401", "M2", "sent"),
            ("RE-402", "R1", "sent"),
        ]
        assert len(sink.messages) == 2
    with service.api(key) as api:
        at_m2 = api.get("/v1/invoices", params={"level": "M2"})
        at_r1 = api.get("/v1/invoices", params={"level": "R1"})
        untouched = api.get("/v1/invoices", params={"level": "none"})
        notice = at_m2.json()["items"][0]
        download = api.get(notice["documents"][0]["download"])
        reminder = api.get(f"/v1/invoices/{at_r1.json()['items'][0]['id']}").json()
    assert (_numbers(at_m2), _numbers(at_r1), _numbers(untouched)) == (
        ["RE-401"],
        ["RE-402"],
        ["RE-403"],
    )
    [sent] = notice["levelsSent"]
    assert {k: sent[k] for k in ("level", "day", "channel", "state", "trackingCode")} == {
        "level": "M2",
        "day": TODAY,
        "channel": "email",
        "state": "sent",
        "trackingCode": None,
    }
    assert sent["sentAt"].startswith(TODAY)
    [document] = notice["documents"]
    assert (document["level"], document["state"]) == ("M2", "created")
    assert document["download"] == f"/v1/documents/{document['id']}"
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF")
    assert [(s["level"], s["state"]) for s in reminder["levelsSent"]] == [("R1", "sent")]
    assert reminder["documents"] == []


def _preview(api: httpx.Client, **params: str) -> dict[str, Any]:
    response = api.get("/v1/dunning/preview", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _planned(preview: dict[str, Any]) -> set[tuple[str, str]]:
    return {(i["number"], i["level"]) for m in preview["messages"] for i in m["invoices"]}


def _held(preview: dict[str, Any]) -> dict[str, str]:
    return {h["number"]: h["reason"] for h in preview["holds"]}


async def test_a_pause_holds_an_invoice_until_resumed(service: Service) -> None:
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    cafe = box.contact(oid, "Café Morgenrot", business=["buchhaltung@cafe.example"])
    hotel = box.contact(oid, "Hotel Lindenhof", office=["info@hotel.example"])
    _invoice(box, oid, "RE-501", "2026-11-20", cafe)
    _invoice(box, oid, "RE-502", "2026-11-20", hotel)
    _invoice(box, oid, "RE-503", "2026-11-26", hotel)
    tenant, key = await _tenant(service, org)
    units = service.container.database.unit_of_work
    box.clear_requests()
    with service.api(key) as api:
        ids = {i["number"]: i["id"] for i in api.get("/v1/invoices").json()["items"]}
        contacts = {c["name"]: c["id"] for c in api.get("/v1/contacts").json()["items"]}
        before = _preview(api)
        paused = api.put(
            f"/v1/invoices/{ids['RE-501']}/pause",
            json={"until": "2026-11-30", "reason": "Ratenzahlung vereinbart"},
        )
        hotel_paused = api.put(f"/v1/contacts/{contacts['Hotel Lindenhof']}/pause", json={})
        while_paused = _preview(api)
        after_the_end = _preview(api, date="2026-12-01")
        listed = api.get(f"/v1/invoices/{ids['RE-502']}").json()
    assert before["date"] == TODAY
    assert before["held"] is None
    assert _planned(before) == {("RE-501", "R1"), ("RE-502", "R1")}
    assert {(m["customer"], m["channel"], m["recipient"]) for m in before["messages"]} == {
        ("Café Morgenrot", "email", "buchhaltung@cafe.example"),
        ("Hotel Lindenhof", "email", "info@hotel.example"),
    }
    assert _held(before) == {"RE-503": "not_yet_due"}
    assert [h["nextLevel"] for h in before["holds"]] == ["R1"]
    assert paused.status_code == 200, paused.text
    assert paused.json()["pause"] == {
        "reason": "Ratenzahlung vereinbart",
        "until": "2026-11-30",
        "active": True,
    }
    assert hotel_paused.json()["pause"] == {"reason": "Mahnstopp", "until": None, "active": True}
    assert (paused.json()["goingOut"], hotel_paused.json()["goingOut"]) == ([], [])  # none sent
    assert listed["contactPause"] == hotel_paused.json()["pause"]
    assert _planned(while_paused) == set()
    assert _held(while_paused) == {"RE-501": "paused", "RE-502": "paused", "RE-503": "paused"}
    assert {h["number"]: h["pause"]["reason"] for h in while_paused["holds"]} == {
        "RE-501": "Ratenzahlung vereinbart",
        "RE-502": "Mahnstopp",
        "RE-503": "Mahnstopp",
    }
    assert after_the_end["date"] == "2026-12-01"
    assert _planned(after_the_end) == {("RE-501", "R1")}
    assert box.requests(oid) == []
    async with units() as uow:
        store = uow.tenant(tenant.id)
        assert await store.messages.for_invoices(list(ids.values())) == {}
        assert await store.documents.for_invoices(list(ids.values())) == {}
    with Sink() as sink:
        mail = SmtpMailTransports(
            sink.host, sink.port, "mahnung@automahntion.example", tls="none",
            allow_private_hosts=True,
        )  # fmt: skip
        ports = replace(service.container.dunning, mail=mail)
        held = await run_cycle(ports, tenant.id)
        with service.api(key) as api:
            resumed = api.delete(f"/v1/invoices/{ids['RE-501']}/pause")
            contact_resumed = api.delete(f"/v1/contacts/{contacts['Hotel Lindenhof']}/pause")
            after_resume = _preview(api)
        sent = await run_cycle(ports, tenant.id)
        recipients = [m.message["To"] for m in sink.messages]
    assert held.lines == []
    assert (resumed.status_code, contact_resumed.status_code) == (204, 204)
    assert _planned(after_resume) == {("RE-501", "R1"), ("RE-502", "R1")}
    assert sorted((line.invoice_number, line.outcome) for line in sent.lines) == [
        ("RE-501", "sent"),
        ("RE-502", "sent"),
    ]
    assert sorted(recipients) == ["buchhaltung@cafe.example", "info@hotel.example"]


async def test_the_preview_bundles_refuses_past_days_and_says_when_all_is_held(
    service: Service,
) -> None:
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    cafe = box.contact(oid, "Café Morgenrot", business=["buchhaltung@cafe.example"])
    _invoice(box, oid, "RE-601", "2026-11-20", cafe)
    _invoice(box, oid, "RE-602", "2026-10-28", cafe)
    tenant, key = await _tenant(service, org, one_message_per_customer=True)
    with service.api(key) as api:
        bundled = _preview(api)
        saturday = _preview(api, date="2026-11-28")
        past = api.get("/v1/dunning/preview", params={"date": "2026-11-26"})
        unreadable = api.get("/v1/dunning/preview", params={"date": "27.11.2026"})
        async with service.container.database.unit_of_work() as uow:
            await uow.tenant(tenant.id).account.set_dunning_active(False)
        switched_off = _preview(api)
    [message] = bundled["messages"]
    assert (message["level"], message["recipient"]) == ("R1", "buchhaltung@cafe.example")
    assert _planned(bundled) == {("RE-601", "R1"), ("RE-602", "R1")}
    assert saturday["held"] == "not a sending day"
    assert saturday["messages"] == []
    assert _fields(past, 409) == {"date"}
    assert _fields(unreadable) == {"date"}
    assert switched_off["held"] == "dunning is switched off"
    assert _held(switched_off) == {"RE-601": "dunning_off", "RE-602": "dunning_off"}


async def _moment() -> str:
    """Now by the service's database clock (the same machine's), RFC 3339 with `Z`."""
    await asyncio.sleep(0.01)
    at = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    await asyncio.sleep(0.01)
    return at


async def test_updated_since_lists_what_a_sync_or_a_pause_changed(service: Service) -> None:
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    cafe = box.contact(oid, "Café Morgenrot", business=["kasse@cafe.example"])
    hotel = box.contact(oid, "Hotel Lindenhof", office=["info@hotel.example"])
    _invoice(box, oid, "RE-401", "2026-11-02", cafe)
    paid_later = _invoice(box, oid, "RE-402", "2026-11-09", hotel)
    tenant, key = await _tenant(service, org)
    synced_again = await _moment()
    await service.sync(tenant)
    with service.api(key) as api:
        unchanged = api.get("/v1/invoices", params={"updatedSince": synced_again})
        contacts_unchanged = api.get("/v1/contacts", params={"updatedSince": synced_again})
        ids = {i["number"]: i["id"] for i in api.get("/v1/invoices").json()["items"]}
    box.control(
        "POST", f"/organizations/{oid}/vouchers/{paid_later}/payments", json={"amount": 119}
    )
    paid = await _moment()
    await service.sync(tenant)
    with service.api(key) as api:
        invoices_paid = api.get("/v1/invoices", params={"updatedSince": paid})
        contacts_paid = api.get("/v1/contacts", params={"updatedSince": paid})
        paused_at = await _moment()
        assert api.put(f"/v1/invoices/{ids['RE-401']}/pause", json={}).is_success
        paused = api.get("/v1/invoices", params={"updatedSince": paused_at})
        in_berlin = datetime.fromisoformat(paused_at).astimezone(ZoneInfo("Europe/Berlin"))
        same_moment = api.get("/v1/invoices", params={"updatedSince": in_berlin.isoformat()})
        later = api.get("/v1/invoices", params={"updatedSince": "2999-01-01T00:00:00Z"})
        refused = {
            (path, value): api.get(path, params={"updatedSince": value})
            for path in ("/v1/invoices", "/v1/contacts")
            for value in ("gestern", "2026-12-01T09:00:00", "2026-12-01")
        }

    assert _numbers(unchanged) == [], "a sync of the same values changes nothing"
    assert contacts_unchanged.json()["items"] == []
    assert _numbers(invoices_paid) == ["RE-402"]
    assert [c["name"] for c in contacts_paid.json()["items"]] == ["Hotel Lindenhof"]
    assert _numbers(paused) == ["RE-401"]
    assert _numbers(same_moment) == ["RE-401"]
    assert _numbers(later) == []
    for (path, value), answer in refused.items():
        assert _fields(answer) == {"updatedSince"}, (path, value)
