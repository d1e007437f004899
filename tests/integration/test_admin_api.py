"""The internal admin API through the generated SDK against a live server, and the admin token
commands. The admin token is issued with the CLI, as an operator would."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

import httpx
import pytest
from automahntion_client import AuthenticatedClient, Client
from automahntion_client.api.admin import (
    admin_change_plan,
    admin_create_tenant,
    admin_get_tenant,
    admin_list_tenants,
)
from automahntion_client.api.lexoffice import get_lexoffice_connection
from automahntion_client.models import (
    AdminTenantIn,
    AdminTenantOut,
    AdminTenantPage,
    CreatedTenantOut,
    Plan,
    PlanIn,
    Problem,
    TenantSupportOut,
)
from automahntion_client.types import UNSET, Response

from automahntion.app.invoices.admission import refresh_admission
from automahntion.app.lexoffice.disconnect_reasons import DisconnectReason
from automahntion.app.lexoffice.records import (
    ConnectionKind,
    ConnectionStatus,
    LexofficeConnection,
)
from automahntion.app.mail.records import SmtpServer
from automahntion.app.messages.records import Claim
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level
from automahntion.domain.quota import PLAN_LIMITS
from tests.fakes.dunning import refused
from tests.integration.conftest import migrated_sqlite_at, run_cli
from tests.integration.helpers import contact, invoice
from tests.integration.lexoffice_env import Sandbox, TestClock, free_port, serving_api, settings_for

MARK = "Zebrafink"
"""In the names of the tenants the list tests page through, and in no other."""
BUSY_KEY = "amk_" + "e" * 43
OVERDUE = PLAN_LIMITS[Plan.STARTER] + 3
LEXOFFICE_SECRET = "lxk-geheim-0815"
SMTP_PASSWORD = "smtp-geheim-4711"
CUSTOMER_ADDRESS = "buchhaltung@cafe.example"


@dataclass(frozen=True)
class World:
    api_url: str
    database_url: str
    admin_token: str
    admin_token_id: str
    busy: UUID
    """A Starter tenant with more overdue invoices than Starter admits, mail and lexoffice."""
    marked: dict[str, Plan]
    """Tenants whose names hold MARK, by id."""


async def _add(container: Container, name: str, email: str, plan: Plan, key: str) -> UUID:
    created = await create_tenant(
        container.database.unit_of_work,
        NewTenant(name, email, plan=plan),
        container.clock.now(),
        key,
    )
    return created.tenant.id


async def _busy_tenant(container: Container) -> UUID:
    now = container.clock.now()
    tenant_id = await _add(
        container, "Café Morgenrot", "chef@morgenrot.example", Plan.STARTER, BUSY_KEY
    )
    invoices = [invoice(f"RE-{n:02}", due_ago=40 - n) for n in range(OVERDUE)]
    invoices.append(invoice("RE-OHNE", contact_id="c-unknown"))
    async with container.database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        await store.contacts.upsert([contact("c-1", CUSTOMER_ADDRESS)])
        await store.invoices.upsert(invoices, now)
        counts = await refresh_admission(store, await store.account.get(), now)
        assert (counts.admitted, counts.waiting, counts.blocked) == (10, 3, 1)
        await store.connection.save(
            LexofficeConnection(
                kind=ConnectionKind.API_KEY,
                status=ConnectionStatus.DISCONNECTED,
                organization_id="org-morgenrot",
                company_name="Café Morgenrot GmbH",
                api_key=LEXOFFICE_SECRET,
                disconnected_reason=DisconnectReason.decode("the API key was revoked in lexoffice"),
            )
        )
        await store.smtp.save(
            SmtpServer(
                "mail.morgenrot.example",
                587,
                "rechnung@morgenrot.example",
                password=SMTP_PASSWORD,
                username="kasse",
            )
        )
        first = await store.invoices.by_lexoffice_id("lx-RE-00")
        second = await store.invoices.by_lexoffice_id("lx-RE-01")
        await store.account.set_activated(now)  # it sent these, then its owner deactivated it
        sent = await store.messages.claim(
            Claim(first.id, Level.R1, Channel.EMAIL, "<r1@x>", now.date(), now)
        )
        await store.messages.mark_sent(
            sent.id,
            at=now,
            recipient_domain="cafe.example",
            transport_message_id="t-1",
            content_sha256="0" * 64,
        )
        failed = await store.messages.claim(
            Claim(
                second.id,
                Level.R1,
                Channel.EMAIL,
                "<r1b@x>",
                now.date(),
                now + timedelta(seconds=1),
            )
        )
        await store.messages.mark_failed(
            failed.id, reason=refused(f"550 5.1.1 <{CUSTOMER_ADDRESS}>: mailbox unknown"), at=now
        )
        await store.account.set_activated(None)
    return tenant_id


async def _seed(settings: Settings) -> tuple[UUID, dict[str, Plan]]:
    container = await Container.start(settings, TestClock())
    try:
        busy = await _busy_tenant(container)
        marked = {}
        plans = [
            Plan.STARTER,
            Plan.PRO,
            Plan.BUSINESS,
            Plan.PRO,
            Plan.STARTER,
            Plan.PRO,
            Plan.STARTER,
        ]
        for n, plan in enumerate(plans):
            name = f"{MARK} {n} Werkstatt" if n != 3 else f"100% {MARK}_Bio"
            ident = await _add(
                container, name, f"team{n}@zebra{n}.example", plan, "amk_" + uuid.uuid4().hex * 2
            )
            marked[str(ident)] = plan
        await _add(
            container,
            "Metzgerei Weber",
            "WEBER@Metzgerei.example",
            Plan.BUSINESS,
            "amk_" + "w" * 43,
        )
        return busy, marked
    finally:
        await container.stop()


@pytest.fixture(scope="module")
def world(sandbox_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("admin-api")
    url = migrated_sqlite_at(folder / "admin.sqlite3")
    issued = run_cli("admin", "create-token", "--name", "support", database_url=url)
    assert issued.returncode == 0, issued.stderr
    token = json.loads(issued.stdout)
    settings = settings_for(Sandbox(sandbox_url), url, f"http://127.0.0.1:{free_port()}")
    busy, marked = asyncio.run(_seed(settings))
    with serving_api(settings) as api_url:
        yield World(api_url, url, token["token"], token["id"], busy, marked)


def _admin(world: World, token: str | None = None) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=world.api_url, token=token or world.admin_token, httpx_args={"trust_env": False}
    )


def _problem(response: Response[object], status: int) -> Problem:
    assert response.status_code == status, response.content
    assert response.headers["content-type"].startswith("application/problem+json")
    assert isinstance(response.parsed, Problem), response.parsed
    assert response.parsed.status == status
    return response.parsed


def _fields(problem: Problem) -> set[str]:
    assert isinstance(problem.errors, list)
    return {error.field for error in problem.errors}


def _page(client: AuthenticatedClient, **query: object) -> AdminTenantPage:
    page = admin_list_tenants.sync(client=client, **query)  # type: ignore[arg-type]
    assert isinstance(page, AdminTenantPage), page
    return page


def _all_pages(client: AuthenticatedClient, limit: int, **query: object) -> list[AdminTenantOut]:
    items: list[AdminTenantOut] = []
    cursor: object = UNSET
    for _ in range(50):
        page = _page(client, limit=limit, cursor=cursor, **query)
        assert len(page.items) <= limit
        items += page.items
        if not isinstance(page.next_cursor, str):
            return items
        cursor = page.next_cursor
    raise AssertionError("the pages never ended")


def test_tenants_are_searched_filtered_and_paged(world: World) -> None:
    with _admin(world) as admin:
        everyone = _all_pages(admin, 200)
        unissued = _page(admin, limit=200, cursor="00")
        marked = _all_pages(admin, 2, q=MARK.upper())
        pros = _all_pages(admin, 2, q=MARK.lower(), plan=Plan.PRO)
        by_email = _page(admin, q="metzgerei.EXAMPLE").items
        literal_percent = _page(admin, q="100%").items
        literal_underscore = _page(admin, q=f"{MARK}_").items
        nobody = _page(admin, q="gibt es nicht")
    assert [t.id for t in unissued.items] == [t.id for t in everyone]
    assert {str(t.id) for t in marked} == set(world.marked)
    assert len(marked) == len(world.marked)
    assert [t.id for t in marked] == [t.id for t in everyone if str(t.id) in world.marked]
    assert {str(t.id) for t in pros} == {i for i, p in world.marked.items() if p is Plan.PRO}
    assert all(t.plan is Plan.PRO and t.limit == PLAN_LIMITS[Plan.PRO] for t in pros)
    assert [t.name for t in by_email] == ["Metzgerei Weber"]
    assert [t.name for t in literal_percent] == [f"100% {MARK}_Bio"]
    assert [t.name for t in literal_underscore] == [f"100% {MARK}_Bio"]
    assert (nobody.items, nobody.next_cursor) == ([], None)
    busy = next(t for t in everyone if t.id == world.busy)
    assert (busy.plan, busy.limit, busy.custom_limit) == (Plan.STARTER, 10, None)
    assert (busy.connection.value, busy.admitted, busy.waiting) == ("disconnected", 10, 3)
    fresh = next(t for t in marked)
    assert (fresh.connection.value, fresh.admitted, fresh.waiting) == ("not connected", 0, 0)


def test_a_bad_filter_or_cursor_is_a_422_naming_it(world: World) -> None:
    with _admin(world) as admin:
        http = admin.get_httpx_client()
        bad_plan = http.get("/v1/admin/tenants", params={"plan": "gold"})
        bad_cursor = http.get("/v1/admin/tenants", params={"cursor": "bm9wZQ"})
        too_many = admin_list_tenants.sync_detailed(client=admin, limit=1000)
    for response, field in ((bad_plan, "plan"), (bad_cursor, "cursor")):
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert field in _fields(Problem.from_dict(response.json()))
    assert "limit" in _fields(_problem(too_many, 422))


def test_creating_a_tenant_returns_its_first_api_key_once(world: World) -> None:
    with _admin(world) as admin:
        created = admin_create_tenant.sync(
            client=admin,
            body=AdminTenantIn(
                name="Optik Scharf", email="laden@optik.example", plan=Plan.BUSINESS
            ),
        )
        assert isinstance(created, CreatedTenantOut), created
        view = admin_get_tenant.sync(client=admin, tenant_id=created.tenant.id)
        empty_name = admin_create_tenant.sync_detailed(
            client=admin, body=AdminTenantIn(name="", email="a@b.example")
        )
        bad_email = admin_create_tenant.sync_detailed(
            client=admin, body=AdminTenantIn(name="Ohne Adresse", email="keine-adresse")
        )
    assert created.tenant.name == "Optik Scharf"
    assert (created.tenant.plan, created.tenant.limit) == (Plan.BUSINESS, 50)
    assert created.api_key.startswith("amk_")
    with httpx.Client(
        base_url=world.api_url,
        headers={"Authorization": f"Bearer {created.api_key}"},
        trust_env=False,
    ) as tenant:
        assert tenant.get("/v1/lexoffice/connection").json()["connected"] is False
        activation = tenant.get("/v1/activation").json()
    assert (activation["activated"], activation["activatedAt"]) == (False, None)
    assert isinstance(view, TenantSupportOut)
    assert created.api_key not in json.dumps(view.to_dict())
    assert view.active_api_keys == 1
    assert [(a.action, a.subject) for a in view.recent_audit] == [("tenant.created", "business")]
    assert "support" in view.recent_audit[0].actor
    assert world.admin_token_id in view.recent_audit[0].actor
    assert "name" in _fields(_problem(empty_name, 422))
    assert "email" in _fields(_problem(bad_email, 422))


def test_the_support_view_shows_states_and_counts_but_no_secrets(world: World) -> None:
    with _admin(world) as admin:
        response = admin_get_tenant.sync_detailed(client=admin, tenant_id=world.busy)
    view = response.parsed
    assert isinstance(view, TenantSupportOut), response.content
    assert (view.name, view.email, view.billing_email) == (
        "Café Morgenrot",
        "chef@morgenrot.example",
        "chef@morgenrot.example",
    )
    assert (view.plan, view.limit, view.admitted, view.waiting, view.blocked) == (
        Plan.STARTER,
        10,
        10,
        3,
        1,
    )
    assert view.lexoffice.status.value == "disconnected"
    assert view.lexoffice.organization_id == "org-morgenrot"
    assert view.lexoffice.company_name == "Café Morgenrot GmbH"
    assert view.lexoffice.disconnected_reason == "the API key was revoked in lexoffice"
    assert view.lexoffice.disconnected_reason_code == "other"
    assert view.smtp_configured is True
    assert view.active_api_keys == 1
    assert view.last_sync_at is None
    assert view.activated_at is None
    messages = [
        (m.invoice_number, m.level.value, m.channel.value, m.state.value, m.attempts)
        for m in view.recent_messages
    ]
    assert messages == [("RE-01", "R1", "email", "failed", 1), ("RE-00", "R1", "email", "sent", 1)]
    assert view.recent_messages[0].failure_reason == (
        "refused by the mail server (550 5.1.1 <<address>>: mailbox unknown)"
    )
    body = response.content.decode()
    for secret in (LEXOFFICE_SECRET, SMTP_PASSWORD, CUSTOMER_ADDRESS, BUSY_KEY, "cafe.example"):
        assert secret not in body


def test_a_plan_change_applies_at_once_and_is_audited(world: World) -> None:
    with _admin(world) as admin:
        upgraded = admin_change_plan.sync(
            client=admin, tenant_id=world.busy, body=PlanIn(plan=Plan.BUSINESS)
        )
        custom = admin_change_plan.sync(
            client=admin, tenant_id=world.busy, body=PlanIn(plan=Plan.BUSINESS, custom_limit=11)
        )
        listed = _page(admin, q="Morgenrot").items
        cleared = admin_change_plan.sync(
            client=admin, tenant_id=world.busy, body=PlanIn(plan=Plan.STARTER, custom_limit=None)
        )
        zero = admin_change_plan.sync_detailed(
            client=admin, tenant_id=world.busy, body=PlanIn(plan=Plan.PRO, custom_limit=0)
        )
        bad_plan = admin.get_httpx_client().put(
            f"/v1/admin/tenants/{world.busy}/plan", json={"plan": "gold"}
        )
        unknown = admin_change_plan.sync_detailed(
            client=admin, tenant_id=uuid.uuid4(), body=PlanIn(plan=Plan.PRO)
        )
        after = admin_get_tenant.sync(client=admin, tenant_id=world.busy)
    assert isinstance(upgraded, TenantSupportOut)
    assert (upgraded.plan, upgraded.limit, upgraded.admitted, upgraded.waiting) == (
        Plan.BUSINESS,
        50,
        OVERDUE,
        0,
    )
    assert isinstance(custom, TenantSupportOut)
    assert (custom.limit, custom.custom_limit, custom.admitted, custom.waiting) == (11, 11, 11, 2)
    assert [(t.limit, t.custom_limit, t.admitted, t.waiting) for t in listed] == [(11, 11, 11, 2)]
    assert isinstance(cleared, TenantSupportOut)
    assert (cleared.plan, cleared.limit, cleared.custom_limit) == (Plan.STARTER, 10, None)
    assert (cleared.admitted, cleared.waiting) == (10, 3)
    assert "customLimit" in _fields(_problem(zero, 422))
    assert bad_plan.status_code == 422
    assert "plan" in _fields(Problem.from_dict(bad_plan.json()))
    _problem(unknown, 404)
    assert isinstance(after, TenantSupportOut)
    assert (after.plan, after.limit) == (Plan.STARTER, 10)
    changes = [a for a in after.recent_audit if a.action == "plan.changed"]
    assert [a.subject for a in changes] == ["starter", "business", "business"]
    newest = changes[0]
    assert newest.actor == f"admin support ({world.admin_token_id})"
    assert newest.detail.to_dict()["from"] == {"plan": "business", "customLimit": 11}
    assert newest.detail.to_dict()["to"] == {"plan": "starter", "customLimit": None}


def test_admin_routes_take_admin_tokens_only_and_tenant_routes_refuse_them(world: World) -> None:
    with Client(base_url=world.api_url, httpx_args={"trust_env": False}) as anonymous:
        _problem(admin_list_tenants.sync_detailed(client=anonymous), 401)
    with _admin(world, "ama_" + "x" * 43) as forged:
        _problem(admin_get_tenant.sync_detailed(client=forged, tenant_id=world.busy), 401)
    with _admin(world, BUSY_KEY) as tenant_key:
        _problem(admin_list_tenants.sync_detailed(client=tenant_key), 403)
        _problem(admin_get_tenant.sync_detailed(client=tenant_key, tenant_id=world.busy), 403)
        refused = admin_change_plan.sync_detailed(
            client=tenant_key, tenant_id=world.busy, body=PlanIn(plan=Plan.PRO)
        )
        _problem(refused, 403)
        own = get_lexoffice_connection.sync_detailed(client=tenant_key)
        assert own.status_code == 200
    with _admin(world) as admin:
        _problem(get_lexoffice_connection.sync_detailed(client=admin), 403)
        _problem(admin_get_tenant.sync_detailed(client=admin, tenant_id=uuid.uuid4()), 404)
        still = admin_get_tenant.sync(client=admin, tenant_id=world.busy)
    assert isinstance(still, TenantSupportOut)
    assert still.plan is not Plan.PRO


def test_admin_tokens_are_created_listed_and_revoked_with_the_cli(world: World) -> None:
    created = run_cli(
        "admin", "create-token", "--name", "nachtschicht", database_url=world.database_url
    )
    assert created.returncode == 0, created.stderr
    token = json.loads(created.stdout)
    assert set(token) == {"id", "name", "token"}
    assert token["name"] == "nachtschicht"
    assert token["token"].startswith("ama_")
    with _admin(world, token["token"]) as admin:
        assert admin_list_tenants.sync_detailed(client=admin).status_code == 200
    listed = run_cli("admin", "list-tokens", database_url=world.database_url)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    mine = [line for line in lines if line.startswith(token["id"])]
    assert len(mine) == 1
    assert "nachtschicht" in mine[0]
    assert "active" in mine[0]
    assert "last used -" not in mine[0]
    assert any(line.startswith(world.admin_token_id) for line in lines)
    assert token["token"] not in listed.stdout
    assert world.admin_token not in listed.stdout
    revoked = run_cli("admin", "revoke-token", token["id"], database_url=world.database_url)
    assert revoked.returncode == 0, revoked.stderr
    with _admin(world, token["token"]) as admin:
        _problem(admin_list_tenants.sync_detailed(client=admin), 401)
    with _admin(world) as admin:
        assert admin_list_tenants.sync_detailed(client=admin).status_code == 200
    relisted = run_cli("admin", "list-tokens", database_url=world.database_url).stdout
    assert "revoked" in next(line for line in relisted.splitlines() if line.startswith(token["id"]))
    again = run_cli("admin", "revoke-token", token["id"], database_url=world.database_url)
    assert again.returncode == 1
    assert "no admin token" in again.stderr
    not_an_id = run_cli("admin", "revoke-token", "nope", database_url=world.database_url)
    assert not_an_id.returncode == 2
    blank = run_cli("admin", "create-token", "--name", "  ", database_url=world.database_url)
    assert blank.returncode == 1
    assert "name" in blank.stderr
