"""A held message awaits the owner's decision only while the plan still wants it, on both
engines: once its invoice is paid or handed over, a pause holds, or a later level went out, it
leaves the review and the attention list, and a decision on it is refused (409) instead of
counting a level that no longer matters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from uuid import UUID

import pytest

from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.messages.records import Claim, SentMessage
from automahntion.app.review.attention import AttentionKind, attention_items
from automahntion.app.review.decide import resolve, review_items
from automahntion.app.review.items import NotOpenForReview, Outcome, ReviewKind
from automahntion.app.storage import TenantStore
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.levels import Level
from automahntion.domain.pauses import Pause
from tests.integration.helpers import NOW, TODAY, contact, invoice, tenant_with_invoice

LATER = NOW + timedelta(days=2)
MovedOn = Callable[[TenantStore, UUID], Awaitable[None]]


async def _paid(store: TenantStore, _invoice: UUID) -> None:
    await store.invoices.upsert([invoice(status=InvoiceStatus.PAID, open_cents=0)], LATER)


async def _paused(store: TenantStore, invoice_id: UUID) -> None:
    await store.invoices.set_pause(invoice_id, Pause("Ratenzahlung", TODAY + timedelta(days=2)))


async def _customer_paused(store: TenantStore, _invoice: UUID) -> None:
    await store.contacts.set_pause("c-1", Pause("Reklamation"))


async def _tenant_paused(store: TenantStore, _invoice: UUID) -> None:
    await store.account.set_pause(Pause("Betriebsferien"))


async def _handed_over(store: TenantStore, invoice_id: UUID) -> None:
    await store.invoices.hand_over(invoice_id, LATER)


async def _later_level_sent(store: TenantStore, invoice_id: UUID) -> None:
    later = await store.messages.claim(
        Claim(invoice_id, Level.M1, Channel.EMAIL, "<m1@test>", TODAY + timedelta(days=2), LATER)
    )
    await store.messages.mark_sent(
        later.id,
        at=LATER,
        recipient_domain="cafe.example",
        transport_message_id=None,
        content_sha256=None,
    )


async def _held_r2(database: Database) -> tuple[UUID, UUID, SentMessage]:
    tenant, invoice_id = await tenant_with_invoice(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant)
        await store.contacts.upsert([contact()])
        held = await store.messages.hold(
            Claim(invoice_id, Level.R2, Channel.EMAIL, "<r2@test>", TODAY, NOW),
            reason=Reason.of(ReasonCode.TEMPLATE_FAILED, level="R2", error="x"),
        )
    return tenant, invoice_id, held


def _held_on_attention(items: list) -> list:  # type: ignore[type-arg]
    return [i for i in items if i.kind is AttentionKind.MESSAGE_HELD]


@pytest.mark.parametrize(
    "moved_on",
    [_paid, _paused, _customer_paused, _tenant_paused, _handed_over, _later_level_sent],
)
async def test_a_held_message_leaves_the_review_once_the_plan_moved_on(
    database: Database, moved_on: MovedOn
) -> None:
    tenant, invoice_id, held = await _held_r2(database)
    units = database.unit_of_work
    assert [i.kind for i in await review_items(units, tenant, LATER)] == [ReviewKind.MESSAGE_HELD]
    async with units() as uow:
        await moved_on(uow.tenant(tenant), invoice_id)

    assert await review_items(units, tenant, LATER) == []
    assert _held_on_attention(await attention_items(units, tenant, LATER)) == []
    with pytest.raises(NotOpenForReview, match="no longer awaits a decision"):
        await resolve(units, tenant, held.id, Outcome.SENT, LATER, "test")
    async with units() as uow:
        assert (await uow.tenant(tenant).messages.get(held.id)).state is held.state


async def test_a_held_message_comes_back_once_its_pause_is_over(database: Database) -> None:
    tenant, invoice_id, held = await _held_r2(database)
    units = database.unit_of_work
    async with units() as uow:
        await _paused(uow.tenant(tenant), invoice_id)
    assert await review_items(units, tenant, LATER) == []
    after_pause = NOW + timedelta(days=3)
    assert [i.id for i in await review_items(units, tenant, after_pause)] == [held.id]
    [item] = _held_on_attention(await attention_items(units, tenant, after_pause))
    assert item.level is Level.R2
