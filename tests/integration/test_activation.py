"""Nothing is sent before the owner says so (domain rules 3): a new tenant's cycle holds, the
activation resource answers with the next sending day's dry run, the long-overdue count and
the sync start that would leave them out, and deactivating stops sending at once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import httpx

from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.api.scopes import TENANT_SCOPES
from automahntion.app.access import oauth
from automahntion.app.access.credentials import hash_secret, issue_admin_token
from automahntion.app.access.records import NewOAuthToken
from automahntion.app.dunning import NOT_ACTIVATED, CycleReport, DunningPorts, run_cycle
from automahntion.app.dunning.activation import activation_state
from automahntion.app.lexoffice import connect
from automahntion.app.tenants.records import Tenant
from tests.integration.lexoffice_env import Sandbox, Service
from tests.smtp_sink import Sink

TODAY = "2026-11-27"


def _setup(box: Sandbox) -> dict[str, Any]:
    """One invoice due for R1, two overdue for more than 90 days, one not yet due."""
    org = box.organization()
    oid = org["organizationId"]
    cafe = box.contact(oid, "Café Morgenrot", business=["buchhaltung@cafe.example"])
    hotel = box.contact(oid, "Hotel Lindenhof", office=["info@hotel.example"])
    for number, voucher, due, contact in (
        ("RE-601", "2026-11-06", "2026-11-20", cafe),
        ("RE-602", "2026-07-15", "2026-08-01", hotel),
        ("RE-603", "2026-06-20", "2026-07-01", cafe),
        ("RE-604", "2026-11-20", "2026-12-20", cafe),
    ):
        box.voucher(
            oid,
            voucherNumber=number,
            voucherDate=voucher,
            dueDate=due,
            totalAmount=119.0,
            contactId=contact,
        )
    return org


async def _new_tenant(service: Service, org: dict[str, Any]) -> tuple[Tenant, str]:
    """Connected and synced, never activated; sending hour 23:00 keeps the server's own
    schedule away, so only the test runs cycles."""
    key = "amk_" + uuid.uuid4().hex * 2
    tenant = await service.tenant(key, activated=False)
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
        await account.save_settings(replace(settings, sending_hour=23))
    await service.sync(tenant)
    return tenant, key


class _Mail:
    def __init__(self, service: Service, sink: Sink) -> None:
        mail = SmtpMailTransports(
            sink.host, sink.port, "mahnung@automahntion.example", tls="none",
            allow_private_hosts=True,
        )  # fmt: skip
        self.ports: DunningPorts = replace(service.container.dunning, mail=mail)
        self.sink = sink

    async def cycle(self, tenant: Tenant) -> CycleReport:
        return await run_cycle(self.ports, tenant.id)


@contextmanager
def _mail(service: Service) -> Iterator[_Mail]:
    with Sink() as sink:
        yield _Mail(service, sink)


async def _widget_token(service: Service, tenant: Tenant, scope: str) -> str:
    """An OAuth access token of a widget the tenant granted only `scope`."""
    units = service.container.database.unit_of_work
    now = service.container.clock.now()
    client = await oauth.register_client(
        units,
        name="Widget",
        redirect_uris=["https://widget.example/cb"],
        scopes=[scope],
        confidential=False,
        grantable=TENANT_SCOPES,
        now=now,
    )
    access = "amo_" + uuid.uuid4().hex
    token = NewOAuthToken(
        tenant_id=tenant.id,
        client_ref=client.record.id,
        access_token_hash=hash_secret(access),
        refresh_token_hash=hash_secret("amr_" + uuid.uuid4().hex),
        scope=scope,
        issued_at=now,
        expires_in=3600,
    )
    await oauth.store_outcome(units, oauth.Outcome(new_token=token), now)
    return access


def _outcomes(report: CycleReport) -> list[tuple[str, str, str]]:
    return sorted((line.invoice_number, line.level.value, line.outcome) for line in report.lines)


WOULD_SEND = [
    {
        "number": "RE-601",
        "customer": "Café Morgenrot",
        "level": "R1",
        "channel": "email",
        "recipient": "buchhaltung@cafe.example",
    },
    {
        "number": "RE-602",
        "customer": "Hotel Lindenhof",
        "level": "R1",
        "channel": "email",
        "recipient": "info@hotel.example",
    },
    {
        "number": "RE-603",
        "customer": "Café Morgenrot",
        "level": "R1",
        "channel": "email",
        "recipient": "buchhaltung@cafe.example",
    },
]


def _lines(answer: dict[str, Any]) -> list[dict[str, Any]]:
    lines = [{k: v for k, v in line.items() if k != "invoiceId"} for line in answer["wouldSend"]]
    return sorted(lines, key=lambda line: line["number"])


async def test_a_new_tenant_sends_nothing_until_its_owner_activates_it(service: Service) -> None:
    tenant, key = await _new_tenant(service, _setup(service.sandbox))
    with _mail(service) as mail:
        held = await mail.cycle(tenant)
        assert (held.held, held.lines, mail.sink.messages) == (NOT_ACTIVATED, [], [])
        dry = await run_cycle(mail.ports, tenant.id, dry_run=True)
        assert sorted(line.invoice_number for line in dry.sent) == ["RE-601", "RE-602", "RE-603"]
        with service.api(key) as api:
            before = api.get("/v1/activation")
            activated = api.post("/v1/activation")
            again = api.post("/v1/activation")
        assert before.status_code == 200, before.text
        assert activated.status_code == 200, activated.text
        state = before.json()
        assert (state["activated"], state["activatedAt"], state["date"]) == (False, None, TODAY)
        assert state["held"] is None
        assert _lines(state) == WOULD_SEND
        assert state["overdueOver90Days"] == 2
        assert state["suggestedSyncStart"] == "2026-07-16"
        answer = activated.json()
        assert answer["activated"] is True
        assert answer["activatedAt"].startswith(TODAY + "T08:")
        assert answer["activatedAt"].endswith("Z")
        assert (_lines(answer), answer["overdueOver90Days"]) == (WOULD_SEND, 2)
        assert again.json()["activatedAt"] == answer["activatedAt"]
        sent = await mail.cycle(tenant)
        assert _outcomes(sent) == [
            ("RE-601", "R1", "sent"),
            ("RE-602", "R1", "sent"),
            ("RE-603", "R1", "sent"),
        ]
        assert len(mail.sink.messages) == 3


async def test_the_answer_names_the_next_sending_day_and_why_it_would_hold(
    service: Service,
) -> None:
    tenant, key = await _new_tenant(service, _setup(service.sandbox))
    async with service.container.database.unit_of_work() as uow:
        account = uow.tenant(tenant.id).account
        settings = (await account.get()).settings
        await account.save_settings(replace(settings, sync_start=date(2026, 7, 16)))
    with service.api(key) as api:
        state = api.get("/v1/activation").json()
    assert [line["number"] for line in state["wouldSend"]] == ["RE-601"]
    assert (state["overdueOver90Days"], state["suggestedSyncStart"]) == (0, None)
    async with service.container.database.unit_of_work() as uow:
        await uow.tenant(tenant.id).account.record_sync(
            datetime.fromisoformat("2026-11-25T08:00:00+00:00")
        )
    with service.api(key) as api:
        stale = api.get("/v1/activation").json()
    assert stale["held"] == "the last successful sync is older than 26 hours: nothing is sent"
    assert stale["wouldSend"] == []


async def test_on_a_weekend_the_answer_is_about_monday(service: Service) -> None:
    """Saturday 28 November: the dry run is Monday 30's."""
    tenant, _ = await _new_tenant(service, _setup(service.sandbox))
    service.clock.current = datetime.fromisoformat("2026-11-28T09:00:00+00:00")
    state = await activation_state(service.container.dunning, tenant.id)
    assert state.preview.day == date(2026, 11, 30)
    numbers = sorted(
        i.invoice.invoice.voucher_number for m in state.preview.messages for i in m.items
    )
    assert numbers == ["RE-601", "RE-602", "RE-603"]
    assert (state.long_overdue.count, state.long_overdue.sync_start) == (2, date(2026, 7, 16))


