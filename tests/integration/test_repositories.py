"""The Piccolo repositories on SQLite and on PostgreSQL (each test runs on both)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest

from automahntion.adapters.templates import SAMPLE_FACTS
from automahntion.app.errors import AlreadyExists, LevelAlreadyClaimed, NotFound
from automahntion.app.idempotency.records import StoredResponse
from automahntion.app.invoices.records import AdmissionState, AdmissionUpdate
from automahntion.app.lexoffice.records import ConnectionKind, LexofficeConnection
from automahntion.app.mail.records import SmtpServer
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.messages.records import Claim, MessageState, RenderedFrom
from automahntion.app.tenants.records import AuditEntry, TenantSettings
from automahntion.app.tenants.signup import add_default_templates
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.default_texts import DEFAULT_TEMPLATES
from automahntion.domain.errors import FeedbackAlreadyGiven, ThankYouAlreadyQueued
from automahntion.domain.escalation import SentLevel
from automahntion.domain.feedback import Feedback
from automahntion.domain.invoices import InvoiceKind, InvoiceStatus
from automahntion.domain.levels import CatchUp, Level, default_levels
from automahntion.domain.pauses import Pause
from automahntion.domain.quota import Plan
from automahntion.domain.recipients import (
    BlockReason,
    Contact,
    DebtorKind,
    EmailAddresses,
    RecipientPolicy,
)
from automahntion.domain.salutation import Addressee, Title
from automahntion.domain.templates import LevelTemplates, Template
from automahntion.domain.thanks import ThankYouDue
from tests.fakes.dunning import refused
from tests.integration.helpers import NOW, TODAY, contact, invoice, new_tenant, tenant_with_invoice

TEMPLATE_FAILED = Reason.of(ReasonCode.TEMPLATE_FAILED, level="R1", error="x")
PDF_MISSING = Reason.of(ReasonCode.INVOICE_PDF_MISSING, error="404")


async def test_a_new_tenant_reads_back_with_default_settings(database: Database) -> None:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        read = await uow.tenant(tenant.id).account.get()
        assert tenant.id in await uow.tenants.ids()
    assert read == tenant
    assert read.settings == TenantSettings()
    assert (read.plan, read.limit, read.billing_email) == (
        Plan.STARTER,
        10,
        "chef@baeckerei.example",
    )
    assert read.created_at == NOW


async def test_settings_plan_pause_and_sync_time_round_trip(database: Database) -> None:
    tenant = await new_tenant(database)
    settings = TenantSettings(
        reply_to="chef@baeckerei.example",
        bcc=("archiv@baeckerei.example",),
        sync_start=date(2026, 1, 1),
        bundesland="BY",
        recipient_policy=RecipientPolicy.BUSINESS_ONLY,
        catch_up=CatchUp.HIGHEST,
        min_gap_days=10,
    )
    async with database.unit_of_work() as uow:
        account = uow.tenant(tenant.id).account
        await account.save_settings(settings)
        await account.set_plan(Plan.BUSINESS, 75)
        await account.set_pause(Pause("Betriebsurlaub", date(2027, 1, 6)))
        await account.record_sync(NOW)
    async with database.unit_of_work() as uow:
        read = await uow.tenant(tenant.id).account.get()
    assert read.settings == settings
    assert (read.plan, read.limit) == (Plan.BUSINESS, 75)
    assert read.pause == Pause("Betriebsurlaub", date(2027, 1, 6))
    assert read.last_successful_sync_at == NOW


async def test_a_failing_unit_of_work_stores_nothing(database: Database) -> None:
    tenant = await new_tenant(database)
    with pytest.raises(RuntimeError, match="boom"):  # noqa: PT012 - one transaction
        async with database.unit_of_work() as uow:
            store = uow.tenant(tenant.id)
            await store.invoices.upsert([invoice("RE-1")], NOW)
            await store.account.set_plan(Plan.PRO, None)
            raise RuntimeError("boom")
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        assert await store.invoices.all() == []
        assert (await store.account.get()).plan is Plan.STARTER


async def test_a_conflict_midway_rolls_back_the_earlier_writes(database: Database) -> None:
    tenant_id, invoice_id = await tenant_with_invoice(database)
    claim = Claim(invoice_id, Level.R1, Channel.EMAIL, "<m1@x>", TODAY, NOW)
    async with database.unit_of_work() as uow:
        await uow.tenant(tenant_id).messages.claim(claim)
    with pytest.raises(LevelAlreadyClaimed):  # noqa: PT012 - one transaction
        async with database.unit_of_work() as uow:
            store = uow.tenant(tenant_id)
            await store.account.set_plan(Plan.PRO, None)
            await store.messages.claim(claim)
    async with database.unit_of_work() as uow:
        assert (await uow.tenant(tenant_id).account.get()).plan is Plan.STARTER


async def test_invoices_upsert_by_lexoffice_id_and_keep_our_own_state(database: Database) -> None:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        invoices = uow.tenant(tenant.id).invoices
        await invoices.upsert([invoice("RE-1"), invoice("RE-2", due_ago=3)], NOW)
        first = await invoices.by_lexoffice_id("lx-RE-1")
        await invoices.set_pause(first.id, Pause("Ratenzahlung"))
        await invoices.apply_admission(
            [AdmissionUpdate("lx-RE-1", AdmissionState.ADMITTED, None)], NOW
        )
    paid_in_part = invoice("RE-1", open_cents=40_00)
    async with database.unit_of_work() as uow:
        invoices = uow.tenant(tenant.id).invoices
        await invoices.upsert([paid_in_part], NOW + timedelta(hours=1))
        again = await invoices.get(first.id)
        every = await invoices.all()
    assert again.id == first.id
    assert again.invoice == paid_in_part
    assert again.pause == Pause("Ratenzahlung")
    assert again.admission is AdmissionState.ADMITTED
    assert [i.invoice.voucher_number for i in every] == ["RE-1", "RE-2"]


async def test_a_sync_of_thousands_of_invoices_and_contacts_is_stored_on_both_engines(
    database: Database,
) -> None:
    """Piccolo binds every column of every row of a multi-row INSERT, and PostgreSQL takes at
    most 32,767 parameters in a statement: 1,490 invoices (22 columns) or 2,185 contacts made
    the sync's upsert fail on PostgreSQL (while SQLite stored them), so such a tenant never
    synced."""
    tenant = await new_tenant(database)
    many = 2_500
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert([contact(f"c-{n}") for n in range(many)])
        await store.invoices.upsert(
            [invoice(f"RE-{n:05}", due_ago=n % 90, contact_id=f"c-{n}") for n in range(many)],
            NOW,
        )
        stored = await store.invoices.all()
        contacts = await store.contacts.get_many([f"c-{n}" for n in range(many)])
    assert len(stored) == many
    assert len(contacts) == many


async def test_an_invoice_or_contact_listed_twice_in_one_sync_is_stored_as_last_listed(
    database: Database,
) -> None:
    """A voucher paid while the sync lists its statuses one after the other comes as open and
    as paid; a contact can come twice as lexoffice's pages shift. SQLite upserts row by row,
    the last one wins; PostgreSQL refused the whole statement ("ON CONFLICT DO UPDATE command
    cannot affect row a second time") and the tenant's sync failed."""
    tenant = await new_tenant(database)
    paid = invoice("RE-1", open_cents=0, status=InvoiceStatus.PAID)
    renamed = replace(contact("c-1"), name="Café Abendrot")
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert([contact("c-1"), renamed])
        await store.invoices.upsert([invoice("RE-1"), invoice("RE-2"), paid], NOW)
        stored = {s.invoice.voucher_number: s.invoice for s in await store.invoices.all()}
        named = await store.contacts.get("c-1")
    assert stored == {"RE-1": paid, "RE-2": invoice("RE-2")}
    assert named.contact == renamed


async def test_admission_and_blocks_are_stored_and_cleared(database: Database) -> None:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        invoices = uow.tenant(tenant.id).invoices
        await invoices.upsert([invoice("RE-1"), invoice("RE-2"), invoice("RE-3")], NOW)
        await invoices.apply_admission(
            [
                AdmissionUpdate("lx-RE-1", AdmissionState.ADMITTED, None),
                AdmissionUpdate("lx-RE-2", AdmissionState.WAITING, None),
                AdmissionUpdate("lx-RE-3", AdmissionState.NONE, BlockReason.MISSING_EMAIL),
            ],
            NOW,
        )
        states = {i.invoice.voucher_number: (i.admission, i.blocked) for i in await invoices.all()}
        await invoices.apply_admission(
            [AdmissionUpdate("lx-RE-3", AdmissionState.WAITING, None)], NOW
        )
        unblocked = await invoices.by_lexoffice_id("lx-RE-3")
    assert states == {
        "RE-1": (AdmissionState.ADMITTED, None),
        "RE-2": (AdmissionState.WAITING, None),
        "RE-3": (AdmissionState.NONE, BlockReason.MISSING_EMAIL),
    }
    assert (unblocked.admission, unblocked.blocked) == (AdmissionState.WAITING, None)


async def test_hand_over_and_unknown_invoice(database: Database) -> None:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        invoices = uow.tenant(tenant.id).invoices
        await invoices.upsert([invoice("RE-1")], NOW)
        stored = await invoices.by_lexoffice_id("lx-RE-1")
        await invoices.hand_over(stored.id, NOW)
        assert (await invoices.get(stored.id)).handed_over_at == NOW
        with pytest.raises(NotFound):
            await invoices.by_lexoffice_id("lx-nope")


async def test_contacts_upsert_and_pause(database: Database) -> None:
    tenant = await new_tenant(database)
    address = {"street": "Hauptstraße 1", "zip": "10115", "city": "Berlin", "countryCode": "DE"}
    async with database.unit_of_work() as uow:
        contacts = uow.tenant(tenant.id).contacts
        await contacts.upsert([contact("c-1"), contact("c-2")], {"c-1": address})
        await contacts.upsert([contact("c-1", "neu@cafe.example")])
        await contacts.set_pause("c-2", Pause("Reklamation"))
        first = await contacts.get("c-1")
        many = await contacts.get_many(["c-1", "c-2", "c-404"])
    assert first.contact.emails.business == ("neu@cafe.example",)
    assert first.postal_address is None
    assert set(many) == {"c-1", "c-2"}
    assert many["c-2"].pause == Pause("Reklamation")


async def test_an_unusable_record_is_kept_with_its_reason_until_a_usable_one_replaces_it(
    database: Database,
) -> None:
    tenant = await new_tenant(database)
    lost = replace(contact("c-2"), unusable="lexoffice liefert den Kontakt c-2 nicht")
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert([contact("c-1"), lost])
        await store.invoices.upsert(
            [invoice("RE-1", unusable="kein lesbares Fälligkeitsdatum")], NOW
        )
        kept = (await store.invoices.all())[0].invoice.unusable, await store.contacts.unusable()
        await store.contacts.upsert([contact("c-2")])
        await store.invoices.upsert([invoice("RE-1")], NOW)
        fixed = (await store.invoices.all())[0].invoice.unusable, await store.contacts.unusable()
    assert kept == ("kein lesbares Fälligkeitsdatum", ["c-2"])
    assert fixed == (None, [])


async def test_levels_and_template_versions(database: Database) -> None:
    tenant = await new_tenant(database)
    v1 = LevelTemplates(Template("Erinnerung {{ invoice_number }}", "Hallo"))
    v2 = LevelTemplates(Template("Erinnerung {{ invoice_number }}", "Guten Tag"))
    async with database.unit_of_work() as uow:
        levels = uow.tenant(tenant.id).levels
        await levels.replace_settings(default_levels())
        first = await levels.add_template_version(Level.R1, v1, NOW)
        second = await levels.add_template_version(Level.R1, v2, NOW)
        current = await levels.current_templates()
        history = await levels.template_versions(Level.R1, 0, 10)
        after_first = await levels.template_versions(Level.R1, 1, 10)
        just_one = await levels.template_versions(Level.R1, 0, 1)
        latest = await levels.latest_template_version(Level.R1)
        none_yet = await levels.latest_template_version(Level.M1)
        settings = await levels.settings()
        by_id = await levels.template_version(current[Level.R1][0])
    assert (first.version, second.version) == (1, 2)
    assert [v.templates for v in history] == [v1, v2]
    assert after_first == [second]
    assert just_one == [first]
    assert (latest, none_yet) == (2, 0)
    assert current[Level.R1][1].templates == v2
    assert by_id == second
    assert settings == list(default_levels())


async def test_claim_send_and_history(database: Database) -> None:
    tenant_id, invoice_id = await tenant_with_invoice(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        claimed = await store.messages.claim(
            Claim(invoice_id, Level.R1, Channel.EMAIL, "<r1@automahntion>", TODAY, NOW)
        )
        assert claimed.state is MessageState.SENDING
        assert [m.id for m in await store.messages.in_state(MessageState.SENDING)] == [claimed.id]
        await store.messages.mark_sent(
            claimed.id,
            at=NOW,
            recipient_domain="cafe.example",
            transport_message_id="250 OK id=1",
            content_sha256="ab" * 32,
        )
        history = await store.messages.history([invoice_id])
        sent = await store.messages.for_invoice(invoice_id)
    assert history == {invoice_id: [SentLevel(Level.R1, TODAY)]}
    assert (sent[0].state, sent[0].recipient_domain, sent[0].attempts) == (
        MessageState.SENT,
        "cafe.example",
        1,
    )


async def test_a_claim_keeps_what_it_was_rendered_from_and_a_retake_replaces_it(
    database: Database,
) -> None:
    tenant_id, invoice_id = await tenant_with_invoice(database)
    facts = replace(SAMPLE_FACTS, customer_name="Café Morgenrot", invoice_number="RE-7")
    first = Claim(
        invoice_id,
        Level.R1,
        Channel.EMAIL,
        "<r1@automahntion>",
        TODAY,
        NOW,
        rendered_from=RenderedFrom(SAMPLE_FACTS, "de"),
    )
    async with database.unit_of_work() as uow:
        messages = uow.tenant(tenant_id).messages
        claimed = await messages.claim(first)
        recorded = await messages.rendered_from(claimed.id)
        await messages.mark_failed(claimed.id, reason=Reason.of(ReasonCode.MAIL_REFUSED), at=NOW)
        again = await messages.claim(replace(first, rendered_from=RenderedFrom(facts, "en")))
        retaken = await messages.rendered_from(again.id)
    assert recorded == RenderedFrom(SAMPLE_FACTS, "de")
    assert (again.id, retaken) == (claimed.id, RenderedFrom(facts, "en"))
    other = await new_tenant(database)
    with pytest.raises(NotFound):
        async with database.unit_of_work() as uow:
            await uow.tenant(other.id).messages.rendered_from(claimed.id)


async def test_a_level_is_claimed_once_and_a_failed_claim_can_be_taken_again(
    database: Database,
) -> None:
    tenant_id, invoice_id = await tenant_with_invoice(database)
    claim = Claim(invoice_id, Level.M1, Channel.EMAIL, "<m1@automahntion>", TODAY, NOW)
    async with database.unit_of_work() as uow:
        first = await uow.tenant(tenant_id).messages.claim(claim)
    with pytest.raises(LevelAlreadyClaimed):
        async with database.unit_of_work() as uow:
            await uow.tenant(tenant_id).messages.claim(claim)
    async with database.unit_of_work() as uow:
        messages = uow.tenant(tenant_id).messages
        await messages.mark_failed(first.id, reason=refused("550 mailbox unavailable"), at=NOW)
        assert await messages.history([invoice_id]) == {}
        next_day = replace(claim, day=TODAY + timedelta(days=1))
        again = await messages.claim(next_day)
        assert (again.id, again.attempts, again.state) == (first.id, 2, MessageState.SENDING)
        assert again.failure_reason is None
        assert await messages.history([invoice_id]) == {
            invoice_id: [SentLevel(Level.M1, TODAY + timedelta(days=1))]
        }


async def test_a_held_message_is_listed_not_history_and_taken_over_by_the_next_claim(
    database: Database,
) -> None:
    tenant_id, invoice_id = await tenant_with_invoice(database)
    claim = Claim(invoice_id, Level.R1, Channel.EMAIL, "<r1@automahntion>", TODAY, NOW)
    m1 = Claim(invoice_id, Level.M1, Channel.LETTER, "<m1@automahntion>", TODAY, NOW)
    async with database.unit_of_work() as uow:
        messages = uow.tenant(tenant_id).messages
        held = await messages.hold(claim, reason=TEMPLATE_FAILED)
        claimed = await messages.claim(m1)
        await messages.mark_held(claimed.id, reason=PDF_MISSING, at=NOW)
        assert await messages.history([invoice_id]) == {}
        listed = await uow.tenant(tenant_id).messages.in_state(MessageState.HELD)
    assert sorted(
        ((m.level, m.state, m.failure_reason, m.finished_at) for m in listed),
        key=lambda row: row[0].rank,
    ) == [
        (Level.R1, MessageState.HELD, TEMPLATE_FAILED, NOW),
        (Level.M1, MessageState.HELD, PDF_MISSING, NOW),
    ]
    assert held.channel is Channel.EMAIL
    next_day = replace(claim, day=TODAY + timedelta(days=1))
    async with database.unit_of_work() as uow:
        messages = uow.tenant(tenant_id).messages
        again = await messages.hold(next_day, reason=refused("still broken"))
        assert (again.id, again.attempts, again.failure_reason) == (
            held.id,
            2,
            refused("still broken"),
        )
        taken = await messages.claim(next_day)
        assert (taken.id, taken.attempts, taken.state) == (held.id, 3, MessageState.SENDING)
        assert (taken.failure_reason, taken.finished_at) == (None, None)
    with pytest.raises(LevelAlreadyClaimed):
        async with database.unit_of_work() as uow:
            await uow.tenant(tenant_id).messages.hold(
                next_day, reason=refused("a claim is never held")
            )
    async with database.unit_of_work() as uow:
        remaining = await uow.tenant(tenant_id).messages.in_state(MessageState.HELD)
    assert [m.level for m in remaining] == [Level.M1]


async def test_the_cycle_setup_reads_what_the_repositories_read_one_by_one(
    database: Database,
) -> None:
    tenant_id, invoice_id = await tenant_with_invoice(database)
    levels = [replace(s, enabled=True) if s.level is Level.R2 else s for s in default_levels()]
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        await store.levels.replace_settings(levels)
        await store.levels.add_template_version(Level.R1, LevelTemplates(Template("A", "a")), NOW)
        await store.levels.add_template_version(
            Level.R1, LevelTemplates(Template("B", "b"), Template("B en", "b en")), NOW
        )
        await store.levels.add_template_version(Level.M1, LevelTemplates(Template("M", "m")), NOW)
        sent = await store.messages.claim(  # one message per invoice per day
            Claim(
                invoice_id,
                Level.R1,
                Channel.EMAIL,
                "<r1@automahntion>",
                TODAY,
                NOW,
            )
        )
        await store.messages.mark_sent(
            sent.id, at=NOW, recipient_domain=None, transport_message_id=None, content_sha256=None
        )
        failed = await store.messages.claim(
            Claim(
                invoice_id,
                Level.R2,
                Channel.EMAIL,
                "<r2@automahntion>",
                TODAY + timedelta(days=1),
                NOW,
            )
        )
        await store.messages.mark_failed(failed.id, reason=refused("550"), at=NOW)
        await store.messages.claim(
            Claim(
                invoice_id,
                Level.M1,
                Channel.EMAIL,
                "<m1@automahntion>",
                TODAY + timedelta(days=2),
                NOW,
            )
        )
        await store.account.set_pause(Pause("Inventur", TODAY))  # after the claims it refuses
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        setup = await store.cycle.setup()
        one_by_one = (
            await store.account.get(),
            await store.levels.settings(),
            await store.levels.current_templates(),
            await store.messages.history(),
        )
    assert (setup.tenant, setup.levels, setup.templates) == one_by_one[:3]
    assert {k: sorted(v, key=str) for k, v in setup.history.items()} == {
        k: sorted(v, key=str) for k, v in one_by_one[3].items()
    }
    assert setup.levels == levels
    assert setup.templates[Level.R1][1].version == 2
    assert sorted(s.level for s in setup.history[invoice_id]) == [Level.R1, Level.M1]


async def test_the_cycle_setup_of_a_tenant_that_kept_the_defaults(database: Database) -> None:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        setup = await uow.tenant(tenant.id).cycle.setup()
    assert (setup.tenant, setup.levels, setup.templates, setup.history) == (tenant, [], {}, {})
    with pytest.raises(NotFound):
        async with database.unit_of_work() as uow:
            await uow.tenant(uuid4()).cycle.setup()


async def test_the_cycle_day_reads_what_the_repositories_read_one_by_one(
    database: Database,
) -> None:
    """On PostgreSQL the invoices and contacts come as JSON in the same query as the setup: every
    field, pauses, hand-overs and postal addresses included, reads as the repositories read it."""
    tenant = await new_tenant(database)
    postal = {"street": "Hauptstr. 1", "zip": "10115", "city": "Berlin"}
    consumer = Contact(
        "c-2",
        "Erika Mustermann",
        EmailAddresses(business=("a@x.example",), private=("b@x.example", "c@x.example")),
        DebtorKind.CONSUMER,
        unusable="no e-mail",
        addressee=Addressee(Title.MS, "Mustermann"),
    )
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        unused = contact("c-unused")
        await store.contacts.upsert([contact("c-1"), consumer, unused], {"c-1": postal})
        await store.contacts.set_pause("c-1", Pause("Klärung", TODAY + timedelta(days=3)))
        await store.invoices.upsert(
            [
                invoice("RE-1", due_ago=5),
                invoice("RE-2", due_ago=20, contact_id="c-2", kind=InvoiceKind.VOUCHER),
                invoice(
                    "RE-3",
                    due_ago=1,
                    contact_id=None,
                    status=InvoiceStatus.OVERDUE,
                    language="en",
                    unusable="no due date",
                ),
                invoice("RE-4", due_ago=30, contact_id="c-missing", open_cents=50_00),
            ],
            NOW,
        )
        first = await store.invoices.by_lexoffice_id("lx-RE-1")
        await store.invoices.set_pause(first.id, Pause("Ratenzahlung"))
        await store.invoices.hand_over(first.id, NOW)
        await store.invoices.apply_admission(
            [AdmissionUpdate("lx-RE-2", AdmissionState.WAITING, BlockReason.MISSING_EMAIL)], NOW
        )
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        setup, book = await store.cycle.day()
        one_by_one = await store.cycle.setup(), await store.invoices.all()
        named = await store.contacts.get_many(["c-1", "c-2", "c-missing"])
    assert (setup, book.invoices, book.contacts) == (*one_by_one, named)
    assert [s.invoice.voucher_number for s in book.invoices] == ["RE-4", "RE-2", "RE-1", "RE-3"]
    assert book.invoices[2].handed_over_at == NOW
    assert book.invoices[2].pause == Pause("Ratenzahlung")
    assert book.contacts["c-1"].postal_address == postal
    assert book.contacts["c-2"].contact.addressee == Addressee(Title.MS, "Mustermann")
    assert book.contacts["c-1"].contact.addressee is None
    with pytest.raises(NotFound):
        async with database.unit_of_work() as uow:
            await uow.tenant(uuid4()).cycle.day()


async def test_a_day_read_without_texts_is_the_day_without_its_templates(
    postgres: Database,
) -> None:
    """A dry run's read (`texts=False`) leaves the template texts out and nothing else."""
    tenant_id, _ = await tenant_with_invoice(postgres)
    async with postgres.unit_of_work() as uow:
        await add_default_templates(uow.tenant(tenant_id), NOW)
        await uow.tenant(tenant_id).contacts.upsert([contact("c-1")], {})
    day_reads = postgres.day_reads
    assert day_reads is not None
    setup, book = await day_reads.day(tenant_id)
    without, same_book = await day_reads.day(tenant_id, texts=False)
    assert setup.templates.keys() == DEFAULT_TEMPLATES.keys()
    assert (without, same_book) == (replace(setup, templates={}), book)
    assert book.invoices
    assert book.contacts


async def test_marking_a_message_not_in_sending_is_refused(database: Database) -> None:
    tenant_id, invoice_id = await tenant_with_invoice(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        claimed = await store.messages.claim(
            Claim(invoice_id, Level.R1, Channel.EMAIL, "<r1@x>", TODAY, NOW)
        )
        await store.messages.mark_failed(claimed.id, reason=refused("refused"), at=NOW)
        with pytest.raises(NotFound):
            await store.messages.mark_sent(
                claimed.id,
                at=NOW,
                recipient_domain=None,
                transport_message_id=None,
                content_sha256=None,
            )


async def test_exactly_one_feedback_per_invoice(database: Database) -> None:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.invoices.upsert([invoice("RE-1")], NOW)
        stored = await store.invoices.by_lexoffice_id("lx-RE-1")
        token_hash = uuid4().hex * 2
        await store.feedback.add_token(stored.id, token_hash, NOW)
        found = await uow.tenants.tenant_of_feedback_token(token_hash)
        await store.feedback.add(Feedback(str(stored.id), 4, "Sehr freundlich", NOW))
    assert found == (tenant.id, stored.id)
    with pytest.raises(FeedbackAlreadyGiven):
        async with database.unit_of_work() as uow:
            await uow.tenant(tenant.id).feedback.add(Feedback(str(stored.id), 1, None, NOW))
    async with database.unit_of_work() as uow:
        feedback = uow.tenant(tenant.id).feedback
        assert await feedback.for_invoice(stored.id) == Feedback(
            str(stored.id), 4, "Sehr freundlich", NOW
        )
        assert len(await feedback.all()) == 1


async def test_thank_you_queue_never_holds_an_invoice_twice(database: Database) -> None:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.invoices.upsert([invoice("RE-1"), invoice("RE-2")], NOW)
        one = await store.invoices.by_lexoffice_id("lx-RE-1")
        two = await store.invoices.by_lexoffice_id("lx-RE-2")
        await store.thank_yous.enqueue(two.id, NOW)
        await store.thank_yous.enqueue(one.id, NOW - timedelta(hours=1))
        assert await store.thank_yous.due() == [
            ThankYouDue(str(one.id), NOW - timedelta(hours=1)),
            ThankYouDue(str(two.id), NOW),
        ]
        await store.thank_yous.mark_sent(one.id, "2026-11", NOW)
        assert await store.thank_yous.sent_in_month("2026-11") == 1
        assert [d.invoice_id for d in await store.thank_yous.due()] == [str(two.id)]
    with pytest.raises(ThankYouAlreadyQueued):
        async with database.unit_of_work() as uow:
            await uow.tenant(tenant.id).thank_yous.enqueue(one.id, NOW)


ANSWER_HEADERS = (("content-type", "application/json"), ("etag", '"v1"'), ("location", "/v1/k"))


async def test_idempotency_key_is_reserved_once_per_credential(database: Database) -> None:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        keys = uow.tenant(tenant.id).idempotency
        first = await keys.reserve("key:a", "key-1", "a" * 64, NOW)
        pending = await keys.reserve("key:a", "key-1", "a" * 64, NOW)
        other_credential = await keys.reserve("key:b", "key-1", "a" * 64, NOW)
        assert isinstance(first, UUID)
        await keys.complete(first, 201, '{"ok":true}', ANSWER_HEADERS)
        repeat = await keys.reserve("key:a", "key-1", "a" * 64, NOW)
        done = await keys.reserve("key:a", "key-1", "b" * 64, NOW)
        assert await keys.forget_older_than(NOW + timedelta(hours=25)) == 2
        assert isinstance(await keys.reserve("key:a", "key-1", "b" * 64, NOW), UUID)
    assert isinstance(pending, StoredResponse)
    assert (pending.reservation, pending.status, pending.body) == (first, None, None)
    assert isinstance(other_credential, UUID)
    assert isinstance(repeat, StoredResponse)
    assert (repeat.same_request, repeat.status, repeat.body) == (True, 201, '{"ok":true}')
    assert repeat.headers == ANSWER_HEADERS
    assert pending.headers == ()
    assert isinstance(done, StoredResponse)
    assert (done.same_request, done.status, done.body) == (False, 201, '{"ok":true}')


async def test_a_stale_reservation_is_taken_over_once(database: Database) -> None:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        keys = uow.tenant(tenant.id).idempotency
        dead = await keys.reserve("key:a", "key-2", "a" * 64, NOW)
        stale = await keys.reserve("key:a", "key-2", "a" * 64, NOW)
        assert isinstance(dead, UUID)
        assert isinstance(stale, StoredResponse)
        later = NOW + timedelta(minutes=11)
        taken = await keys.take_over(stale, "key:a", "key-2", "a" * 64, later)
        assert isinstance(taken, UUID)
        assert await keys.take_over(stale, "key:a", "key-2", "a" * 64, later) is None
        await keys.complete(dead, 500, "too late", ())
        now_stored = await keys.reserve("key:a", "key-2", "a" * 64, later)
    assert isinstance(now_stored, StoredResponse)
    assert (now_stored.reservation, now_stored.status, now_stored.reserved_at) == (
        taken,
        None,
        later,
    )


async def test_api_keys_are_found_by_hash_until_revoked(database: Database) -> None:
    tenant = await new_tenant(database)
    key_hash = uuid4().hex * 2
    async with database.unit_of_work() as uow:
        key = await uow.tenant(tenant.id).api_keys.add("ci", "amk_abcdefgh", key_hash, NOW)
        found = await uow.tenants.active_api_key(key_hash)
        assert found is not None
        assert (found.tenant_id, found.key_id) == (tenant.id, key.id)
        await uow.tenant(tenant.id).api_keys.revoke(key.id, NOW)
        assert await uow.tenants.active_api_key(key_hash) is None
        assert (await uow.tenant(tenant.id).api_keys.all())[0].revoked_at == NOW
    with pytest.raises(AlreadyExists):
        async with database.unit_of_work() as uow:
            await uow.tenant(tenant.id).api_keys.add("again", "amk_x", key_hash, NOW)


async def test_connection_and_smtp_server_round_trip(database: Database) -> None:
    tenant = await new_tenant(database)
    connection = LexofficeConnection(
        kind=ConnectionKind.OAUTH,
        organization_id="org-1",
        access_token="access-token-value",
        refresh_token="refresh-token-value",
        expires_at=NOW,
    )
    server = SmtpServer("mail.baeckerei.example", 587, "rechnung@baeckerei.example", password="pw")
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        assert await store.connection.get() is None
        await store.connection.save(connection)
        await store.connection.save(replace(connection, access_token="rotated"))
        await store.smtp.save(server)
        read_connection = await store.connection.get()
        assert await store.connection.get_locked() == read_connection
        read_server = await store.smtp.get()
        await store.smtp.remove()
        assert await store.smtp.get() is None
    assert read_connection == replace(connection, access_token="rotated")
    assert read_server == server


async def test_audit_log_keeps_the_newest_first(database: Database) -> None:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        audit = uow.tenant(tenant.id).audit
        await audit.record(AuditEntry("api", "settings.changed", NOW, "levels", {"M1": 14}))
        await audit.record(AuditEntry("cli", "tenant.paused", NOW + timedelta(minutes=1)))
        entries = await audit.entries()
    assert [e.action for e in entries] == ["tenant.paused", "settings.changed"]
    assert entries[1].detail == {"M1": 14}


async def test_invoice_status_enum_round_trips_for_every_status(database: Database) -> None:
    tenant = await new_tenant(database)
    invoices = [invoice(f"RE-{s.value}", status=s) for s in InvoiceStatus]
    async with database.unit_of_work() as uow:
        await uow.tenant(tenant.id).invoices.upsert(invoices, NOW)
        stored = await uow.tenant(tenant.id).invoices.all()
    assert {s.invoice.status for s in stored} == set(InvoiceStatus)
