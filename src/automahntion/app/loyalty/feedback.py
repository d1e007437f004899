"""Use cases: the customer's feedback page behind a token, and the tenant's anonymized report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from automahntion.app.errors import NotFound
from automahntion.app.events.record import feedback_received
from automahntion.app.storage import UnitOfWork
from automahntion.domain.feedback import (
    FeedbackReport,
    accept_feedback,
    hash_token,
    in_months,
    report,
)


@dataclass(frozen=True)
class FeedbackPage:
    company_name: str
    question: str
    already_given: bool


async def _owner(uow: UnitOfWork, token: str) -> tuple[UUID, UUID]:
    found = await uow.tenants.tenant_of_feedback_token(hash_token(token))
    if found is None:
        raise NotFound("feedback link", "…")
    return found


async def open_page(units: Callable[[], UnitOfWork], token: str) -> FeedbackPage:
    """Raises `NotFound` for a token nobody was sent."""
    async with units() as uow:
        tenant_id, invoice_id = await _owner(uow, token)
        store = uow.tenant(tenant_id)
        tenant = await store.account.get()
        given = await store.feedback.for_invoice(invoice_id)
    return FeedbackPage(tenant.name, tenant.settings.feedback_question, given is not None)


async def give_feedback(
    units: Callable[[], UnitOfWork], token: str, stars: int, comment: str | None, now: datetime
) -> FeedbackPage:
    """Raises `NotFound`, `InvalidFeedback`, or `FeedbackAlreadyGiven` — also for the loser of
    two submissions at the same moment (the storage's unique index decides)."""
    async with units() as uow:
        tenant_id, invoice_id = await _owner(uow, token)
        store = uow.tenant(tenant_id)
        tenant = await store.account.get()
        feedback = accept_feedback(
            await store.feedback.for_invoice(invoice_id),
            invoice_id=str(invoice_id),
            stars=stars,
            comment=comment,
            now=now,
        )
        await store.feedback.add(feedback)
        await feedback_received(store, feedback)
    return FeedbackPage(tenant.name, tenant.settings.feedback_question, True)


async def feedback_report(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID,
    first_month: str | None = None,
    last_month: str | None = None,
) -> FeedbackReport:
    async with units() as uow:
        given = await uow.tenant(tenant_id).feedback.all()
    return report(in_months(given, first_month, last_month))
