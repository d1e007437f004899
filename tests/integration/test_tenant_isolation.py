"""No repository of tenant A reaches tenant B's rows: reads miss them, writes refuse them."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4

import pytest

from automahntion.app.errors import NotFound
from automahntion.app.idempotency.records import StoredResponse
from automahntion.app.invoices.records import AdmissionState, AdmissionUpdate
from automahntion.app.lexoffice.records import ConnectionKind, LexofficeConnection
from automahntion.app.mail.records import SmtpServer
from automahntion.app.messages.records import Claim, MessageState
from automahntion.app.tenants.records import AuditEntry
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.feedback import Feedback
from automahntion.domain.levels import Level, default_levels
from automahntion.domain.pauses import Pause
from automahntion.domain.templates import LevelTemplates, Template
from tests.fakes.dunning import refused
from tests.integration.helpers import NOW, TODAY, contact, invoice, new_tenant


@dataclass
class TenantB:
    id: UUID
    invoice_id: UUID
    message_id: UUID
    key_id: UUID
    template_id: UUID


async def _tenant_b_with_everything(database: Database) -> TenantB:
    tenant = await new_tenant(database, "Tenant B")
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert([contact("c-only-b")])
        await store.invoices.upsert([invoice("RE-B", contact_id="c-only-b")], NOW)
        stored = await store.invoices.by_lexoffice_id("lx-RE-B")
        await store.invoices.apply_admission(
            [AdmissionUpdate("lx-RE-B", AdmissionState.ADMITTED, None)], NOW
        )
        message = await store.messages.claim(
            Claim(stored.id, Level.R1, Channel.EMAIL, "<b@x>", TODAY, NOW)
        )
        await store.levels.replace_settings(default_levels())
        await store.levels.add_template_version(Level.R1, LevelTemplates(Template("B", "B")), NOW)
        template_id = (await store.levels.current_templates())[Level.R1][0]
        key = await store.api_keys.add("b", "amk_b", uuid4().hex * 2, NOW)
        await store.connection.save(LexofficeConnection(ConnectionKind.API_KEY, api_key="b-key"))
        await store.smtp.save(SmtpServer("smtp.b.example", 587, "b@b.example"))
        await store.thank_yous.enqueue(stored.id, NOW)
        await store.feedback.add(Feedback(str(stored.id), 5, "B", NOW))
        await store.idempotency.reserve("key:b", "same-key", "b" * 64, NOW)
        await store.audit.record(AuditEntry("b", "b.did", NOW))
    return TenantB(tenant.id, stored.id, message.id, key.id, template_id)


async def test_tenant_a_reads_nothing_of_tenant_b(database: Database) -> None:
    b = await _tenant_b_with_everything(database)
    a = await new_tenant(database, "Tenant A")
    async with database.unit_of_work() as uow:
        store = uow.tenant(a.id)
        assert (await store.account.get()).id == a.id
        assert await store.invoices.all() == []
        for read in (
            store.invoices.get(b.invoice_id),
            store.invoices.by_lexoffice_id("lx-RE-B"),
            store.contacts.get("c-only-b"),
            store.levels.template_version(b.template_id),
        ):
            with pytest.raises(NotFound):
                await read
        assert await store.contacts.get_many(["c-only-b"]) == {}
        assert await store.messages.history([b.invoice_id]) == {}
        assert await store.messages.for_invoice(b.invoice_id) == []
        assert await store.messages.in_state(MessageState.SENDING) == []
        assert await store.levels.settings() == []
        assert await store.levels.current_templates() == {}
        assert await store.levels.template_versions(Level.R1, 0, 10) == []
        assert await store.levels.latest_template_version(Level.R1) == 0
        assert await store.connection.get() is None
        assert await store.smtp.get() is None
        assert await store.api_keys.all() == []
        assert await store.thank_yous.due() == []
        assert await store.thank_yous.sent_in_month("2026-11") == 0
        assert await store.feedback.for_invoice(b.invoice_id) is None
        assert await store.feedback.all() == []
        assert await store.audit.entries() == []
        assert isinstance(await store.idempotency.reserve("key:b", "same-key", "a" * 64, NOW), UUID)


async def test_tenant_a_cannot_change_tenant_b(database: Database) -> None:
    b = await _tenant_b_with_everything(database)
    a = await new_tenant(database, "Tenant A")
    refused_writes = [
        lambda s: s.invoices.set_pause(b.invoice_id, Pause("A pauses B")),
        lambda s: s.invoices.hand_over(b.invoice_id, NOW),
        lambda s: s.contacts.set_pause("c-only-b", Pause("A pauses B")),
        lambda s: s.messages.claim(Claim(b.invoice_id, Level.M1, Channel.EMAIL, "<a>", TODAY, NOW)),
        lambda s: s.messages.mark_sent(
            b.message_id,
            at=NOW,
            recipient_domain=None,
            transport_message_id=None,
            content_sha256=None,
        ),
        lambda s: s.messages.mark_failed(b.message_id, reason=refused("A"), at=NOW),
        lambda s: s.api_keys.revoke(b.key_id, NOW),
        lambda s: s.api_keys.touch(b.key_id, NOW),
        lambda s: s.thank_yous.enqueue(b.invoice_id, NOW),
        lambda s: s.thank_yous.mark_sent(b.invoice_id, "2026-11", NOW),
        lambda s: s.feedback.add(Feedback(str(b.invoice_id), 1, "A", NOW)),
        lambda s: s.feedback.add_token(b.invoice_id, "a" * 64, NOW),
    ]
    for write in refused_writes:
        with pytest.raises(NotFound):
            async with database.unit_of_work() as uow:
                await write(uow.tenant(a.id))
    async with database.unit_of_work() as uow:
        store = uow.tenant(a.id)
        await store.invoices.apply_admission(
            [AdmissionUpdate("lx-RE-B", AdmissionState.WAITING, None)], NOW
        )
        await store.smtp.remove()
        await store.idempotency.forget_older_than(NOW.replace(year=2030))
    async with database.unit_of_work() as uow:
        mine = uow.tenant(b.id)
        stored = await mine.invoices.get(b.invoice_id)
        assert (stored.pause, stored.handed_over_at, stored.admission) == (
            None,
            None,
            AdmissionState.ADMITTED,
        )
        assert (await mine.contacts.get("c-only-b")).pause is None
        assert [m.state.value for m in await mine.messages.for_invoice(b.invoice_id)] == ["sending"]
        assert (await mine.api_keys.all())[0].revoked_at is None
        assert len(await mine.thank_yous.due()) == 1
        assert (await mine.feedback.for_invoice(b.invoice_id)) is not None
        assert await mine.smtp.get() is not None
        assert isinstance(
            await mine.idempotency.reserve("key:b", "same-key", "b" * 64, NOW), StoredResponse
        )
