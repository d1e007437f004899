"""Issue 15, finding 7: the no-reply transport cannot be made to mail anybody. A changed
account address is confirmed (a link sent to it) before anything else goes there, mails to
the account are capped per day, and a sender name cannot carry bidirectional controls."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from email.header import decode_header, make_header
from email.utils import parseaddr
from uuid import UUID

import httpx
import pytest

from automahntion.app.access.credentials import hash_secret
from automahntion.app.tenants.records import AuditEntry, NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.database import Database
from automahntion.bootstrap.settings import Settings
from tests.integration.conftest import migrated_sqlite_at
from tests.integration.helpers import NOW, new_tenant
from tests.integration.lexoffice_env import Sandbox, TestClock, free_port, serving_api, settings_for
from tests.smtp_sink import ReceivedMail, Sink

OLD = "chef@baeckerei.example"
VICTIM = "kunde@opfer.example"
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
        "\u2069", "\u200e", "\u200f", "\u061c"]  # fmt: skip


@pytest.fixture(scope="module")
def mail_world(
    sandbox_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Sink, Settings]]:
    folder = tmp_path_factory.mktemp("account-mail")
    url = migrated_sqlite_at(folder / "api.sqlite3")
    with Sink() as sink:
        settings = replace(
            settings_for(Sandbox(sandbox_url), url, f"http://127.0.0.1:{free_port()}"),
            mail_host=sink.host,
            mail_port=sink.port,
            mail_tls="none",
            mail_from="no-reply@automahntion.example",
        )
        with serving_api(settings) as api_url:
            yield api_url, sink, settings


async def _api(world: tuple[str, Sink, Settings], key_char: str) -> httpx.Client:
    return (await _tenant_api(world, key_char))[0]


async def _tenant_api(
    world: tuple[str, Sink, Settings], key_char: str
) -> tuple[httpx.Client, UUID]:
    api_url, _, settings = world
    key = "amk_" + key_char * 43
    container = await Container.start(settings, TestClock())
    try:
        created = await create_tenant(
            container.database.unit_of_work,
            NewTenant("Bäckerei Sonne", OLD),
            container.clock.now(),
            key,
        )
    finally:
        await container.stop()
    client = httpx.Client(
        base_url=api_url, headers={"Authorization": f"Bearer {key}"}, trust_env=False
    )
    return client, created.tenant.id


async def _audit_other_actions(settings: Settings, tenant_id: UUID, count: int) -> None:
    container = await Container.start(settings, TestClock())
    try:
        async with container.database.unit_of_work() as uow:
            audit = uow.tenant(tenant_id).audit
            later_that_morning = container.clock.now() + timedelta(minutes=30)
            for _ in range(count):
                await audit.record(AuditEntry("api", "settings.changed", later_that_morning))
    finally:
        await container.stop()


def _to(mail: ReceivedMail) -> str:
    return parseaddr(str(mail.message["To"]))[1]


def _sent_to(sink: Sink, address: str) -> list[ReceivedMail]:
    return [m for m in sink.messages if _to(m) == address]


async def test_a_new_account_address_gets_only_a_confirmation_until_it_is_confirmed(
    mail_world: tuple[str, Sink, Settings],
) -> None:
    _, sink, _ = mail_world
    api = await _api(mail_world, "c")
    changed = api.patch("/v1/account", json={"email": VICTIM, "name": "Bäckerei Mond"})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["email"], changed.json()["pendingAccountEmail"]) == (OLD, VICTIM)
    assert changed.json()["name"] == "Bäckerei Mond"

    test = api.post("/v1/test-email")
    assert (test.status_code, test.json()) == (200, {"sentTo": OLD})
    [confirmation] = _sent_to(sink, VICTIM)
    sender = str(make_header(decode_header(str(confirmation.message["From"]))))
    assert sender.startswith("automahntion <no-reply@automahntion.example>"), sender
    assert str(make_header(decode_header(confirmation.message["Subject"]))) == (
        "Bitte bestätigen Sie Ihre neue E-Mail-Adresse"
    )
    text = confirmation.message.get_payload(decode=True).decode()
    [link] = re.findall(r"http\S+/account/email/(amv_\S+)", text)
    assert "bisherige Adresse" in text
    async with httpx.AsyncClient(base_url=mail_world[0], trust_env=False) as public:
        page = await public.get(f"/account/email/{link}")
        assert page.status_code == 200
        assert 'method="post"' in page.text
        assert api.get("/v1/account").json()["email"] == OLD
        confirmed = await public.post(f"/account/email/{link}")
        assert confirmed.status_code == 200, confirmed.text
        assert "bestätigt" in confirmed.text
        assert (await public.post(f"/account/email/{link}")).status_code == 400
        assert (await public.post("/account/email/amv_unbekannt")).status_code == 400
    account = api.get("/v1/account").json()
    assert (account["email"], account["pendingAccountEmail"]) == (VICTIM, None)
    assert api.post("/v1/test-email").json() == {"sentTo": VICTIM}


async def test_mails_to_the_account_are_capped_per_day(
    mail_world: tuple[str, Sink, Settings],
) -> None:
    _, sink, _ = mail_world
    api = await _api(mail_world, "d")
    answers = [api.post("/v1/test-email") for _ in range(8)]
    assert [a.status_code for a in answers] == [200] * 5 + [429] * 3
    refused = answers[-1]
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["type"] == "/problems/account-mail-limit-reached"
    again = api.patch("/v1/account", json={"email": "noch-ein-opfer@opfer.example"})
    assert again.status_code == 429
    assert api.get("/v1/account").json()["pendingAccountEmail"] is None
    assert _sent_to(sink, "noch-ein-opfer@opfer.example") == []


async def test_the_cap_holds_however_much_else_the_account_did_that_day(
    mail_world: tuple[str, Sink, Settings],
) -> None:
    _, _, settings = mail_world
    api, tenant_id = await _tenant_api(mail_world, "k")
    assert [api.post("/v1/test-email").status_code for _ in range(5)] == [200] * 5
    await _audit_other_actions(settings, tenant_id, 600)
    assert api.post("/v1/test-email").status_code == 429


async def test_a_sender_name_cannot_carry_bidirectional_controls(
    mail_world: tuple[str, Sink, Settings],
) -> None:
    api = await _api(mail_world, "e")
    for control in BIDI:
        refused = api.patch("/v1/account", json={"name": f"Ihre Bank{control}Konto gesperrt"})
        assert refused.status_code == 422, (hex(ord(control)), refused.text)
        assert [e["field"] for e in refused.json()["errors"]] == ["name"]
    assert api.get("/v1/account").json()["name"] == "Bäckerei Sonne"


async def test_a_confirmation_token_works_once_and_not_after_it_expired(
    database: Database,
) -> None:
    tenant = await new_tenant(database)
    later = NOW + timedelta(hours=49)
    async with database.unit_of_work() as uow:
        account = uow.tenant(tenant.id).account
        await account.request_email_change("neu@baeckerei.example", hash_secret("amv_a"), later)
    async with database.unit_of_work() as uow:
        assert (await uow.tenant(tenant.id).account.get()).pending_account_email == (
            "neu@baeckerei.example"
        )
        assert await uow.tenants.confirm_account_email(hash_secret("amv_a"), later) is None
        assert await uow.tenants.confirm_account_email(hash_secret("amv_a"), NOW) == tenant.id
        assert await uow.tenants.confirm_account_email(hash_secret("amv_a"), NOW) is None
        confirmed = await uow.tenant(tenant.id).account.get()
    assert (confirmed.account_email, confirmed.pending_account_email) == (
        "neu@baeckerei.example",
        None,
    )
