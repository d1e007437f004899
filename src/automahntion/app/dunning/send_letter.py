"""One notice by post: re-checked, claimed, its document made (or reused), then uploaded to the
print-and-mail provider exactly once (its idempotency key is derived from tenant, invoice and
level; see `post.letters`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from automahntion.app.dunning.claims import claim, going_on_at_hand_over
from automahntion.app.dunning.ledger import Pending, released_if_stopped
from automahntion.app.dunning.load import CycleDay
from automahntion.app.dunning.ports import LetterToPost, SendPorts
from automahntion.app.dunning.prepare import message_id, prepare, render
from automahntion.app.dunning.report import (
    LETTER_REVIEW,
    NO_DOCUMENT_STORE,
    NO_POSTAL,
    CycleReport,
    Outcome,
)
from automahntion.app.dunning.send_mail import noted
from automahntion.app.events.record import message_event, message_failed
from automahntion.app.events.records import EventType
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.messages.records import RenderedFrom
from automahntion.app.post.letters import (
    TAKEN_BEFORE,
    apply_early_events,
    letter_key,
    letter_kind,
)
from automahntion.app.post.provider import (
    LetterKeyReused,
    LetterPrinter,
    LetterRequest,
    PostalRefused,
    PostalUnavailable,
)
from automahntion.app.post.records import LetterRecord
from automahntion.app.post.taken_letters import record_taken
from automahntion.app.storage import UnitOfWork
from automahntion.domain.calendar import berlin_today
from automahntion.domain.day_plan import PlannedMessage


async def send_letter(
    ports: SendPorts, day: CycleDay, message: PlannedMessage, report: CycleReport
) -> None:
    [planned] = message.items
    if ports.post is None or not ports.documents.makes_notices:
        missing = NO_POSTAL if ports.post is None else NO_DOCUMENT_STORE
        report.add(planned, Outcome.NOT_SENT, missing)
        return
    items = await prepare(ports, day, [planned], report)
    if not items:
        return
    [item] = items
    made = await render(ports, day, items, item.facts, report)
    if made is None:
        return
    version_id, rendered = made
    mail_id = message_id(day.tenant.id, item.stored.id, planned.level, ports.message_domain)
    claimed = await claim(ports, items, mail_id, version_id, report, item.facts)
    if not claimed:
        return
    claim_id = claimed[0][1]
    pending = Pending([claim_id])
    async with released_if_stopped(ports.ledger, pending, ports.clock.now):
        try:
            document = await ports.documents.letter(item, rendered)
        except Exception as error:  # nothing went to the provider: held, never left `sending`
            document = Reason.failed(ReasonCode.DOCUMENT_FAILED, error)
        if isinstance(document, Reason):  # recording it may fail too: then held as it can be
            await ports.ledger.mark_held(claim_id, reason=document, at=ports.clock.now())
            report.held_line(planned, document)
            return
        if not await going_on_at_hand_over(ports, claimed, pending, report):
            return
    letter = LetterToPost(
        tenant_id=day.tenant.id,
        invoice_id=item.stored.id,
        claim_id=claim_id,
        item=item,
        kind=letter_kind(day.rules.policy.setting(planned.level)),
        document=document.pdf,
        day=berlin_today(ports.clock.now()),
        facts=document.facts,
    )
    try:
        outcome, words = await ports.post.post(letter)
    except Exception as error:  # handed to the provider: it may have taken it
        outcome, words = Outcome.REVIEW, f"{LETTER_REVIEW} ({str(error) or type(error).__name__})"
    report.add(planned, outcome, noted(item, words) if outcome is Outcome.SENT else words)


@dataclass(frozen=True)
class StoredPost:
    """The production `LetterPost`: the provider, and the outcome stored."""

    printer: LetterPrinter
    units: Callable[[], UnitOfWork]
    now: Callable[[], datetime]

    async def post(self, letter: LetterToPost) -> tuple[Outcome, str]:
        level = letter.item.planned.level
        request = LetterRequest(
            pdf=letter.document.data,
            file_name=letter.document.filename,
            kind=letter.kind,
            idempotency_key=letter_key(letter.tenant_id, letter.invoice_id, level),
            meta={"level": level.value},
        )
        try:
            posted = await self.printer.send_letter(request)
        except LetterKeyReused:
            return await self._taken_before(letter)
        except (PostalUnavailable, PostalRefused) as error:
            async with self.units() as uow:
                store = uow.tenant(letter.tenant_id)
                at = self.now()
                failed = await store.messages.mark_failed(
                    letter.claim_id, reason=Reason.failed(ReasonCode.POSTAL_FAILED, error), at=at
                )
                await message_failed(store, failed, at)
            return Outcome.FAILED, f"failed: {error}"
        record = LetterRecord(
            invoice_id=letter.invoice_id,
            level=level,
            kind=letter.kind,
            provider_letter_id=posted.letter_id,
            state=posted.state,
            sent_on=letter.day,
            tracking_code=posted.tracking_code,
        )
        async with self.units() as uow:
            await uow.early_letter_events.lock(posted.letter_id)
            store = uow.tenant(letter.tenant_id)
            await store.letters.add(record)
            at = self.now()
            sent = await store.messages.mark_sent(
                letter.claim_id,
                at=at,
                recipient_domain=None,
                transport_message_id=posted.letter_id,
                content_sha256=hashlib.sha256(letter.document.data).hexdigest(),
                letter_tracking_code=posted.tracking_code,
                rendered_from=RenderedFrom(
                    letter.item.facts, letter.item.planned.invoice.language, letter.facts
                ),
            )
            await message_event(store, EventType.MESSAGE_SENT, sent, at)
            await apply_early_events(uow, store, record, at)
        return Outcome.SENT, f"sent by post ({letter.kind.value})"

    async def _taken_before(self, letter: LetterToPost) -> tuple[Outcome, str]:
        """The provider already holds a letter under this key (an earlier hand-over it took,
        whose answer was lost): that is the notice, never printed twice nor left for review
        again. It counts as sent, recorded with its provider id and status unknown."""
        async with self.units() as uow:
            store = uow.tenant(letter.tenant_id)
            at = self.now()
            await record_taken(
                store.letters, letter.invoice_id, letter.item.planned.level, letter.kind, letter.day
            )
            sent = await store.messages.mark_sent(
                letter.claim_id,
                at=at,
                recipient_domain=None,
                transport_message_id=None,
                content_sha256=None,
            )
            await message_event(store, EventType.MESSAGE_SENT, sent, at)
        return Outcome.SENT, f"sent by post ({letter.kind.value}): {TAKEN_BEFORE}"
