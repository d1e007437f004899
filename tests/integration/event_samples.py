"""Events of the types a short dunning run does not make, recorded by the use cases that
record them (`app/events/record.py`) from the records they are made of."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

from automahntion.app.events.record import (
    MESSAGE_HELD,
    feedback_received,
    invoice_blocked,
    invoice_paid,
    letter_status_changed,
    lexoffice_disconnected,
    needs_attention,
)
from automahntion.app.lexoffice.disconnect_reasons import DisconnectCode, DisconnectReason
from automahntion.app.lexoffice.records import ConnectionKind, LexofficeConnection
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.post.provider import LetterEvent, LetterState
from automahntion.app.post.records import LetterRecord
from automahntion.app.storage import TenantStore
from automahntion.domain.feedback import Feedback
from automahntion.domain.levels import Level
from automahntion.domain.prices import LetterKind
from automahntion.domain.recipients import BlockReason


async def record_the_other_types(store: TenantStore, invoice_id: UUID, at: datetime) -> None:
    """`invoice.needs_attention` for a held message (with and without a reason) and a blocked
    invoice, `letter.status_changed`, `feedback.received` and `lexoffice.disconnected`."""
    await needs_attention(store, invoice_id, MESSAGE_HELD, Reason(ReasonCode.TEMPLATE_FAILED), at)
    await needs_attention(store, invoice_id, MESSAGE_HELD, None, at)
    await invoice_blocked(store, invoice_id, BlockReason.MISSING_EMAIL, "Keine E-Mail-Adresse", at)
    letter = LetterRecord(
        invoice_id=invoice_id,
        level=Level.M2,
        kind=LetterKind.REGISTERED,
        provider_letter_id="ltr_1",
        state=LetterState.SENT,
        sent_on=date(2026, 12, 1),
        tracking_code="RR123456789DE",
    )
    report = LetterEvent(
        event_id="evt_1",
        letter_id="ltr_1",
        state=LetterState.SENT,
        provider_status="mailed",
        tracking_code="RR123456789DE",
        reason=None,
        occurred_at=at - timedelta(minutes=5),
    )
    await letter_status_changed(store, letter, LetterState.PRINTING, report, at)
    await feedback_received(store, Feedback("RE-9", 4, "Freundlich", at))
    connection = LexofficeConnection(kind=ConnectionKind.OAUTH, organization_id="org-1")
    await lexoffice_disconnected(
        store, connection, DisconnectReason(DisconnectCode.REFRESH_REFUSED), at
    )


async def record_each_type_but_messages(
    store: TenantStore, invoice_id: UUID, number: str, at: datetime
) -> None:
    """`invoice.paid` and the others above: every type that needs no message sent."""
    await invoice_paid(store, invoice_id, number, at)
    await record_the_other_types(store, invoice_id, at)
