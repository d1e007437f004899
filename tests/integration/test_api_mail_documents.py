"""The tenant's mail settings, the test e-mail and the dunning documents, through the API."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from uuid import UUID

import httpx
import pytest

from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.domain.levels import Level
from tests.integration.conftest import migrated_sqlite_at
from tests.integration.helpers import contact, invoice
from tests.integration.lexoffice_env import Sandbox, TestClock, free_port, serving_api, settings_for
from tests.smtp_sink import Sink

KEY_A = "amk_" + "a" * 43
KEY_B = "amk_" + "b" * 43
OTHER_KEY = "amk_" + "o" * 43
"""Another tenant's key, made by the test that uses it (tests may run on other workers)."""


@pytest.fixture(scope="module")
def mail_world(
    sandbox_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Sink, object]]:
    folder = tmp_path_factory.mktemp("api-mail")
    url = migrated_sqlite_at(folder / "api.sqlite3")
    with Sink() as sink, Sink(auth=("kasse", "geheim")) as own:
        settings = replace(
            settings_for(Sandbox(sandbox_url), url, f"http://127.0.0.1:{free_port()}"),
            mail_host=sink.host,
            mail_port=sink.port,
            mail_tls="none",
            mail_from="no-reply@automahntion.example",
            smtp_allow_private_hosts=True,
            documents_dir=str(folder / "documents"),
        )
        with serving_api(settings) as api_url:
            yield api_url, sink, (settings, own)


async def _tenants(settings: object) -> list[UUID]:
    container = await Container.start(settings, TestClock())  # type: ignore[arg-type]
    try:
        ids = []
        for name, key in (("Bäckerei", KEY_A), ("Metzgerei", KEY_B)):
            created = await create_tenant(
                container.database.unit_of_work,
                NewTenant(name, f"chef@{name.lower()}.example"),
                container.clock.now(),
                key,
            )
            ids.append(created.tenant.id)
        return ids
    finally:
        await container.stop()


def _api(url: str, key: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, trust_env=False)


async def test_mail_settings_connection_test_and_test_email(
    mail_world: tuple[str, Sink, object],
) -> None:
    api_url, sink, (settings, own) = mail_world  # type: ignore[misc]
    await _tenants(settings)
    server = {
        "host": own.host,
        "port": own.port,
        "fromAddress": "rechnung@baeckerei.example",
        "tls": "none",
        "username": "kasse",
        "password": "geheim",
    }
    with _api(api_url, KEY_A) as api:
        good = api.post("/v1/smtp/test-connection", json=server)
        bad = api.post("/v1/smtp/test-connection", json={**server, "password": "falsch"})
        bad_port = api.put("/v1/smtp", json={**server, "port": 0})
        bad_address = api.put("/v1/smtp", json={**server, "fromAddress": "nope"})
        saved = api.put("/v1/smtp", json=server)
        test = api.post("/v1/test-email")
    assert good.json() == {"ok": True, "error": None}
    assert bad.json()["ok"] is False
    assert bad.json()["error"].startswith("535")
    assert (bad_port.status_code, bad_address.status_code) == (422, 422)
    assert [e["field"] for e in bad_port.json()["errors"]] == ["port"]
    assert [e["field"] for e in bad_address.json()["errors"]] == ["fromAddress"]
    assert saved.status_code == 204
    assert (test.status_code, test.json()) == (200, {"sentTo": "chef@bäckerei.example"})
    received = [m for m in sink.messages if m.message["Subject"] == "Test-E-Mail von automahntion"]
    assert len(received) == 1
    assert received[0].message.get_payload() is not None
    assert list(received[0].message.iter_attachments()) == []
    assert own.messages == []


async def test_documents_are_listed_downloadable_and_tenant_scoped(
    mail_world: tuple[str, Sink, object],
) -> None:
    api_url, _, (settings, _) = mail_world  # type: ignore[misc]
    container = await Container.start(settings, TestClock())  # type: ignore[arg-type]
    try:
        created = await create_tenant(
            container.database.unit_of_work,
            NewTenant("Kita", "kita@example.org"),
            container.clock.now(),
            "amk_" + "k" * 43,
        )
        tenant_id = created.tenant.id
        await create_tenant(
            container.database.unit_of_work,
            NewTenant("Hort", "hort@example.org"),
            container.clock.now(),
            OTHER_KEY,
        )
        async with container.database.unit_of_work() as uow:
            store = uow.tenant(tenant_id)
            await store.invoices.upsert([invoice("RE-9")], container.clock.now())
            stored = await store.invoices.by_lexoffice_id("lx-RE-9")
            document_id = await store.documents.begin(
                stored.id, Level.M1, "own", container.clock.now()
            )
        files = container.dunning.files
        assert files is not None
        ref = await files.put(f"{tenant_id}-RE-9-M1.pdf", b"%PDF-1.4 test")
        async with container.database.unit_of_work() as uow:
            await uow.tenant(tenant_id).documents.created(
                document_id, file_ref=ref, dunning_id=None
            )
    finally:
        await container.stop()
    with _api(api_url, "amk_" + "k" * 43) as api:
        listed = api.get(f"/v1/invoices/{stored.id}/documents").json()
        pdf = api.get(f"/v1/documents/{document_id}")
    with _api(api_url, OTHER_KEY) as other:
        foreign = other.get(f"/v1/documents/{document_id}")
        foreign_list = other.get(f"/v1/invoices/{stored.id}/documents")
    assert [d["level"] for d in listed] == ["M1"]
    assert listed[0]["download"] == f"/v1/documents/{document_id}"
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content == b"%PDF-1.4 test"
    assert foreign.status_code == 404
    assert foreign_list.status_code == 404
    assert foreign.headers["content-type"].startswith("application/problem+json")


async def test_the_letter_preview_as_html_and_pdf(mail_world: tuple[str, Sink, object]) -> None:
    api_url, _, (settings, _) = mail_world  # type: ignore[misc]
    key = "amk_" + "p" * 43
    container = await Container.start(settings, TestClock())  # type: ignore[arg-type]
    try:
        created = await create_tenant(
            container.database.unit_of_work,
            NewTenant("Bäckerei <Sonnenschein>", "chef@sonnenschein.example"),
            container.clock.now(),
            key,
        )
        async with container.database.unit_of_work() as uow:
            store = uow.tenant(created.tenant.id)
            await store.contacts.upsert(
                [contact("c-1")],
                {"c-1": {"street": "Hauptstraße 1", "zip": "10115", "city": "Berlin"}},
            )
            await store.invoices.upsert([invoice("RE-7", contact_id="c-1")], container.clock.now())
            stored = await store.invoices.by_lexoffice_id("lx-RE-7")
    finally:
        await container.stop()
    with _api(api_url, key) as api:
        html = api.get(f"/v1/invoices/{stored.id}/letter-preview", params={"level": "M2"})
        pdf = api.get(
            f"/v1/invoices/{stored.id}/letter-preview", params={"level": "M2", "format": "pdf"}
        )
        bad = api.get(f"/v1/invoices/{stored.id}/letter-preview", params={"level": "X9"})
    assert html.status_code == 200, html.text
    assert "2. Mahnung: Rechnung RE-7" in html.text
    assert "Hauptstraße 1" in html.text
    assert "Bäckerei &lt;Sonnenschein&gt;" in html.text
    assert pdf.content.startswith(b"%PDF-")
    assert bad.status_code in (400, 422)
    assert bad.headers["content-type"].startswith("application/problem+json")
