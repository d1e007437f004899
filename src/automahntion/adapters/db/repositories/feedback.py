"""Feedback on the thank-you e-mails of one tenant, and its tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from automahntion.adapters.db.errors import unique_violations
from automahntion.adapters.db.repositories.rows import check_invoice_owned
from automahntion.adapters.db.tables import Feedback as FeedbackRow
from automahntion.adapters.db.tables import FeedbackToken as TokenRow
from automahntion.domain.errors import FeedbackAlreadyGiven
from automahntion.domain.feedback import Feedback


def _feedback(row: dict[str, Any]) -> Feedback:
    return Feedback(str(row["invoice"]), row["stars"], row["comment"], row["given_at"])


class PiccoloFeedbackRepository:
    def __init__(self, tenant_id: UUID) -> None:
        self._tenant = tenant_id

    async def add_token(self, invoice_id: UUID, token_hash: str, now: datetime) -> None:
        await check_invoice_owned(self._tenant, invoice_id)
        with unique_violations():
            await TokenRow.insert(
                TokenRow(
                    tenant=self._tenant, invoice=invoice_id, token_hash=token_hash, created_at=now
                )
            )

    async def add(self, feedback: Feedback) -> None:
        invoice_id = UUID(feedback.invoice_id)
        await check_invoice_owned(self._tenant, invoice_id)
        with unique_violations(
            {"ux_feedback_invoice": lambda: FeedbackAlreadyGiven(feedback.invoice_id)}
        ):
            await FeedbackRow.insert(
                FeedbackRow(
                    tenant=self._tenant,
                    invoice=invoice_id,
                    stars=feedback.stars,
                    comment=feedback.comment,
                    given_at=feedback.given_at,
                )
            )

    async def for_invoice(self, invoice_id: UUID) -> Feedback | None:
        row = (
            await FeedbackRow.select()
            .where((FeedbackRow.tenant == self._tenant) & (FeedbackRow.invoice == invoice_id))
            .first()
        )
        return _feedback(row) if row else None

    async def all(self) -> list[Feedback]:
        rows = await FeedbackRow.select().where(FeedbackRow.tenant == self._tenant)
        return [_feedback(row) for row in rows]
