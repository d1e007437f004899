"""The thank-you e-mail's subject and body as tenant settings: changed through the API, tried
like the level templates before they are stored, and used by the next thank-you that is sent
(lexoffice sandbox, a real SMTP server)."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from typing import Any

import httpx

from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.app.lexoffice.connect import connect_api_key
from automahntion.app.loyalty.thank_yous import send_thank_yous
from automahntion.app.tenants.records import Tenant
from automahntion.domain.quota import Plan
from automahntion.domain.thanks import DEFAULT_THANK_YOU_BODY, DEFAULT_THANK_YOU_SUBJECT
from tests.integration.lexoffice_env import SANDBOX_TODAY, Service
from tests.smtp_sink import Sink

SUBJECT = "Danke, {{ customer_name }}! Rechnung {{ invoice_number }} ist bezahlt"
BODY = (
    "Hallo {{ customer_name }},\n"
    "{{ total_amount }} für {{ invoice_number }} vom {{ invoice_date }} sind angekommen.\n"
    "{% if feedback_link %}{{ feedback_question }} {{ feedback_link }}\n{% endif %}"
    "Ihre {{ company_name|upper }}"
)


async def _connected(service: Service, org: dict[str, Any]) -> tuple[Tenant, httpx.Client]:
    key = "amk_" + uuid.uuid4().hex * 2
    tenant = await service.tenant(key)
    units = service.container.database.unit_of_work
    await connect_api_key(
        units,
        service.container.gateways,
        tenant.id,
        org["apiKey"],
        now=service.clock.now(),
        webhook_url=service.container.webhook_url,
    )
    async with units() as uow:
        await uow.tenant(tenant.id).thank_yous.set_loyalty_plan(Plan.STARTER)
    return tenant, service.api(key)


def _fields(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return [error["field"] for error in response.json()["errors"]]


async def test_a_changed_template_is_stored_and_used_by_the_next_thank_you(
    service: Service,
) -> None:
    service.sandbox.control("PUT", "/today", json={"date": SANDBOX_TODAY})
    org = service.sandbox.organization("Bäckerei Sonnenschein GmbH")
    oid = org["organizationId"]
    customer = service.sandbox.contact(oid, "Café Morgenrot", business=["kasse@cafe.example"])
    voucher = service.sandbox.voucher(
        oid,
        voucherNumber="RE-0815",
        voucherDate="2026-11-13",
        dueDate="2026-12-13",
        totalAmount=1238.5,
        contactId=customer,
    )
    tenant, client = await _connected(service, org)
    defaults = client.get("/v1/settings").json()
    assert (defaults["thankYouSubject"], defaults["thankYouBody"]) == (
        DEFAULT_THANK_YOU_SUBJECT,
        DEFAULT_THANK_YOU_BODY,
    )

    changed = client.patch(
        "/v1/settings",
        json={"thankYouEnabled": True, "thankYouSubject": SUBJECT, "thankYouBody": BODY},
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["thankYouSubject"], changed.json()["thankYouBody"]) == (SUBJECT, BODY)
    stored = client.get("/v1/settings").json()
    assert (stored["thankYouSubject"], stored["thankYouBody"]) == (SUBJECT, BODY)

    await service.sync(tenant)
    service.sandbox.control(
        "POST", f"/organizations/{oid}/vouchers/{voucher}/payments", json={"amount": 1238.5}
    )
    await service.sync(tenant)
    with Sink() as sink:
        mail = SmtpMailTransports(
            sink.host,
            sink.port,
            "noreply@automahntion.example",
            tls="none",
            allow_private_hosts=True,
        )
        report = await send_thank_yous(replace(service.container.thank_yous, mail=mail), tenant.id)
        assert [line.invoice_number for line in report.sent] == ["RE-0815"]
        [sent] = sink.messages
    message = sent.message
    assert message["Subject"] == "Danke, Café Morgenrot! Rechnung RE-0815 ist bezahlt"
    body = message.get_content()
    assert body.startswith("Hallo Café Morgenrot,\n1.238,50\xa0€ für RE-0815 vom 13.11.2026")
    assert re.search(r"Wie zufrieden sind Sie mit unserem Service\? \S+/feedback/\S{43}\n", body)
    assert body.rstrip("\n").endswith(f"Ihre {tenant.name.upper()}"), body
    assert "Vielen Dank" not in body


async def test_refused_templates_name_the_field_and_store_nothing(service: Service) -> None:
    key = "amk_" + uuid.uuid4().hex * 2
    await service.tenant(key)
    client = service.api(key)
    before = client.get("/v1/settings").json()
    refused: dict[str, tuple[dict[str, Any], list[str]]] = {
        "unknown placeholder": (
            {"thankYouSubject": "Danke {{ open_amount }}"},
            ["thankYouSubject"],
        ),
        "syntax": ({"thankYouBody": "Danke {% if %}"}, ["thankYouBody"]),
        "unclosed": ({"thankYouBody": "Danke {{ customer_name"}, ["thankYouBody"]),
        "loop": ({"thankYouBody": "{% for c in customer_name %}{% endfor %}"}, ["thankYouBody"]),
        "call": ({"thankYouBody": "{{ customer_name.upper() }}"}, ["thankYouBody"]),
        "internals": ({"thankYouBody": "{{ customer_name.__class__ }}"}, ["thankYouBody"]),
        "two lines": ({"thankYouSubject": "Danke\nBcc: x@evil.example"}, ["thankYouSubject"]),
        "blank": ({"thankYouBody": " \n "}, ["thankYouBody"]),
        "too long": ({"thankYouBody": "x" * 20_001}, ["thankYouBody"]),
        "both": (
            {"sendingHour": 7, "thankYouSubject": "{{ x }}", "thankYouBody": "{% set a = 1 %}"},
            ["thankYouSubject", "thankYouBody"],
        ),
    }
    for name, (patch, fields) in refused.items():
        response = client.patch("/v1/settings", json=patch)
        assert sorted(_fields(response)) == sorted(fields), name
    unknown = client.patch("/v1/settings", json={"thankYouBody": "{{ rechnungsnummer }}"})
    assert "unknown placeholder rechnungsnummer" in unknown.text
    assert "feedback_link" in unknown.text, "the refusal lists what is allowed"
    assert client.get("/v1/settings").json() == before
