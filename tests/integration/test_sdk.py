"""The generated SDK against a live `serve`: files as bytes, pages followed, a 429 waited out;
and `automahntion-admin`, installed as a console script, against the same server."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from uuid import UUID

import pytest
from automahntion_client import AuthenticatedClient, __version__
from automahntion_client.api.account import get_account
from automahntion_client.api.documents import (
    download_invoice_document,
    list_invoice_documents,
    preview_invoice_letter,
)
from automahntion_client.api.events import list_events
from automahntion_client.api.invoices import list_invoices, pause_invoice
from automahntion_client.api.levels import list_level_template_versions, save_level_template
from automahntion_client.models import (
    AccountOut,
    BlockReason,
    DisconnectCode,
    EventPage,
    FeedbackReceivedEvent,
    InvoiceBlockedAttention,
    InvoiceNeedsAttentionEvent,
    InvoicePaidEvent,
    LetterState,
    LetterStatusChangedEvent,
    Level,
    LexofficeDisconnectedEvent,
    MessageHeldAttention,
    PauseIn,
    TemplateIn,
    TemplateOut,
    TemplatePage,
)
from automahntion_client.pages import aiterate_pages, iterate_pages
from automahntion_client.types import File

from automahntion.api.app import API_VERSION
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from automahntion.domain.levels import Level as DomainLevel
from tests.integration.conftest import migrated_sqlite_at, run_cli
from tests.integration.event_samples import record_each_type_but_messages
from tests.integration.helpers import contact, invoice
from tests.integration.lexoffice_env import Sandbox, TestClock, free_port, serving_api, settings_for

ROOT = Path(__file__).parents[2]
KEY = "amk_" + "d" * 43
INVOICES = 7


@dataclass(frozen=True)
class World:
    api_url: str
    settings: Settings
    admin_token: str
    tenant: UUID
    invoice: UUID


async def _seed(settings: Settings) -> tuple[UUID, UUID]:
    container = await Container.start(settings, TestClock())
    try:
        created = await create_tenant(
            container.database.unit_of_work,
            NewTenant("Konditorei Süß", "chef@konditorei.example"),
            container.clock.now(),
            KEY,
        )
        async with container.database.unit_of_work() as uow:
            store = uow.tenant(created.tenant.id)
            await store.contacts.upsert(
                [contact("c-1")],
                {"c-1": {"street": "Marktplatz 4", "zip": "04109", "city": "Leipzig"}},
            )
            await store.invoices.upsert(
                [invoice(f"RE-{n}") for n in range(INVOICES)], container.clock.now()
            )
            first = await store.invoices.by_lexoffice_id("lx-RE-0")
        return created.tenant.id, first.id
    finally:
        await container.stop()


async def _keep_document(settings: Settings, tenant: UUID, invoice_id: UUID, pdf: bytes) -> UUID:
    """A dunning document as the cycle keeps one: its file in the store, its row pointing at it."""
    container = await Container.start(settings, TestClock())
    try:
        async with container.database.unit_of_work() as uow:
            document = await uow.tenant(tenant).documents.begin(
                invoice_id, DomainLevel.M1, "own", container.clock.now()
            )
        files = container.dunning.files
        assert files is not None
        ref = await files.put(f"{tenant}-RE-0-M1.pdf", pdf)
        async with container.database.unit_of_work() as uow:
            await uow.tenant(tenant).documents.created(document, file_ref=ref, dunning_id=None)
        return document
    finally:
        await container.stop()


@pytest.fixture(scope="module")
def world(sandbox_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("sdk")
    url = migrated_sqlite_at(folder / "sdk.sqlite3")
    issued = run_cli("admin", "create-token", "--name", "sdk", database_url=url)
    assert issued.returncode == 0, issued.stderr
    settings = replace(
        settings_for(Sandbox(sandbox_url), url, f"http://127.0.0.1:{free_port()}"),
        documents_dir=str(folder / "documents"),
    )
    tenant, first = asyncio.run(_seed(settings))
    with serving_api(settings) as api_url:
        yield World(api_url, settings, json.loads(issued.stdout)["token"], tenant, first)


def _client(url: str, token: str = KEY, **options: object) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=url, token=token, httpx_args={"trust_env": False}, **options
    )


def _pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "document.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout


def test_the_version_is_the_apis() -> None:
    assert __version__ == API_VERSION


def test_a_document_pdf_arrives_as_bytes_pdftotext_reads(world: World, tmp_path: Path) -> None:
    with _client(world.api_url) as client:
        preview = preview_invoice_letter.sync(
            world.invoice, client=client, level=Level.M2, format_="pdf"
        )
        html = preview_invoice_letter.sync(world.invoice, client=client, level=Level.M2)
    assert isinstance(preview, File), preview
    assert isinstance(html, File), html
    letter = preview.payload.read()
    assert letter.startswith(b"%PDF-")
    assert "Marktplatz 4" in html.payload.read().decode()
    document = asyncio.run(_keep_document(world.settings, world.tenant, world.invoice, letter))
    with _client(world.api_url) as client:
        listed = list_invoice_documents.sync(world.invoice, client=client)
        assert isinstance(listed, list)
        assert [d.id for d in listed] == [str(document)]
        downloaded = download_invoice_document.sync(document, client=client)
    assert isinstance(downloaded, File), downloaded
    data = downloaded.payload.read()
    assert data == letter
    text = _pdf_text(data, tmp_path)
    assert "2. Mahnung" in text
    assert "RE-0" in text


def test_pages_are_followed_to_the_end(world: World) -> None:
    with _client(world.api_url) as client:
        one_page = list_invoices.sync(client=client, limit=250)
        paged = list(iterate_pages(list_invoices.sync, client, limit=2))
    assert one_page is not None
    assert not isinstance(one_page.next_cursor, str)
    assert len(paged) == INVOICES
    assert [i.id for i in paged] == [i.id for i in one_page.items]

    async def collect() -> list[str]:
        async with _client(world.api_url) as client:
            return [i.number async for i in aiterate_pages(list_invoices.asyncio, client, limit=3)]

    assert asyncio.run(collect()) == [i.number for i in paged]


def test_a_levels_template_versions_are_followed_page_by_page(world: World) -> None:
    with _client(world.api_url) as client:
        for n in (2, 3):
            body = TemplateIn(subject=f"Erinnerung {n}", body="Bitte zahlen Sie.")
            saved = save_level_template.sync(Level.R6, client=client, body=body)
            assert isinstance(saved, TemplateOut), saved
        first = list_level_template_versions.sync(Level.R6, client=client, limit=2)
        paged = list(
            iterate_pages(list_level_template_versions.sync, client, level=Level.R6, limit=2)
        )
    assert isinstance(first, TemplatePage), first
    assert [v.version for v in first.items] == [1, 2]
    assert isinstance(first.next_cursor, str)
    assert [v.version for v in paged] == [1, 2, 3]
    assert paged[-1].subject == "Erinnerung 3"


async def _record_events(settings: Settings, tenant: UUID, invoice_id: UUID) -> None:
    container = await Container.start(settings, TestClock())
    try:
        async with container.database.unit_of_work() as uow:
            store = uow.tenant(tenant)
            await record_each_type_but_messages(store, invoice_id, "RE-0", container.clock.now())
    finally:
        await container.stop()


def test_events_arrive_as_a_model_per_type(world: World) -> None:
    asyncio.run(_record_events(world.settings, world.tenant, world.invoice))
    with _client(world.api_url) as client:
        page = list_events.sync(client=client, limit=250)
    assert isinstance(page, EventPage), page
    by_type = {type(e): e for e in page.items}
    paid = by_type[InvoicePaidEvent]
    assert isinstance(paid, InvoicePaidEvent)
    assert (paid.type_, paid.data.invoice_id, paid.data.invoice_number) == (
        "invoice.paid",
        world.invoice,
        "RE-0",
    )
    letter = by_type[LetterStatusChangedEvent]
    assert isinstance(letter, LetterStatusChangedEvent)
    assert (letter.data.previous_state, letter.data.state) == (
        LetterState.PRINTING,
        LetterState.SENT,
    )
    assert letter.data.reported_at < letter.occurred_at
    feedback = by_type[FeedbackReceivedEvent]
    assert isinstance(feedback, FeedbackReceivedEvent)
    assert (feedback.data.stars, feedback.data.comment) == (4, "Freundlich")
    lost = by_type[LexofficeDisconnectedEvent]
    assert isinstance(lost, LexofficeDisconnectedEvent)
    assert lost.data.reason_code is DisconnectCode.REFRESH_REFUSED
    attention = [e.data for e in page.items if isinstance(e, InvoiceNeedsAttentionEvent)]
    blocked = [a for a in attention if isinstance(a, InvoiceBlockedAttention)]
    assert [b.reason_code for b in blocked] == [BlockReason.MISSING_EMAIL]
    assert [type(a) for a in attention if not isinstance(a, InvoiceBlockedAttention)] == [
        MessageHeldAttention,
        MessageHeldAttention,
    ]


def test_an_idempotency_key_replays_the_first_answer(world: World) -> None:
    key = str(uuid.uuid4())
    with _client(world.api_url) as client:
        first = pause_invoice.sync_detailed(
            world.invoice, client=client, body=PauseIn(reason="Ratenzahlung"), idempotency_key=key
        )
        again = pause_invoice.sync_detailed(
            world.invoice, client=client, body=PauseIn(reason="Ratenzahlung"), idempotency_key=key
        )
        other_body = pause_invoice.sync_detailed(
            world.invoice, client=client, body=PauseIn(reason="anders"), idempotency_key=key
        )
    assert first.status_code == 200, first.content
    assert again.status_code == 200
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.content == first.content
    assert other_body.status_code == 409


def test_a_429_is_waited_out_for_its_retry_after(sandbox_url: str, tmp_path: Path) -> None:
    url = migrated_sqlite_at(tmp_path / "limited.sqlite3")
    settings = replace(
        settings_for(Sandbox(sandbox_url), url, f"http://127.0.0.1:{free_port()}"),
        api_rate_limit=2,
    )
    asyncio.run(_seed(settings))
    with serving_api(settings) as api_url:
        with _client(api_url, retries_on_429=0) as impatient:
            spent = [get_account.sync_detailed(client=impatient) for _ in range(3)]
        refused = spent[-1]
        assert [r.status_code for r in spent] == [200, 200, 429]
        wait = int(refused.headers["Retry-After"])
        started = time.monotonic()
        with _client(api_url) as patient:
            answered = get_account.sync_detailed(client=patient)
        waited = time.monotonic() - started
    assert answered.status_code == 200, answered.content
    assert isinstance(answered.parsed, AccountOut)
    assert waited >= wait - 1


@pytest.fixture(scope="module")
def admin_tool(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SDK installed as an admin would (`pip install sdk/python`), into a folder of its
    own: its `automahntion-admin` is the console script the package declares."""
    folder = tmp_path_factory.mktemp("admin-tool")
    source = shutil.copytree(ROOT / "sdk" / "python", folder / "source")
    target = folder / "installed"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    subprocess.run(
        [*pip, "--target", str(target), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def _admin(tool: Path, world: World, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(tool),
        "AUTOMAHNTION_API_URL": world.api_url,
        "AUTOMAHNTION_ADMIN_TOKEN": world.admin_token,
        "NO_PROXY": "*",
    }
    return subprocess.run(
        [str(tool / "bin" / "automahntion-admin"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_admin_tool_explains_itself(admin_tool: Path, world: World) -> None:
    helped = _admin(admin_tool, world, "--help")
    versioned = _admin(admin_tool, world, "--version")
    nested = _admin(admin_tool, world, "tenants", "set-plan", "--help")
    assert helped.returncode == 0, helped.stderr
    assert "tenants" in helped.stdout
    assert "oauth-clients" in helped.stdout
    assert "tokens" in helped.stdout
    assert versioned.stdout.strip() == f"automahntion-admin {API_VERSION}"
    assert "--custom-limit" in nested.stdout


def test_the_admin_tool_lists_searches_shows_and_changes_tenants(
    admin_tool: Path, world: World
) -> None:
    created = _admin(
        admin_tool, world, "tenants", "create", "--name", "Optik Scharf", "--email",
        "laden@optik.example", "--plan", "pro", "--json",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    new = json.loads(created.stdout)
    tenant = new["tenant"]["id"]
    assert new["apiKey"].startswith("amk_")
    listed = _admin(admin_tool, world, "tenants", "list")
    listed_json = json.loads(_admin(admin_tool, world, "tenants", "list", "--json").stdout)
    found = _admin(admin_tool, world, "tenants", "search", "KONDITOREI")
    nothing = _admin(admin_tool, world, "tenants", "search", "gibt es nicht")
    shown = _admin(admin_tool, world, "tenants", "show", str(world.tenant))
    audited = _admin(admin_tool, world, "tenants", "show", tenant)
    planned = _admin(admin_tool, world, "tenants", "set-plan", tenant, "business")
    limited = _admin(admin_tool, world, "tenants", "set-limit", tenant, "77", "--json")
    back = _admin(admin_tool, world, "tenants", "set-limit", tenant, "plan")
    refused = _admin(admin_tool, world, "tenants", "set-plan", tenant, "pro", "--custom-limit", "0")
    unknown = _admin(admin_tool, world, "tenants", "show", str(uuid.uuid4()))
    assert listed.returncode == 0, listed.stderr
    header, rule, *rows = listed.stdout.splitlines()
    assert header.split()[:4] == ["ID", "NAME", "E-MAIL", "PLAN"]
    assert set(rule) <= {"-", " "}
    assert any("Konditorei Süß" in r for r in rows)
    assert any("Optik Scharf" in r and "pro" in r for r in rows)
    assert {t["name"] for t in listed_json} >= {"Konditorei Süß", "Optik Scharf"}
    assert "Konditorei Süß" in found.stdout
    assert "Optik Scharf" not in found.stdout
    assert nothing.returncode == 0
    assert "no tenant matches" in nothing.stdout
    assert shown.returncode == 0, shown.stderr
    assert "chef@konditorei.example" in shown.stdout
    assert "Recent messages" in shown.stdout
    assert "Marktplatz" not in shown.stdout
    assert "tenant.created" in audited.stdout
    assert "admin sdk" in audited.stdout
    assert KEY not in shown.stdout
    assert planned.returncode == 0, planned.stderr
    assert "plan business, limit 50" in planned.stdout
    assert limited.returncode == 0, limited.stderr
    assert (json.loads(limited.stdout)["limit"], json.loads(limited.stdout)["plan"]) == (
        77,
        "business",
    )
    assert "limit 50 (the plan's own)" in back.stdout
    assert refused.returncode == 1
    assert "422" in refused.stderr
    assert "customLimit" in refused.stderr
    assert unknown.returncode == 1
    assert "404" in unknown.stderr


def test_the_admin_tool_registers_lists_and_revokes_oauth_clients(
    admin_tool: Path, world: World
) -> None:
    registered = _admin(
        admin_tool, world, "oauth-clients", "register", "--name", "Shop-Widget",
        "--redirect-uri", "https://shop.example/callback", "--scope", "invoices:read", "--json",
    )  # fmt: skip
    assert registered.returncode == 0, registered.stderr
    client = json.loads(registered.stdout)
    listed = _admin(admin_tool, world, "oauth-clients", "list")
    revoked = _admin(admin_tool, world, "oauth-clients", "revoke", client["id"])
    after = json.loads(_admin(admin_tool, world, "oauth-clients", "list", "--json").stdout)
    assert client["scopes"] == ["invoices:read"]
    assert "Shop-Widget" in listed.stdout
    assert client["clientId"] in listed.stdout
    assert revoked.returncode == 0, revoked.stderr
    assert [c["revokedAt"] is not None for c in after if c["id"] == client["id"]] == [True]


def test_the_admin_tool_creates_lists_and_revokes_admin_tokens(
    admin_tool: Path, world: World
) -> None:
    created = _admin(admin_tool, world, "tokens", "create", "--name", "support-laptop", "--json")
    assert created.returncode == 0, created.stderr
    token = json.loads(created.stdout)
    assert token["name"] == "support-laptop"
    assert token["token"].startswith("ama_")
    shown = _admin(admin_tool, world, "tokens", "create", "--name", "nachtschicht")
    assert shown.returncode == 0, shown.stderr
    assert "token (shown only now): ama_" in shown.stdout
    used = _admin(admin_tool, world, "--token", token["token"], "tenants", "list")
    own = _admin(admin_tool, world, "--token", token["token"], "tokens", "revoke", token["id"])
    listed = _admin(admin_tool, world, "tokens", "list")
    listed_json = json.loads(_admin(admin_tool, world, "tokens", "list", "--json").stdout)
    assert used.returncode == 0, used.stderr
    assert own.returncode == 1
    assert "409" in own.stderr
    assert "Own admin token" in own.stderr
    assert listed.returncode == 0, listed.stderr
    header, _, *rows = listed.stdout.splitlines()
    assert header.split() == ["ID", "NAME", "PREFIX", "CREATED", "LAST", "USED", "REVOKED"]
    assert any(token["id"] in r and "support-laptop" in r for r in rows)
    assert any("nachtschicht" in r for r in rows)
    assert {"sdk", "support-laptop", "nachtschicht"} <= {t["name"] for t in listed_json}
    assert all("token" not in t for t in listed_json)
    assert token["token"] not in listed.stdout + json.dumps(listed_json)
    assert world.admin_token not in listed.stdout + json.dumps(listed_json)
    revoked = _admin(admin_tool, world, "tokens", "revoke", token["id"], "--json")
    refused = _admin(admin_tool, world, "--token", token["token"], "tenants", "list")
    after = json.loads(_admin(admin_tool, world, "tokens", "list", "--json").stdout)
    again = _admin(admin_tool, world, "tokens", "revoke", token["id"])
    assert revoked.returncode == 0, revoked.stderr
    assert json.loads(revoked.stdout) == {"revoked": token["id"]}
    assert refused.returncode == 1
    assert "401" in refused.stderr
    assert [t["revokedAt"] is not None for t in after if t["id"] == token["id"]] == [True]
    assert again.returncode == 1
    assert "409" in again.stderr


def test_the_admin_tool_run_again_with_its_idempotency_key_creates_one_tenant(
    admin_tool: Path, world: World
) -> None:
    name = f"Hörgeräte {uuid.uuid4().hex[:8]}"
    create = ["tenants", "create", "--name", name, "--email", "laden@hoeren.example"]
    keyed = [*create, "--idempotency-key", f"anlegen-{name[-8:]}"]
    unsendable = _admin(admin_tool, world, *create, "--idempotency-key", "hörgeräte")
    first = _admin(admin_tool, world, *keyed, "--json")
    again = _admin(admin_tool, world, *keyed)
    other = _admin(admin_tool, world, *keyed[:-3], "laden@anders.example", *keyed[-2:])
    found = json.loads(_admin(admin_tool, world, "tenants", "search", name, "--json").stdout)
    assert first.returncode == 0, first.stderr
    created = json.loads(first.stdout)
    assert again.returncode == 0, again.stderr
    assert f"API key (shown only now): {created['apiKey']}" in again.stdout
    assert other.returncode == 1
    assert "409" in other.stderr
    assert [t["id"] for t in found] == [created["tenant"]["id"]]
    assert unsendable.returncode == 2
    assert "printable ASCII" in unsendable.stderr


def test_the_admin_tool_refuses_without_a_valid_admin_token(admin_tool: Path, world: World) -> None:
    tenant_key = _admin(admin_tool, world, "--token", KEY, "tenants", "list")
    env = {k: v for k, v in os.environ.items() if k != "AUTOMAHNTION_ADMIN_TOKEN"}
    none = subprocess.run(
        [str(admin_tool / "bin" / "automahntion-admin"), "tenants", "list"],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(admin_tool)},
        timeout=60,
        check=False,
    )
    assert tenant_key.returncode == 1
    assert "403" in tenant_key.stderr
    assert none.returncode == 2
    assert "no admin token" in none.stderr
