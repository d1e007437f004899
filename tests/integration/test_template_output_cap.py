"""What a tenant's template prints is capped (issue 15, finding 10): 20,000 characters of
template rendered 10.5 MB per message. A template that prints more than 100,000 characters
(subject and body together) with the sample facts is refused when it is saved; one that does
so only with an invoice's real facts is a template error when it is sent, reported on that
invoice's line, while the rest of the cycle goes on."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.adapters.templates import SAMPLE_FACTS, SandboxedTemplateRenderer
from automahntion.adapters.thank_you_templates import SAMPLE_FACTS as THANK_YOU_SAMPLE
from automahntion.adapters.thank_you_templates import SandboxedThankYouRenderer
from automahntion.app.dunning import run_cycle
from automahntion.app.lexoffice import connect
from automahntion.app.mail.rendering import TemplateInvalid
from automahntion.bootstrap.settings import Settings
from automahntion.domain.levels import CatchUp
from automahntion.domain.templates import Template
from tests.integration.conftest import SECRET_KEY
from tests.integration.in_process_api import InProcessApi, in_process_api, migrated_sqlite
from tests.integration.lexoffice_env import Service
from tests.smtp_sink import Sink

AMPLIFIER = "{{ 'x' * 1000 * 10 }}"
AMPLIFYING_BODY = AMPLIFIER * (20_000 // len(AMPLIFIER))
"""Just under 20,000 characters of template (the most a body may have); 9.5 MB of text
without the cap."""
GROWS_WITH_THE_NAME = "{{ customer_name * 400 }}\n" * 20
"""88,020 characters (line breaks included) with the sample's "Muster GmbH", 192,020 with
`LONG_NAME`."""
LONG_NAME = "Gebrüder Sonnenschein KG"
LIMIT = "longer than 100,000 characters"


@pytest.mark.parametrize(
    "renderer", [SandboxedTemplateRenderer(), SandboxedThankYouRenderer()], ids=["level", "thanks"]
)
def test_a_template_printing_too_much_is_refused_by_the_check(
    renderer: SandboxedTemplateRenderer | SandboxedThankYouRenderer,
) -> None:
    assert len(AMPLIFYING_BODY) > 19_900
    problem = renderer.check(AMPLIFYING_BODY)

    assert problem is not None
    assert LIMIT in problem
    assert renderer.check(GROWS_WITH_THE_NAME) is None


def test_a_level_template_printing_too_much_for_real_facts_is_a_template_error() -> None:
    renderer = SandboxedTemplateRenderer()
    template = Template("Erinnerung {{ invoice_number }}", GROWS_WITH_THE_NAME)

    sample = renderer.render(template, SAMPLE_FACTS)
    with pytest.raises(TemplateInvalid) as invalid:
        renderer.render(template, replace(SAMPLE_FACTS, customer_name=LONG_NAME))

    assert len(sample.body) == 88_000 + 20
    assert LIMIT in str(invalid.value)


def test_a_thank_you_printing_too_much_for_real_facts_is_a_template_error() -> None:
    renderer = SandboxedThankYouRenderer()
    facts = replace(THANK_YOU_SAMPLE, customer_name=LONG_NAME)

    with pytest.raises(TemplateInvalid) as invalid:
        renderer.render_thank_you("Danke", GROWS_WITH_THE_NAME, facts)

    assert LIMIT in str(invalid.value)


def test_subject_and_body_share_the_limit() -> None:
    renderer = SandboxedTemplateRenderer()
    subject = "{{ customer_name * 900 }}" * 2
    body = "{{ customer_name * 900 }}" * 9

    alone = renderer.render(Template("Mahnung", body), SAMPLE_FACTS)
    with pytest.raises(TemplateInvalid) as invalid:
        renderer.render(Template(subject, body), SAMPLE_FACTS)

    assert len(alone.body) == 89_100
    assert LIMIT in str(invalid.value)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        database_url=migrated_sqlite(tmp_path_factory, "template-cap"),
        secret_key=SECRET_KEY,
        documents_dir=str(tmp_path_factory.mktemp("documents")),
    )


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[InProcessApi]:
    async with in_process_api(settings) as running:
        yield running


def _refused_fields(response: Any) -> list[str]:
    assert response.status_code == 422, response.text[:300]
    assert response.headers["content-type"].startswith("application/problem+json")
    errors = response.json()["errors"]
    assert all(LIMIT in error["message"] for error in errors)
    return [error["field"] for error in errors]


async def test_saving_a_template_printing_too_much_is_a_422(api: InProcessApi) -> None:
    level = await api.client.put(
        "/v1/levels/M1/template", json={"subject": "Mahnung", "body": AMPLIFYING_BODY}
    )
    thanks = await api.client.patch("/v1/settings", json={"thankYouBody": AMPLIFYING_BODY})
    history = await api.client.get("/v1/levels/M1/templates")

    assert _refused_fields(level) == ["body"]
    assert _refused_fields(thanks) == ["thankYouBody"]
    assert AMPLIFYING_BODY not in history.text
    assert (await api.client.get("/v1/settings")).json()["thankYouBody"] != AMPLIFYING_BODY


async def test_a_notice_too_long_for_its_invoice_is_held_and_the_cycle_goes_on(
    service: Service, tmp_path: Path
) -> None:
    box = service.sandbox
    org = box.organization()
    oid = org["organizationId"]
    long_named = box.contact(oid, LONG_NAME, business=["buchhaltung@sonnenschein.example"])
    short_named = box.contact(oid, "Café Ost", business=["kasse@cafe-ost.example"])
    for number, contact in (("RE-701", long_named), ("RE-702", short_named)):
        box.voucher(
            oid, voucherNumber=number, dueDate="2026-11-20", totalAmount=119.0, contactId=contact
        )
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
        await account.save_settings(replace(settings, sending_hour=23, catch_up=CatchUp.HIGHEST))
    await service.sync(tenant)
    with service.api(key) as client:
        saved = client.put(
            "/v1/levels/R1/template", json={"subject": "Erinnerung", "body": GROWS_WITH_THE_NAME}
        )
    assert saved.status_code == 200, saved.text

    with Sink() as sink:
        mail = SmtpMailTransports(
            sink.host, sink.port, "mahnung@automahntion.example", tls="none",
            allow_private_hosts=True,
        )  # fmt: skip
        report = await run_cycle(replace(service.container.dunning, mail=mail), tenant.id)
        delivered = [m.message["To"] for m in sink.messages]

    outcomes = {line.invoice_number: line.outcome for line in report.lines}
    assert outcomes["RE-702"] == "sent"
    assert outcomes["RE-701"].startswith("needs attention: the R1 template could not be rendered")
    assert LIMIT in outcomes["RE-701"]
    assert delivered == ["kasse@cafe-ost.example"]
