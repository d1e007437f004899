"""Use cases: the events a state change records, inside the unit of work that makes it."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from automahntion.app.events.records import EventType
from automahntion.app.lexoffice.disconnect_reasons import DisconnectReason
from automahntion.app.lexoffice.records import LexofficeConnection
from automahntion.app.messages.reasons import Reason
from automahntion.app.messages.records import SentMessage
from automahntion.app.post.provider import LetterEvent, LetterState
from automahntion.app.post.records import LetterRecord
from automahntion.app.storage import TenantStore
from automahntion.domain.feedback import Feedback, month_of
from automahntion.domain.recipients import BlockReason

MESSAGE_FAILED = "message_failed"
MESSAGE_HELD = "message_held"
INVOICE_BLOCKED = "invoice_blocked"
"""The `reason` of `invoice.needs_attention`: the kind of the attention item it adds."""


async def message_event(
    store: TenantStore, type: EventType, message: SentMessage, at: datetime
) -> None:
    """`message` as its change stored it (`MessageRepository.mark_sent` answers it)."""
    await store.events.record(
        type,
        {
            "messageId": str(message.id),
            "invoiceId": str(message.invoice_id),
            "level": message.level.value,
            "channel": message.channel.value,
            "reasonCode": reason.code.value if (reason := message.failure_reason) else None,
            "reason": reason.german if reason else None,
        },
        at,
    )


async def message_failed(store: TenantStore, failed: SentMessage, at: datetime) -> None:
    """A failed message is also an item of the tenant's attention list."""
    await message_event(store, EventType.MESSAGE_FAILED, failed, at)
    await needs_attention(store, failed.invoice_id, MESSAGE_FAILED, failed.failure_reason, at)


async def needs_attention(
    store: TenantStore, invoice_id: UUID, kind: str, why: Reason | None, at: datetime
) -> None:
    """`detail` in German, as the attention list words it; `reasonCode` stable for programs."""
    await store.events.record(
        EventType.INVOICE_NEEDS_ATTENTION,
        {
            "invoiceId": str(invoice_id),
            "reason": kind,
            "reasonCode": why.code.value if why else None,
            "detail": why.german if why else "",
        },
        at,
    )


async def invoice_blocked(
    store: TenantStore, invoice_id: UUID, block: BlockReason, detail: str, at: datetime
) -> None:
    """An overdue invoice became blocked for a reason the owner can mend: `reasonCode` is the
    block reason (`unusable_record`, `missing_email`)."""
    await store.events.record(
        EventType.INVOICE_NEEDS_ATTENTION,
        {
            "invoiceId": str(invoice_id),
            "reason": INVOICE_BLOCKED,
            "reasonCode": block.value,
            "detail": detail,
        },
        at,
    )


async def invoice_paid(
    store: TenantStore, invoice_id: UUID, number: str | None, at: datetime
) -> None:
    await store.events.record(
        EventType.INVOICE_PAID, {"invoiceId": str(invoice_id), "invoiceNumber": number}, at
    )


def utc(at: datetime) -> str:
    """RFC 3339 in UTC with `Z`, as the API writes its timestamps."""
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


async def letter_status_changed(
    store: TenantStore,
    letter: LetterRecord,
    previous: LetterState,
    report: LetterEvent,
    at: datetime,
) -> None:
    """`reportedAt` is the provider's time of the change; the event's own time is ours."""
    await store.events.record(
        EventType.LETTER_STATUS_CHANGED,
        {
            "letterId": letter.provider_letter_id,
            "invoiceId": str(letter.invoice_id),
            "level": letter.level.value,
            "kind": letter.kind.value,
            "previousState": previous.value,
            "state": letter.state.value,
            "trackingCode": letter.tracking_code,
            "providerStatus": report.provider_status,
            "reason": report.reason,
            "reportedAt": utc(report.occurred_at),
        },
        at,
    )


async def feedback_received(store: TenantStore, feedback: Feedback) -> None:
    """Anonymous as the feedback report is (rule 6): no invoice, contact or amount next to the
    rating; `month` is the report's month it counts in."""
    await store.events.record(
        EventType.FEEDBACK_RECEIVED,
        {
            "stars": feedback.stars,
            "comment": feedback.comment,
            "month": month_of(feedback),
        },
        feedback.given_at,
    )


async def lexoffice_disconnected(
    store: TenantStore, connection: LexofficeConnection, reason: DisconnectReason, at: datetime
) -> None:
    """`reasonCode` stable for programs, `reason` in German as the tenant reads it."""
    await store.events.record(
        EventType.LEXOFFICE_DISCONNECTED,
        {
            "organizationId": connection.organization_id,
            "kind": connection.kind.value,
            "reasonCode": reason.code.value,
            "reason": reason.german,
            "disconnectedAt": utc(at),
        },
        at,
    )
