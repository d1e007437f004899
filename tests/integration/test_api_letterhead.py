"""The letterhead through the API server and `tenants configure`: set, read back, refused with a
422 naming the field, the logo's round trip, each tenant its own; and its storage on both
engines, where the settings every dunning cycle reads never carry the logo."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from typing import Any

import httpx
from PIL import Image

from automahntion.adapters.db.tables import Tenant as TenantRow
from automahntion.app.settings.changes import Configuration, LetterheadChange, SettingsChange
from automahntion.app.settings.configure import configure
from automahntion.app.tenants.letterhead import Logo
from automahntion.app.tenants.letterheads import read_letterhead
from automahntion.bootstrap.database import Database
from tests.integration.conftest import run_cli
from tests.integration.helpers import NOW, contact, invoice, new_tenant
from tests.integration.lexoffice_env import Service

LETTERHEAD: dict[str, Any] = {
    "companyName": "Bäckerei Lindenhof GmbH",
    "street": "Lindenallee 12",
    "postalCode": "10115",
    "city": "Berlin",
    "country": "DE",
    "phone": "+49 30 1234567",
    "email": "buchhaltung@baeckerei.example",
    "web": "www.baeckerei.example",
    "legalForm": "GmbH",
    "seat": "Berlin",
    "registerCourt": "Amtsgericht Berlin-Charlottenburg",
    "registerNumber": "HRB 123456 B",
    "managingDirectors": ["Anna Weber", "Jonas Klein"],
    "vatId": "DE 123 456 789",
    "bankAccounts": [
        {"iban": "DE89 3704 0044 0532 0130 00", "bic": "cobadeffxxx", "bankName": "Commerzbank"},
        {"iban": "DE02120300000000202051"},
    ],
}
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    b'<rect width="40" height="20"/></svg>'
)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 30), (10, 80, 160)).save(out, "PNG")
    return out.getvalue()


async def _tenant(service: Service) -> tuple[str, httpx.Client]:
    key = "amk_" + uuid.uuid4().hex * 2
    tenant = await service.tenant(key)
    return str(tenant.id), service.api(key)


def _fields(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return [error["field"] for error in response.json()["errors"]]


async def test_the_letterhead_is_set_read_back_and_changed_field_by_field(
    service: Service,
) -> None:
    _, client = await _tenant(service)
    empty = client.get("/v1/settings/letterhead")
    assert empty.status_code == 200, empty.text
    assert (empty.json()["city"], empty.json()["bankAccounts"], empty.json()["logo"]) == (
        "",
        [],
        None,
    )
    settings_before = client.get("/v1/settings").json()

    done = client.patch("/v1/settings/letterhead", json=LETTERHEAD)
    assert done.status_code == 200, done.text
    stored = client.get("/v1/settings/letterhead").json()
    assert stored == done.json()
    assert stored["vatId"] == "DE123456789"
    assert stored["bankAccounts"] == [
        {"iban": "DE89370400440532013000", "bic": "COBADEFFXXX", "bankName": "Commerzbank"},
        {"iban": "DE02120300000000202051", "bic": None, "bankName": ""},
    ]
    assert stored["managingDirectors"] == ["Anna Weber", "Jonas Klein"]

    city = client.patch("/v1/settings/letterhead", json={"city": "Potsdam", "phone": ""})
    assert city.status_code == 200, city.text
    assert {**stored, "city": "Potsdam", "phone": ""} == city.json()
    assert client.get("/v1/settings").json() == settings_before


async def test_bad_bank_details_and_vat_ids_are_refused_naming_the_field(
    service: Service,
) -> None:
    _, client = await _tenant(service)
    assert client.patch("/v1/settings/letterhead", json=LETTERHEAD).status_code == 200
    stored = client.get("/v1/settings/letterhead").json()
    refusals: dict[str, dict[str, Any]] = {
        "bankAccounts[0].iban": {"bankAccounts": [{"iban": "DE89 3704 0044 0532 0130 01"}]},
        "bankAccounts[1].bic": {
            "bankAccounts": [
                {"iban": "DE02120300000000202051"},
                {"iban": "DE02120300000000202051", "bic": "BYLADEM"},
            ]
        },
        "vatId": {"vatId": "DE12345678", "city": "Hamburg"},
        "bankAccounts": {"bankAccounts": [{"iban": "DE02120300000000202051"}] * 3},
        "country": {"country": "Deutschland"},
        "managingDirectors": {"managingDirectors": ["Anna\nBcc: x@y.example"]},
        "logo": {"logo": "x"},
    }
    for field, body in refusals.items():
        named = _fields(client.patch("/v1/settings/letterhead", json=body))
        assert named, field
        assert all(n.startswith(field) for n in named), (field, named)
    assert client.get("/v1/settings/letterhead").json() == stored


async def test_the_logo_round_trip(service: Service) -> None:
    _, client = await _tenant(service)
    assert client.get("/v1/settings/letterhead/logo").status_code == 404
    png = _png()
    saved = client.put(
        "/v1/settings/letterhead/logo", content=png, headers={"Content-Type": "image/png"}
    )
    assert saved.status_code == 200, saved.text
    assert saved.json() == {
        "mediaType": "image/png",
        "size": len(png),
        "download": "/v1/settings/letterhead/logo",
    }
    fetched = client.get("/v1/settings/letterhead/logo")
    assert (fetched.status_code, fetched.content) == (200, png)
    assert fetched.headers["content-type"] == "image/png"
    assert client.get("/v1/settings/letterhead").json()["logo"] == saved.json()

    unlabelled = client.put(
        "/v1/settings/letterhead/logo",
        content=png,
        headers={"Content-Type": "application/octet-stream"},
    )
    assert unlabelled.json()["mediaType"] == "image/png", unlabelled.text
    replaced = client.put(
        "/v1/settings/letterhead/logo", content=SVG, headers={"Content-Type": "image/svg+xml"}
    )
    assert replaced.status_code == 200, replaced.text
    fetched = client.get("/v1/settings/letterhead/logo")
    assert (fetched.content, fetched.headers["content-type"]) == (SVG, "image/svg+xml")
    assert "default-src 'none'" in fetched.headers["content-security-policy"]

    refused = {
        "image/png": b"GIF89a" + png[6:],
        "image/svg+xml": SVG.replace(b"<rect", b"<script>alert(1)</script><rect"),
        "image/gif": png,
    }
    for media_type, data in refused.items():
        answer = client.put(
            "/v1/settings/letterhead/logo", content=data, headers={"Content-Type": media_type}
        )
        assert _fields(answer) == ["logo"], media_type
    oversize = SVG.replace(b"<rect", b"<!--" + b"x" * 210_000 + b"--><rect")
    answer = client.put(
        "/v1/settings/letterhead/logo", content=oversize, headers={"Content-Type": "image/svg+xml"}
    )
    assert _fields(answer) == ["logo"]
    assert client.get("/v1/settings/letterhead/logo").content == SVG

    assert client.delete("/v1/settings/letterhead/logo").status_code == 204
    assert client.get("/v1/settings/letterhead/logo").status_code == 404
    assert client.get("/v1/settings/letterhead").json()["logo"] is None
    assert client.delete("/v1/settings/letterhead/logo").status_code == 204


async def test_each_tenant_sees_and_changes_only_its_own_letterhead(service: Service) -> None:
    _, mine = await _tenant(service)
    _, theirs = await _tenant(service)
    assert mine.patch("/v1/settings/letterhead", json=LETTERHEAD).status_code == 200
    png = _png()
    mine.put("/v1/settings/letterhead/logo", content=png, headers={"Content-Type": "image/png"})

    other = theirs.get("/v1/settings/letterhead").json()
    assert (other["companyName"], other["bankAccounts"], other["logo"]) == ("", [], None)
    assert theirs.get("/v1/settings/letterhead/logo").status_code == 404
    assert theirs.delete("/v1/settings/letterhead/logo").status_code == 204
    assert mine.get("/v1/settings/letterhead/logo").content == png
    anonymous = httpx.Client(base_url=service.api_url, trust_env=False)
    for method in ("GET", "PATCH"):
        assert anonymous.request(method, "/v1/settings/letterhead").status_code == 401
    for method in ("GET", "PUT", "DELETE"):
        assert anonymous.request(method, "/v1/settings/letterhead/logo").status_code == 401


async def test_the_letter_carries_the_stored_letterhead_and_logo(service: Service) -> None:
    key = "amk_" + uuid.uuid4().hex * 2
    tenant = await service.tenant(key)
    async with service.container.database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert(
            [contact("c-1")], {"c-1": {"street": "Hauptstraße 1", "zip": "10115", "city": "Bonn"}}
        )
        await store.invoices.upsert([invoice("RE-7", contact_id="c-1")], service.clock.now())
        stored = await store.invoices.by_lexoffice_id("lx-RE-7")
    client = service.api(key)
    assert client.patch("/v1/settings/letterhead", json=LETTERHEAD).status_code == 200
    png = _png()
    client.put("/v1/settings/letterhead/logo", content=png, headers={"Content-Type": "image/png"})

    letter = client.get(f"/v1/invoices/{stored.id}/letter-preview", params={"level": "M2"})
    assert letter.status_code == 200, letter.text
    assert "HRB 123456 B" in letter.text
    assert "data:image/png;base64," in letter.text


async def test_cli_configure_sets_the_letterhead_and_its_logo(
    service: Service, tmp_path: Path
) -> None:
    tenant_id, client = await _tenant(service)
    url = service.settings.database_url
    file = tmp_path / "tenant.json"
    file.write_text(json.dumps({"letterhead": LETTERHEAD, "settings": {"sendingHour": 8}}))
    logo = tmp_path / "logo.svg"
    logo.write_bytes(SVG)
    done = run_cli(
        "tenants",
        "configure",
        tenant_id,
        "--json",
        str(file),
        "--logo",
        str(logo),
        database_url=url,
    )
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    api = client.get("/v1/settings/letterhead").json()
    assert printed["letterhead"] == {k: v for k, v in api.items() if k != "logo"}
    assert api["logo"]["mediaType"] == "image/svg+xml"
    assert client.get("/v1/settings/letterhead/logo").content == SVG

    again = tmp_path / "again.json"
    again.write_text(done.stdout)
    repeated = run_cli("tenants", "configure", tenant_id, "--json", str(again), database_url=url)
    assert repeated.returncode == 0, repeated.stderr
    assert json.loads(repeated.stdout) == printed, "the printed document applies as it is"

    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"letterhead": {"city": "Bonn", "bankAccounts": [{"iban": "DE00123"}]}})
    )
    refused = run_cli("tenants", "configure", tenant_id, "--json", str(bad), database_url=url)
    assert refused.returncode == 1
    assert "letterhead.bankAccounts[0].iban" in refused.stderr, refused.stderr
    typo = tmp_path / "typo.json"
    typo.write_text(json.dumps({"letterhead": {"bankAccounts": [{"ibna": "x"}]}}))
    refused = run_cli("tenants", "configure", tenant_id, "--json", str(typo), database_url=url)
    assert "letterhead.bankAccounts[0].ibna" in refused.stderr, refused.stderr
    scripted = tmp_path / "bad.svg"
    scripted.write_bytes(SVG.replace(b"<rect", b'<rect onclick="x()"/><rect'))
    refused = run_cli("tenants", "configure", tenant_id, "--logo", str(scripted), database_url=url)
    assert (refused.returncode, "--logo" in refused.stderr) == (1, True), refused.stderr
    assert client.get("/v1/settings/letterhead").json()["city"] == "Berlin"

    removed = run_cli("tenants", "configure", tenant_id, "--remove-logo", database_url=url)
    assert removed.returncode == 0, removed.stderr
    assert client.get("/v1/settings/letterhead/logo").status_code == 404


async def test_the_logo_is_kept_apart_from_the_settings(database: Database) -> None:
    tenant = await new_tenant(database)
    other = await new_tenant(database)
    logo = Logo("image/png", _png())
    change = Configuration(
        settings=SettingsChange(letterhead=LetterheadChange(city="Berlin")), logo=logo
    )
    await configure(database.unit_of_work, tenant.id, change, NOW)

    letterhead = await read_letterhead(database.unit_of_work, tenant.id)
    assert (letterhead.city, letterhead.logo) == ("Berlin", logo)
    async with database.unit_of_work() as uow:
        settings = (await uow.tenant(tenant.id).account.get()).settings
    assert (settings.letterhead.city, settings.letterhead.logo) == ("Berlin", None)
    [row] = await TenantRow.select(TenantRow.settings).where(TenantRow.id == tenant.id)
    assert len(str(row["settings"])) < 2000
    assert (await read_letterhead(database.unit_of_work, other.id)).logo is None

    await configure(database.unit_of_work, tenant.id, Configuration(logo=None), NOW)
    assert (await read_letterhead(database.unit_of_work, tenant.id)).logo is None