async def test_deactivating_stops_sending_at_once_and_loses_nothing(service: Service) -> None:
    tenant, key = await _new_tenant(service, _setup(service.sandbox))
    with _mail(service) as mail:
        with service.api(key) as api:
            assert api.post("/v1/activation").status_code == 200
            stopped = api.delete("/v1/activation")
            twice = api.delete("/v1/activation")
            state = api.get("/v1/activation").json()
        assert (stopped.status_code, twice.status_code) == (204, 204)
        assert (state["activated"], state["activatedAt"]) == (False, None)
        assert _lines(state) == WOULD_SEND
        held = await mail.cycle(tenant)
        assert (held.held, mail.sink.messages) == (NOT_ACTIVATED, [])
        with service.api(key) as api:
            assert api.post("/v1/activation").json()["activated"] is True
        sent = await mail.cycle(tenant)
        assert [line.outcome for line in sent.lines] == ["sent"] * 3
    async with service.container.database.unit_of_work() as uow:
        actions = [entry.action for entry in await uow.tenant(tenant.id).audit.entries(10)]
    assert sorted(a for a in actions if a.startswith("tenant.")) == [
        "tenant.activated",
        "tenant.activated",
        "tenant.deactivated",
    ]


async def test_activation_needs_credentials_and_the_settings_scopes(service: Service) -> None:
    tenant, _ = await _new_tenant(service, service.sandbox.organization())
    anonymous = httpx.Client(base_url=service.api_url, trust_env=False)
    for method in ("GET", "POST", "DELETE"):
        refused = anonymous.request(method, "/v1/activation")
        assert refused.status_code == 401, (method, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
    units = service.container.database.unit_of_work
    now = service.container.clock.now()
    admin = await issue_admin_token(units, "ops", now)
    reader = await _widget_token(service, tenant, "settings:read")
    with service.api(admin.token) as as_admin, service.api(reader) as widget:
        for method in ("GET", "POST", "DELETE"):
            assert as_admin.request(method, "/v1/activation").status_code == 403, method
        assert widget.get("/v1/activation").status_code == 200
        for method in ("POST", "DELETE"):
            forbidden = widget.request(method, "/v1/activation")
            assert forbidden.status_code == 403, (method, forbidden.text)
            assert forbidden.headers["content-type"].startswith("application/problem+json")
        assert widget.get("/v1/activation/other").status_code == 404
    async with units() as uow:
        assert (await uow.tenant(tenant.id).account.get()).activated_at is None
