"""Rule 8: reminders go through the tenant's own mail server only once it bought the SMTP
add-on and configured one; before that, through the no-reply default."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.app.dunning import run_cycle
from automahntion.app.mail.records import SmtpServer, SmtpTls
from tests.integration.lexoffice_env import Service
from tests.integration.test_api_invoices import _invoice, _tenant
from tests.smtp_sink import Sink


async def test_the_own_server_carries_reminders_only_with_the_add_on(service: Service) -> None:
    box = service.sandbox
    org = box.organization("Optik Scharf")
    oid = org["organizationId"]
    cafe = box.contact(oid, "Café Morgenrot", business=["buchhaltung@cafe.example"])
    _invoice(box, oid, "RE-901", "2026-11-20", cafe)
    _invoice(box, oid, "RE-902", "2026-11-20", cafe)
    tenant, _ = await _tenant(service, org)
    units = service.container.database.unit_of_work
    with Sink() as default, Sink() as own:
        async with units() as uow:
            await uow.tenant(tenant.id).smtp.save(
                SmtpServer(own.host, own.port, "mahnung@optik-scharf.example", SmtpTls.NONE)
            )
        mail = SmtpMailTransports(
            default.host, default.port, "no-reply@automahntion.example", tls="none",
            allow_private_hosts=True,
        )  # fmt: skip
        ports = replace(service.container.dunning, mail=mail)
        before = await run_cycle(ports, tenant.id, dry_run=False)
        assert [line.outcome for line in before.lines] == ["sent", "sent"]
        assert (len(default.messages), len(own.messages)) == (2, 0)
        async with units() as uow:
            store = uow.tenant(tenant.id)
            subscription = await store.subscription.get()
            assert subscription is not None
            now = service.container.clock.now()
            await store.subscription.save(replace(subscription, smtp_addon_bought_at=now), now)
        service.clock.current += timedelta(days=7)
        box.control("PUT", "/today", json={"date": "2026-12-04"})
        await service.sync(tenant)
        after = await run_cycle(ports, tenant.id)
    assert [(line.invoice_number, line.level.value, line.outcome) for line in after.lines] == [
        ("RE-901", "M1", "sent"),
        ("RE-902", "M1", "sent"),
    ]
    assert len(default.messages) == 2
    assert len(own.messages) == 2
    assert own.messages[0].envelope_from == "mahnung@optik-scharf.example"
