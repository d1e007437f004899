"""The tenant's own account, settings, levels, templates, pause, usage and API keys, through the
API server; and `automahntion tenants configure` with the same fields and rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from automahntion.app.access.credentials import issue_admin_token
from automahntion.app.invoices.records import AdmissionState
from automahntion.app.settings.changes import Configuration, SettingsChange
from automahntion.app.settings.configure import configure
from tests.integration.conftest import SECRET_KEY, run_cli
from tests.integration.helpers import contact, invoice
from tests.integration.lexoffice_env import Service

LEVEL_NAMES = ["R1", "R2", "R3", "R4", "R5", "R6", "M1", "M2", "M3"]

EVERY_SETTING: dict[str, Any] = {
    "replyTo": "buchhaltung@baeckerei.example",
    "cc": ["chef@baeckerei.example", "archiv@baeckerei.example"],
    "bcc": ["ablage@baeckerei.example"],
    "attachInvoicePdf": True,
    "syncStart": "2026-01-01",
    "vouchersEnabled": True,
    "sendingHour": 7,
    "sendOnWeekends": True,
    "bundesland": "BY",
    "recipientPolicy": "business_only",
    "catchUp": "highest",
    "minGapDays": 5,
    "oneMessagePerCustomer": True,
    "statutoryExtras": True,
    "afterLastLevel": "court_procedure",
    "paymentDetails": "IBAN DE02 1203 0000 0000 2020 51\nBIC BYLADEM1001",
    "thankYouEnabled": True,
    "feedbackQuestion": "Wie hat Ihnen unser Brot geschmeckt?",
    "feedbackLink": False,
    "thankYouSubject": "Danke für Ihre Zahlung zu {{ invoice_number }}",
    "thankYouBody": "Guten Tag {{ customer_name }},\n\nvielen Dank!\n{{ company_name }}\n",
    "thankYouSubjectEn": "Thank you for paying {{ invoice_number }}",
    "thankYouBodyEn": "{{ salutation }},\n\nthank you!\n{{ company_name }}\n",
}


async def _tenant(service: Service) -> tuple[str, httpx.Client]:
    key = "amk_" + uuid.uuid4().hex * 2
    tenant = await service.tenant(key)
    return str(tenant.id), service.api(key)


def _fields(response: httpx.Response, status: int = 422) -> list[str]:
    """The fields a refusal names: 422 for malformed input, 409 for a broken rule."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return [error["field"] for error in response.json()["errors"]]


def _levels(client: httpx.Client) -> dict[str, dict[str, Any]]:
    response = client.get("/v1/levels")
    assert response.status_code == 200, response.text
    return {level["level"]: level for level in response.json()}


async def test_credentials_and_scopes(service: Service) -> None:
    _, client = await _tenant(service)
    anonymous = httpx.Client(base_url=service.api_url, trust_env=False)
    for method, path in [
        ("GET", "/v1/account"),
        ("GET", "/v1/settings"),
        ("PATCH", "/v1/settings"),
        ("GET", "/v1/levels"),
        ("PUT", "/v1/pause"),
        ("GET", "/v1/usage"),
        ("GET", "/v1/api-keys"),
    ]:
        assert anonymous.request(method, path, json={}).status_code == 401, path
    admin = await issue_admin_token(
        service.container.database.unit_of_work, "ops", service.container.clock.now()
    )
    as_admin = service.api(admin.token)
    for method, path in [
        ("GET", "/v1/account"),
        ("PATCH", "/v1/settings"),
        ("GET", "/v1/levels"),
        ("DELETE", "/v1/pause"),
        ("GET", "/v1/api-keys"),
    ]:
        response = as_admin.request(method, path, json={} if method == "PATCH" else None)
        assert response.status_code == 403, (path, response.text)
    assert client.get("/v1/account").status_code == 200


