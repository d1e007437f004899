"""Every timestamp the API answers is RFC 3339 in UTC with `Z`: each JSON GET of the OpenAPI
document is walked for a tenant that synced, sent and was looked at by the admin."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from litestar.serialization import encode_json

from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.api.schemas import Schema
from automahntion.app.access.credentials import issue_admin_token
from automahntion.app.dunning import run_cycle
from automahntion.app.lexoffice import connect
from automahntion.app.tenants.account import pause_tenant
from automahntion.domain.calendar import BERLIN
from automahntion.domain.levels import CatchUp
from tests.integration.lexoffice_env import Service
from tests.smtp_sink import Sink

OPENAPI = Path(__file__).parents[2] / "openapi" / "v1.json"
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
RFC3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def _strings(value: Any, where: str) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [s for i, v in enumerate(value) for s in _strings(v, f"{where}[{i}]")]
    return [(where, value)] if isinstance(value, str) else []


def _json_gets() -> list[str]:
    paths = json.loads(OPENAPI.read_text())["paths"]
    found = []
    for path, operations in paths.items():
        answer = operations.get("get", {}).get("responses", {}).get("200", {})
        if "application/json" in answer.get("content", {}):
            found.append(path)
    return sorted(found)


async def _populated(service: Service) -> tuple[str, dict[str, str]]:
    """A tenant that synced, sent two messages and paused: the ids its paths take. Its clock
    reads Berlin time, as `automahntion run --as-of` gives it (SQLite keeps the offset)."""
    service.clock.current = service.clock.current.astimezone(BERLIN)
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    cafe = box.contact(oid, "Café Morgenrot", business=["buchhaltung@cafe.example"])
    for number, due in (("RE-1", "2026-10-28"), ("RE-2", "2026-11-20")):
        box.voucher(oid, voucherNumber=number, dueDate=due, totalAmount=119.0, contactId=cafe)
    key = "amk_" + uuid.uuid4().hex * 2
    tenant = await service.tenant(key)
    units = service.container.database.unit_of_work
    now = service.container.clock.now()
    await connect.connect_api_key(
        units,
        service.container.gateways,
        tenant.id,
        org["apiKey"],
        now=now,
        webhook_url=service.container.webhook_url,
    )
    async with units() as uow:
        account = uow.tenant(tenant.id).account
        settings = (await account.get()).settings
        await account.save_settings(replace(settings, sending_hour=23, catch_up=CatchUp.HIGHEST))
    await service.sync(tenant)
    with Sink() as sink:
        mail = SmtpMailTransports(
            sink.host, sink.port, "mahnung@automahntion.example", tls="none",
            allow_private_hosts=True,
        )  # fmt: skip
        await run_cycle(replace(service.container.dunning, mail=mail), tenant.id)
    await pause_tenant(units, tenant.id, "Inventur", None, now)
    with service.api(key) as api:
        invoices = api.get("/v1/invoices").json()["items"]
        contacts = api.get("/v1/contacts").json()["items"]
    async with units() as uow:
        sent = await uow.tenant(tenant.id).messages.for_invoice(uuid.UUID(invoices[0]["id"]))
    assert sent, "the cycle sent something"
    return key, {
        "invoiceId": invoices[0]["id"],
        "messageId": str(sent[0].id),
        "contactId": contacts[0]["id"],
        "tenantId": str(tenant.id),
        "level": "M1",
    }


async def test_every_timestamp_answered_is_utc_with_z(service: Service) -> None:
    key, ids = await _populated(service)
    units = service.container.database.unit_of_work
    admin = await issue_admin_token(units, "timestamps", service.container.clock.now())
    checked: list[tuple[str, str]] = []
    with httpx.Client(base_url=service.api_url, trust_env=False, timeout=30) as http:
        for path in _json_gets():
            names = re.findall(r"{(\w+)}", path)
            if any(n not in ids for n in names):
                continue
            token = admin.token if path.startswith("/v1/admin") else key
            url = re.sub(r"{(\w+)}", lambda m: ids[m.group(1)], path)
            answer = http.get(url, headers={"Authorization": f"Bearer {token}"})
            if answer.status_code != 200 or "json" not in answer.headers["content-type"]:
                continue
            for where, text in _strings(answer.json(), path):
                if DATETIME.match(text):
                    checked.append((where, text))
    assert len({w.split(".")[0] for w, _ in checked}) >= 5, checked
    assert [(w, t) for w, t in checked if not RFC3339_UTC.match(t)] == []


def test_a_schema_holds_its_datetimes_in_utc() -> None:
    """What the walk cannot reach by itself: a datetime in another zone (Berlin's, as the
    dunning preview computes) is answered in UTC, the same instant."""

    class Stamped(Schema):
        at: datetime
        maybe: datetime | None = None

    berlin = datetime(2026, 11, 27, 0, 0, tzinfo=BERLIN)
    body = json.loads(encode_json(Stamped(at=berlin, maybe=berlin)))
    assert body == {"at": "2026-11-26T23:00:00Z", "maybe": "2026-11-26T23:00:00Z"}
    assert Stamped(at=berlin).at == berlin.astimezone(UTC)
