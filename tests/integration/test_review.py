"""The review of what may or may not have gone out, on both engines: what is listed (and what
a running cycle may still hold), and what each decision does to the invoice's history."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from automahntion.app.errors import NotFound
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.messages.records import Claim, MessageState
from automahntion.app.post.records import DocumentState
from automahntion.app.review.attention import AttentionKind, attention_items
from automahntion.app.review.decide import GRACE, resolve, review_items
from automahntion.app.review.items import NotOpenForReview, Outcome, ReviewKind
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.escalation import SentLevel
from automahntion.domain.levels import Level
from tests.integration.helpers import NOW, TODAY, tenant_with_invoice

LATER = NOW + GRACE + timedelta(seconds=1)


async def _claim(database: Database, tenant: UUID, invoice: UUID, level: Level) -> UUID:
    async with database.unit_of_work() as uow:
        message = await uow.tenant(tenant).messages.claim(
            Claim(invoice, level, Channel.EMAIL, f"<{uuid4()}@test>", TODAY, NOW)
        )
    return message.id


async def _history(database: Database, tenant: UUID, invoice: UUID) -> list[SentLevel]:
    async with database.unit_of_work() as uow:
        return (await uow.tenant(tenant).messages.history([invoice])).get(invoice, [])


async def test_a_claim_left_sending_is_listed_once_no_cycle_can_hold_it(
    database: Database,
) -> None:
    tenant, invoice = await tenant_with_invoice(database)
    message = await _claim(database, tenant, invoice, Level.R1)
    units = database.unit_of_work
    assert await review_items(units, tenant, NOW + GRACE - timedelta(seconds=1)) == []
    with pytest.raises(NotOpenForReview, match="running cycle"):
        await resolve(units, tenant, message, Outcome.SENT, NOW, "test")
    [item] = await review_items(units, tenant, LATER)
    assert (item.id, item.kind, item.invoice_number, item.level, item.channel, item.since) == (
        message,
        ReviewKind.MESSAGE_SENDING,
        "RE-1",
        Level.R1,
        Channel.EMAIL,
        NOW,
    )
    assert "BCC" in item.reason.german
    assert "check whether it went out" in item.reason.english


async def test_was_sent_counts_on_its_claim_day_and_twice_is_refused(database: Database) -> None:
    tenant, invoice = await tenant_with_invoice(database)
    message = await _claim(database, tenant, invoice, Level.R1)
    units = database.unit_of_work
    await resolve(units, tenant, message, Outcome.SENT, LATER + timedelta(days=3), "test")
    assert await _history(database, tenant, invoice) == [SentLevel(Level.R1, TODAY)]
    assert await review_items(units, tenant, LATER) == []
    with pytest.raises(NotOpenForReview, match="is sent"):
        await resolve(units, tenant, message, Outcome.NOT_SENT, LATER, "test")


async def test_was_not_sent_makes_the_level_due_again(database: Database) -> None:
    tenant, invoice = await tenant_with_invoice(database)
    message = await _claim(database, tenant, invoice, Level.R1)
    units = database.unit_of_work
    await resolve(units, tenant, message, Outcome.NOT_SENT, LATER, "test")
    assert await _history(database, tenant, invoice) == []
    async with units() as uow:
        stored = await uow.tenant(tenant).messages.get(message)
    assert (stored.state, stored.failure_reason) == (
        MessageState.FAILED,
        Reason(ReasonCode.RESOLVED_NOT_SENT),
    )
    retaken = await _claim(database, tenant, invoice, Level.R1)
    assert retaken == message
    with pytest.raises(NotOpenForReview, match="running cycle"):
        await resolve(units, tenant, message, Outcome.NOT_SENT, NOW, "test")


async def test_an_unknown_id_and_another_tenants_item_are_not_found(database: Database) -> None:
    tenant, invoice = await tenant_with_invoice(database)
    other, _ = await tenant_with_invoice(database)
    message = await _claim(database, tenant, invoice, Level.R1)
    units = database.unit_of_work
    for who, ident in ((tenant, uuid4()), (other, message)):
        with pytest.raises(NotFound):
            await resolve(units, who, ident, Outcome.SENT, LATER, "test")
    assert await review_items(units, other, LATER) == []
    assert [i.id for i in await review_items(units, tenant, LATER)] == [message]


async def _uncertain_document(
    database: Database, tenant: UUID, invoice: UUID, state: DocumentState
) -> tuple[UUID, UUID]:
    """An M1 whose dunning document lexoffice may hold; its message failed for that reason."""
    message = await _claim(database, tenant, invoice, Level.M1)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant)
        document = await store.documents.begin(invoice, Level.M1, "lexoffice", NOW)
        if state is DocumentState.UNCERTAIN:
            await store.documents.uncertain(document)
        await store.messages.mark_failed(
            message, reason=Reason(ReasonCode.DOCUMENT_UNCERTAIN), at=NOW
        )
    return document, message


@pytest.mark.parametrize("state", [DocumentState.UNCERTAIN, DocumentState.REQUESTED])
async def test_a_document_is_one_item_with_its_message(
    database: Database, state: DocumentState
) -> None:
    tenant, invoice = await tenant_with_invoice(database)
    document, message = await _uncertain_document(database, tenant, invoice, state)
    units = database.unit_of_work
    listed = await review_items(units, tenant, NOW)
    assert [i.id for i in listed] == ([document] if state is DocumentState.UNCERTAIN else [])
    [item] = await review_items(units, tenant, LATER)
    assert (item.id, item.kind, item.level) == (document, ReviewKind.DOCUMENT_UNCERTAIN, Level.M1)
    assert "lexoffice" in item.reason.german
    await resolve(units, tenant, message, Outcome.SENT, LATER, "test")
    assert await _history(database, tenant, invoice) == [SentLevel(Level.M1, TODAY)]
    async with units() as uow:
        assert (await uow.tenant(tenant).documents.get(document)).state is DocumentState.CREATED
    with pytest.raises(NotOpenForReview, match="created"):
        await resolve(units, tenant, document, Outcome.SENT, LATER, "test")


async def test_a_document_not_made_is_asked_for_again(database: Database) -> None:
    tenant, invoice = await tenant_with_invoice(database)
    document, _ = await _uncertain_document(database, tenant, invoice, DocumentState.UNCERTAIN)
    units = database.unit_of_work
    await resolve(units, tenant, document, Outcome.NOT_SENT, LATER, "test")
    assert await _history(database, tenant, invoice) == []
    async with units() as uow:
        store = uow.tenant(tenant)
        assert await store.documents.for_level(invoice, Level.M1) is None
        entries = await store.audit.entries()
    assert [(e.action, e.subject, e.detail["outcome"]) for e in entries[:1]] == [
        ("review.resolved", str(document), "notSent")
    ]
    with pytest.raises(NotOpenForReview, match="resolved already"):
        await resolve(units, tenant, document, Outcome.NOT_SENT, LATER, "test")
    with pytest.raises(NotOpenForReview, match="resolved already"):
        await resolve(units, tenant, document, Outcome.SENT, LATER, "test")


async def test_a_held_message_is_listed_at_once_with_its_reason_and_resolves(
    database: Database,
) -> None:
    """Needs attention: nothing of a held message was handed over, so it needs no grace; the
    owner may say it went out another way, or let it be tried again."""
    tenant, invoice = await tenant_with_invoice(database)
    units = database.unit_of_work
    async with units() as uow:
        messages = uow.tenant(tenant).messages
        r1 = await messages.hold(
            Claim(invoice, Level.R1, Channel.EMAIL, "<r1@test>", TODAY, NOW),
            reason=Reason.of(ReasonCode.INVOICE_PDF_MISSING, error="404"),
        )
        m1 = await messages.hold(
            Claim(invoice, Level.M1, Channel.EMAIL, "<m1@test>", TODAY, NOW),
            reason=Reason.of(ReasonCode.TEMPLATE_FAILED, level="M1", error="x"),
        )
    items = await review_items(units, tenant, NOW)
    assert {(i.id, i.kind, i.level) for i in items} == {
        (r1.id, ReviewKind.MESSAGE_HELD, Level.R1),
        (m1.id, ReviewKind.MESSAGE_HELD, Level.M1),
    }
    [held_r1] = [i for i in items if i.id == r1.id]
    assert held_r1.reason.english.endswith(": invoice PDF not available (404)")
    assert "Grund: das PDF der Rechnung ist nicht verfügbar" in held_r1.reason.german
    assert "404" not in held_r1.reason.german  # the server's words stay the operator's
    assert held_r1.held_because == Reason.of(ReasonCode.INVOICE_PDF_MISSING, error="404")

    await resolve(units, tenant, r1.id, Outcome.SENT, NOW, "test")
    await resolve(units, tenant, m1.id, Outcome.NOT_SENT, NOW, "test")
    assert await _history(database, tenant, invoice) == [SentLevel(Level.R1, TODAY)]
    assert await review_items(units, tenant, LATER) == []
    async with units() as uow:
        again = await uow.tenant(tenant).messages.claim(  # R1 counts on TODAY
            Claim(invoice, Level.M1, Channel.EMAIL, "<m1@test>", TODAY + timedelta(days=1), LATER)
        )
    assert (again.id, again.state) == (m1.id, MessageState.SENDING)


async def test_what_the_review_lists_is_on_the_attention_list_too(database: Database) -> None:
    """The owner hears of a message left `sending` and of a document lexoffice may hold: the
    attention list (and so the digest) names both, with their invoice and level."""
    tenant, invoice = await tenant_with_invoice(database)
    await _claim(database, tenant, invoice, Level.R1)
    async with database.unit_of_work() as uow:
        documents = uow.tenant(tenant).documents
        document = await documents.begin(invoice, Level.M1, "lexoffice", NOW)
        await documents.uncertain(document)
    items = await attention_items(database.unit_of_work, tenant, LATER)
    listed = {(i.kind, i.invoice_number, i.level) for i in items}
    assert {
        (AttentionKind.MESSAGE_UNRESOLVED, "RE-1", Level.R1),
        (AttentionKind.DOCUMENT_UNCERTAIN, "RE-1", Level.M1),
    } <= listed