async def test_account_reads_and_changes_with_validation(service: Service) -> None:
    tenant_id, client = await _tenant(service)
    account = client.get("/v1/account").json()
    assert account["id"] == tenant_id
    assert account["email"] == "chef@baeckerei.example"
    assert account["plan"] == "starter"
    assert account["limit"] == 10
    assert account["dunningActive"] is True
    assert account["pause"] is None
    assert account["lastSuccessfulSyncAt"] is None

    changed = client.patch(
        "/v1/account", json={"name": "Bäckerei Morgenrot", "billingEmail": "rechnung@morgen.de"}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["name"] == "Bäckerei Morgenrot"
    assert changed.json()["billingEmail"] == "rechnung@morgen.de"
    assert changed.json()["email"] == "chef@baeckerei.example"

    assert _fields(client.patch("/v1/account", json={"email": "kein-at-zeichen"})) == ["email"]
    assert _fields(client.patch("/v1/account", json={"name": "Zwei\r\nZeilen"})) == ["name"]
    assert client.get("/v1/account").json()["name"] == "Bäckerei Morgenrot"

    off = client.patch("/v1/account", json={"dunningActive": False})
    assert off.json()["dunningActive"] is False
    every_off = [
        {"level": name, "enabled": False, "daysAfterDue": 3 * i}
        for i, name in enumerate(LEVEL_NAMES)
    ]
    assert client.put("/v1/levels", json=every_off).status_code == 200
    conflict = client.patch("/v1/account", json={"dunningActive": True})
    assert conflict.status_code == 409, conflict.text
    assert conflict.json()["type"] == "/problems/no-level-enabled"
    assert client.get("/v1/account").json()["dunningActive"] is False


async def test_every_setting_round_trips_and_patch_leaves_the_rest(service: Service) -> None:
    _, client = await _tenant(service)
    defaults = client.get("/v1/settings").json()
    assert defaults["sendingHour"] == 9
    assert defaults["bundesland"] is None
    assert set(defaults) == set(EVERY_SETTING)

    response = client.patch("/v1/settings", json=EVERY_SETTING)
    assert response.status_code == 200, response.text
    assert response.json() == EVERY_SETTING
    assert client.get("/v1/settings").json() == EVERY_SETTING

    one = client.patch("/v1/settings", json={"sendingHour": 16})
    assert one.json() == {**EVERY_SETTING, "sendingHour": 16}
    cleared = client.patch("/v1/settings", json={"replyTo": None, "bundesland": None, "cc": []})
    assert cleared.json() == {
        **EVERY_SETTING,
        "sendingHour": 16,
        "replyTo": None,
        "bundesland": None,
        "cc": [],
    }


async def test_refused_settings_name_the_field_and_change_nothing(service: Service) -> None:
    _, client = await _tenant(service)
    before = client.get("/v1/settings").json()
    assert "sendingHour" in _fields(client.patch("/v1/settings", json={"sendingHour": 24}))
    assert "bundesland" in _fields(client.patch("/v1/settings", json={"bundesland": "XX"}))
    assert "cc" in str(
        _fields(client.patch("/v1/settings", json={"cc": ["a@b.de\r\nBcc: x@evil.example"]}))
    )
    too_many = [f"k{i}@baeckerei.example" for i in range(11)]
    assert "bcc" in str(_fields(client.patch("/v1/settings", json={"bcc": too_many})))
    mixed = client.patch("/v1/settings", json={"sendingHour": 8, "minGapDays": -1})
    assert "minGapDays" in str(_fields(mixed))
    assert client.get("/v1/settings").json() == before


async def test_switching_vouchers_on_makes_the_next_sync_full(service: Service) -> None:
    tenant_id, client = await _tenant(service)
    units = service.container.database.unit_of_work
    async with units() as uow:
        assert not (await uow.tenant(uuid.UUID(tenant_id)).account.sync_state()).needs_full_sync
    client.patch("/v1/settings", json={"vouchersEnabled": True})
    async with units() as uow:
        assert (await uow.tenant(uuid.UUID(tenant_id)).account.sync_state()).needs_full_sync


async def test_a_changed_sync_start_recomputes_admission(service: Service) -> None:
    tenant_id, client = await _tenant(service)
    tenant = uuid.UUID(tenant_id)
    units = service.container.database.unit_of_work
    old = invoice("RE-1", voucher_date=date(2026, 1, 10), due_date=date(2026, 1, 24))
    new = invoice("RE-2", voucher_date=date(2026, 10, 1), due_date=date(2026, 10, 15))
    orphan = invoice("RE-3", contact_id="c-unknown")
    async with units() as uow:
        store = uow.tenant(tenant)
        await store.contacts.upsert([contact()])
        await store.invoices.upsert([old, new, orphan], service.container.clock.now())
    await configure(
        units, tenant, Configuration(settings=SettingsChange(payment_details="x")), _now(service)
    )
    usage = client.get("/v1/usage").json()
    assert usage["admitted"] == 0, "a change that cannot affect admission leaves it alone"

    client.patch("/v1/settings", json={"recipientPolicy": "business_only"})
    usage = client.get("/v1/usage").json()
    assert (usage["admitted"], usage["waiting"], usage["blocked"]) == (2, 0, 1)
    assert (usage["plan"], usage["limit"]) == ("starter", 10)
    assert usage["thankYousSent"] == 0

    client.patch("/v1/settings", json={"syncStart": "2026-06-01"})
    async with units() as uow:
        stored = {
            s.invoice.voucher_number: s.admission for s in await uow.tenant(tenant).invoices.all()
        }
    assert stored["RE-1"] is AdmissionState.NONE
    assert stored["RE-2"] is AdmissionState.ADMITTED
    assert client.get("/v1/usage").json()["admitted"] == 1


def _now(service: Service) -> Any:
    return service.container.clock.now()


async def test_levels_read_replace_and_patch_with_named_problems(service: Service) -> None:
    _, client = await _tenant(service)
    levels = _levels(client)
    assert list(levels) == LEVEL_NAMES
    assert (levels["R1"]["enabled"], levels["R1"]["daysAfterDue"]) == (True, 3)
    assert (levels["R2"]["enabled"], levels["M3"]["daysAfterDue"]) == (False, 42)
    assert levels["M1"]["template"]["version"] == 1
    assert "{{ invoice_number }}" in levels["M1"]["template"]["subject"]

    wanted = [
        {"level": name, "enabled": True, "daysAfterDue": 5 * (i + 1)}
        for i, name in enumerate(LEVEL_NAMES)
    ]
    wanted[7] = {**wanted[7], "byPost": True, "registered": True, "feeCents": 500}
    replaced = client.put("/v1/levels", json=wanted)
    assert replaced.status_code == 200, replaced.text
    assert [lv["daysAfterDue"] for lv in replaced.json()] == [5, 10, 15, 20, 25, 30, 35, 40, 45]
    assert _levels(client)["M2"] | {"template": None} == {
        "level": "M2",
        "enabled": True,
        "daysAfterDue": 40,
        "byPost": True,
        "registered": True,
        "feeCents": 500,
        "paymentDays": 7,
        "template": None,
    }

    patched = client.patch("/v1/levels/M3", json={"feeCents": 1000})
    assert patched.status_code == 200, patched.text
    assert (patched.json()["feeCents"], patched.json()["daysAfterDue"]) == (1000, 45)

    assert _fields(client.patch("/v1/levels/M2", json={"daysAfterDue": 30}), 409) == [
        "levels.M2.days_after_due"
    ]
    assert _fields(client.patch("/v1/levels/R3", json={"byPost": True}), 409) == [
        "levels.R3.by_post"
    ]
    assert _fields(client.patch("/v1/levels/M1", json={"registered": True}), 409) == [
        "levels.M1.registered"
    ]
    twice = [*wanted[:8], {**wanted[0]}]
    assert "levels.M3" in _fields(client.put("/v1/levels", json=twice), 409)
    assert _fields(client.patch("/v1/levels/M2", json={"daysAfterDue": -1})) == ["daysAfterDue"]
    assert client.patch("/v1/levels/X9", json={}).status_code in (404, 422)
    assert _levels(client)["M2"]["daysAfterDue"] == 40

    assert client.patch("/v1/levels/M1", json={"paymentDays": 14}).json()["paymentDays"] == 14
    assert _levels(client)["M1"]["paymentDays"] == 14
    assert _fields(client.patch("/v1/levels/M1", json={"paymentDays": 0})) == ["paymentDays"]
    assert _levels(client)["R1"]["paymentDays"] == 7


async def test_templates_are_versioned_and_checked(service: Service) -> None:
    _, client = await _tenant(service)
    saved = client.put(
        "/v1/levels/R1/template",
        json={
            "subject": "Erinnerung {{ invoice_number }}",
            "body": "Hallo {{ customer_name }},{% if days_overdue > 10 %} schon lange{% endif %}"
            " offen: {{ open_amount }}.",
            "en": {"subject": "Reminder {{ invoice_number }}", "body": "Hello {{ customer_name }}"},
        },
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == 2
    assert saved.json()["en"]["subject"] == "Reminder {{ invoice_number }}"
    assert _levels(client)["R1"]["template"]["version"] == 2
    history = client.get("/v1/levels/R1/templates").json()
    assert [v["version"] for v in history] == [1, 2]
    assert history[0]["subject"].startswith("Zahlungserinnerung")

    body = "Hallo {{ customer_name }}"
    refused = {
        "subject": ({"subject": "{{ rechnungsnummer }}", "body": body}, ["subject"]),
        "syntax": ({"subject": "Erinnerung", "body": "{% if %}"}, ["body"]),
        "loop": ({"subject": "x", "body": "{% for c in customer_name %}{% endfor %}"}, ["body"]),
        "internals": ({"subject": "x", "body": "{{ customer_name.__class__ }}"}, ["body"]),
        "english": (
            {"subject": "x", "body": body, "en": {"subject": "y", "body": "{{ foo }}"}},
            ["en.body"],
        ),
    }
    for name, (document, fields) in refused.items():
        assert _fields(client.put("/v1/levels/M1/template", json=document)) == fields, name
    assert [v["version"] for v in client.get("/v1/levels/M1/templates").json()] == [1]


async def test_tenant_pause_set_read_and_lifted(service: Service) -> None:
    _, client = await _tenant(service)
    none = {"paused": False, "reason": None, "until": None}
    assert client.get("/v1/pause").json() == none
    paused = client.put("/v1/pause", json={"until": "2026-12-31", "reason": "Inventur"})
    assert paused.status_code == 200, paused.text
    assert paused.json() == {"reason": "Inventur", "until": "2026-12-31", "goingOut": []}
    assert client.get("/v1/account").json()["pause"] == {
        "reason": "Inventur",
        "until": "2026-12-31",
    }
    assert client.get("/v1/pause").json() == {
        "paused": True,
        "reason": "Inventur",
        "until": "2026-12-31",
    }
    open_ended = client.put("/v1/pause", json={})
    assert open_ended.json() == {"reason": "Mahnstopp", "until": None, "goingOut": []}
    assert _fields(client.put("/v1/pause", json={"until": "2026-11-26"}), 409) == ["until"]
    assert client.delete("/v1/pause").status_code == 204
    assert client.get("/v1/account").json()["pause"] is None
    assert client.get("/v1/pause").json() == none
    assert client.delete("/v1/pause").status_code == 204


async def test_api_keys_listed_created_and_revoked(service: Service) -> None:
    _, client = await _tenant(service)
    _, other = await _tenant(service)
    first = client.get("/v1/api-keys").json()
    assert [k["name"] for k in first["items"]] == ["default"]
    assert first["nextCursor"] is None
    created = client.post("/v1/api-keys", json={"name": "Warenwirtschaft"})
    assert created.status_code == 201, created.text
    new_key = created.json()
    assert new_key["apiKey"].startswith(new_key["prefix"])
    listed = client.get("/v1/api-keys").json()["items"]
    assert {k["name"] for k in listed} == {"default", "Warenwirtschaft"}
    assert all("apiKey" not in k and "keyHash" not in k for k in listed)
    assert "Warenwirtschaft" not in json.dumps(other.get("/v1/api-keys").json())

    with_new = service.api(new_key["apiKey"])
    assert with_new.get("/v1/settings").status_code == 200
    assert other.delete(f"/v1/api-keys/{new_key['id']}").status_code == 404
    assert client.delete(f"/v1/api-keys/{uuid.uuid4()}").status_code == 404
    assert client.delete(f"/v1/api-keys/{new_key['id']}").status_code == 204
    assert with_new.get("/v1/settings").status_code == 401
    again = client.delete(f"/v1/api-keys/{new_key['id']}")
    assert again.status_code == 409
    assert again.json()["type"] == "/problems/api-key-already-revoked"
    revoked = {k["name"]: k["revokedAt"] for k in client.get("/v1/api-keys").json()["items"]}
    assert revoked["Warenwirtschaft"] is not None
    assert revoked["default"] is None

    default_id = next(k["id"] for k in listed if k["name"] == "default")
    last = client.delete(f"/v1/api-keys/{default_id}")
    assert last.status_code == 409
    assert last.json()["type"] == "/problems/last-api-key"
    assert _fields(client.post("/v1/api-keys", json={"name": " "})) == ["name"]


def _configure(url: str, tenant_id: str, document: str) -> subprocess.CompletedProcess[str]:
    """`automahntion tenants configure ID --json -` with the document on stdin."""
    environment = {
        **os.environ,
        "AUTOMAHNTION_DATABASE_URL": url,
        "AUTOMAHNTION_SECRET_KEY": SECRET_KEY,
    }
    return subprocess.run(
        [sys.executable, "-m", "automahntion", "tenants", "configure", tenant_id, "--json", "-"],
        input=document,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


async def test_cli_configure_applies_all_or_nothing(service: Service, tmp_path: Path) -> None:
    tenant_id, client = await _tenant(service)
    url = service.settings.database_url
    document = {
        "account": {"billingEmail": "rechnung@baeckerei.example"},
        "settings": {"sendingHour": 6, "bundesland": "NW", "cc": ["chef@baeckerei.example"]},
        "levels": {"M2": {"byPost": True, "feeCents": 250}, "R2": {"enabled": True}},
    }
    file = tmp_path / "tenant.json"
    file.write_text(json.dumps(document))
    done = run_cli("tenants", "configure", tenant_id, "--json", str(file), database_url=url)
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    settings = client.get("/v1/settings").json()
    assert printed["settings"] == settings
    assert (settings["sendingHour"], settings["bundesland"]) == (6, "NW")
    assert client.get("/v1/account").json()["billingEmail"] == "rechnung@baeckerei.example"
    levels = _levels(client)
    assert (levels["M2"]["byPost"], levels["M2"]["feeCents"], levels["R2"]["enabled"]) == (
        True,
        250,
        True,
    )
    assert [lv["level"] for lv in printed["levels"]] == LEVEL_NAMES

    again = _configure(url, tenant_id, done.stdout)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == printed, "the printed document applies as it is"

    refusals = {
        "levels.M3.days_after_due": {
            "settings": {"sendingHour": 3},
            "levels": {"M3": {"daysAfterDue": 1}},
        },
        "bundesland": {"settings": {"sendingHour": 3, "bundesland": "XX"}},
        "thankYouBody": {"settings": {"sendingHour": 3, "thankYouBody": "{{ open_amount }}"}},
        "settings.sendingHours": {"settings": {"sendingHours": 3}},
        "email": {"account": {"email": "nope@"}, "settings": {"sendingHour": 3}},
        "levels.R1.by_post": {"levels": {"R1": {"byPost": True}}, "settings": {"sendingHour": 3}},
    }
    for field, bad in refusals.items():
        refused = _configure(url, tenant_id, json.dumps(bad))
        assert refused.returncode == 1, bad
        assert refused.stderr.count("\n") == 1, refused.stderr
        assert field in refused.stderr, refused.stderr
        assert refused.stdout == ""
    assert _configure(url, tenant_id, "{not json").returncode == 1
    assert client.get("/v1/settings").json() == settings
    assert client.get("/v1/account").json()["email"] == "chef@baeckerei.example"
    assert _levels(client)["R1"]["byPost"] is False
