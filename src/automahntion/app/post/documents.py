"""The document that goes with a dunning notice (M-levels): lexoffice's own dunning for an
invoice, our letter for a revenue voucher. Recorded before it is created, created once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from automahntion.app.errors import AlreadyExists
from automahntion.app.lexoffice.ports import (
    DunningRequest,
    InvoiceDetails,
    LexofficeApi,
    LexofficeNotFound,
    LexofficeOutcomeUnknown,
    LexofficeUnavailable,
)
from automahntion.app.mail.ports import Attachment
from automahntion.app.mail.rendering import MessageFacts, Rendered
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.post.dunning_document import DunningFacts, dunning_request, title
from automahntion.app.post.files import FileStore
from automahntion.app.post.letter_layout import DocumentRenderer, DunningLetter, Language, OpenItem
from automahntion.app.post.letter_lines import fee_lines
from automahntion.app.post.records import DocumentState, StoredDocument
from automahntion.app.storage import UnitOfWork
from automahntion.app.tenants.letterhead import Letterhead
from automahntion.domain.calendar import berlin_today
from automahntion.domain.invoices import Invoice
from automahntion.domain.levels import Level

REVIEW = Reason(ReasonCode.DOCUMENT_UNCERTAIN)
PAYMENT_DAYS = 7
"""The letter's days to pay when its message names no deadline (a preview)."""
"""Days from the letter's date to the deadline it names (the default texts' "7 Tage")."""


@dataclass(frozen=True)
class NoticeContext:
    tenant_id: UUID
    invoice_id: UUID
    invoice: Invoice
    level: Level
    today: date
    now: datetime
    rendered: Rendered
    facts: MessageFacts
    recipient_address: tuple[str, ...]
    letterhead: Letterhead = field(default_factory=Letterhead)


@dataclass(frozen=True)
class NoticePorts:
    units: Callable[[], UnitOfWork]
    files: FileStore
    renderer: DocumentRenderer | None


def _name(ctx: NoticeContext, suffix: str) -> str:
    return f"{ctx.tenant_id}-{ctx.invoice.voucher_number}-{ctx.level.value}-{suffix}.pdf"


@dataclass(frozen=True)
class LetterInput:
    """Everything a letter is laid out from: what is recorded with a posted one."""

    facts: MessageFacts
    subject: str
    language: Language
    level: Level
    letterhead: Letterhead
    recipient_address: tuple[str, ...]
    today: date


def laid_out(given: LetterInput, *, cover: bool = False) -> DunningLetter:
    """Our letter for the notice: the tenant's letterhead, the notice's subject, one line per
    invoice (several for a bundle) and per fee or interest. With `cover`, the cover page of
    lexoffice's dunning: the same letterhead, window and request, naming the enclosed dunning
    instead of listing amounts."""
    facts, language, today = given.facts, given.language, given.today
    items = tuple(
        OpenItem(i.voucher_number, i.voucher_date, i.due_date, i.open_cents) for i in facts.items
    ) or (OpenItem(facts.invoice_number, facts.invoice_date, facts.due_date, facts.open_cents),)
    return DunningLetter(
        sender=given.letterhead,
        company_name=given.letterhead.name_or(facts.company_name),
        recipient_name=facts.customer_name,
        recipient_address=given.recipient_address,
        letter_date=today,
        title=given.subject,
        deadline=facts.payment_deadline or today + timedelta(days=PAYMENT_DAYS),
        items=items,
        fees=fee_lines(facts.fees, language),
        language=language,
        payment_note=facts.payment_details,
        enclosure=title(given.level, language) if cover else "",
    )


def _input(ctx: NoticeContext) -> LetterInput:
    return LetterInput(
        ctx.facts,
        ctx.rendered.subject,
        letter_language(ctx.invoice.language),
        ctx.level,
        ctx.letterhead,
        ctx.recipient_address,
        ctx.today,
    )


def build_letter(ctx: NoticeContext) -> DunningLetter:
    return laid_out(_input(ctx))


def build_cover(ctx: NoticeContext) -> DunningLetter:
    return laid_out(_input(ctx), cover=True)


def letter_language(language: str | None) -> Language:
    return "en" if language == "en" else "de"


@dataclass(frozen=True)
class PostedDocument:
    """The PDF that goes to the postal provider, and the stored enclosure it contains."""

    attachment: Attachment
    enclosed_file: str | None


async def posted_letter(
    ports: NoticePorts, api: LexofficeApi, ctx: NoticeContext
) -> PostedDocument | Reason:
    """Our own letter for a revenue voucher; for an invoice our cover page, then lexoffice's
    dunning. Raises what the renderer raises."""
    notice = await notice_document(ports, api, ctx)
    if isinstance(notice, Reason) or not ctx.invoice.kind.has_lexoffice_document:
        return notice if isinstance(notice, Reason) else PostedDocument(notice, None)
    if ports.renderer is None:
        return Reason(ReasonCode.NO_RENDERER)
    stored = await _existing(ports, ctx)
    cover = await ports.renderer.pdf(build_cover(ctx))
    pdf = ports.renderer.joined(cover, notice.data)
    enclosed = stored.file_ref if stored is not None else None
    return PostedDocument(Attachment(notice.filename, "application/pdf", pdf), enclosed)


async def _existing(ports: NoticePorts, ctx: NoticeContext) -> StoredDocument | None:
    async with ports.units() as uow:
        return await uow.tenant(ctx.tenant_id).documents.for_level(ctx.invoice_id, ctx.level)


async def _record(ports: NoticePorts, ctx: NoticeContext, source: str) -> UUID | None:
    try:
        async with ports.units() as uow:
            return await uow.tenant(ctx.tenant_id).documents.begin(
                ctx.invoice_id, ctx.level, source, ctx.now
            )
    except AlreadyExists:
        return None


async def _finish(
    ports: NoticePorts, ctx: NoticeContext, document_id: UUID, pdf: bytes, dunning: str | None
) -> Attachment:
    ref = await ports.files.put(_name(ctx, str(document_id)[:8]), pdf)
    async with ports.units() as uow:
        await uow.tenant(ctx.tenant_id).documents.created(
            document_id, file_ref=ref, dunning_id=dunning
        )
    return Attachment(f"{ctx.level.value}-{ctx.invoice.voucher_number}.pdf", "application/pdf", pdf)


async def _settle(
    ports: NoticePorts, ctx: NoticeContext, document_id: UUID, *, created_maybe: bool
) -> None:
    """An attempt without an answer: `uncertain` (for review) once lexoffice was asked to
    create it (a stop of the process included), else forgotten."""
    async with ports.units() as uow:
        documents = uow.tenant(ctx.tenant_id).documents
        if created_maybe:
            await documents.uncertain(document_id)
        else:
            await documents.abandon(document_id)


async def notice_document(
    ports: NoticePorts, api: LexofficeApi, ctx: NoticeContext
) -> Attachment | Reason:
    """The PDF to attach, or why the notice cannot go out today."""
    existing = await _existing(ports, ctx)
    if existing is not None:
        return await _reuse(ports, api, ctx, existing)
    own = not ctx.invoice.kind.has_lexoffice_document
    document_id = await _record(ports, ctx, "own" if own else "lexoffice")
    if document_id is None:
        return REVIEW
    if own:
        return await _own(ports, ctx, document_id)
    asked = False
    try:
        try:
            details = await api.invoice_details(ctx.invoice.lexoffice_id, ctx.invoice.kind)
        except LexofficeUnavailable as error:
            return await _not_created(ports, ctx, document_id, error)
        asked = True
        try:
            dunning = await api.create_dunning(_request(ctx, details))
        except LexofficeOutcomeUnknown:
            return await _after_failure(ports, api, ctx, document_id, answer=None)
        except LexofficeUnavailable as error:
            return await _after_failure(ports, api, ctx, document_id, answer=error)
    except asyncio.CancelledError:
        await asyncio.shield(_settle(ports, ctx, document_id, created_maybe=asked))
        raise
    return await _adopt(ports, api, ctx, document_id, dunning)


def _request(ctx: NoticeContext, details: InvoiceDetails) -> DunningRequest:
    made = DunningFacts(ctx.invoice.lexoffice_id, ctx.level, ctx.today, ctx.facts)
    return dunning_request(made, details)


def _titles(ctx: NoticeContext) -> set[str]:
    """The titles a dunning of ours for this level has, in either language."""
    return {title(ctx.level, language) for language in ("de", "en")}


async def _own(ports: NoticePorts, ctx: NoticeContext, document_id: UUID) -> Attachment | Reason:
    """Our own letter: made here, so an attempt that died is simply made again."""
    if ports.renderer is None:
        return Reason(ReasonCode.NO_RENDERER)
    return await _finish(ports, ctx, document_id, await ports.renderer.pdf(build_letter(ctx)), None)


async def _adopt(
    ports: NoticePorts, api: LexofficeApi, ctx: NoticeContext, document_id: UUID, dunning: str
) -> Attachment:
    """The dunning's id is stored before its PDF is fetched: it is never created twice."""
    async with ports.units() as uow:
        await uow.tenant(ctx.tenant_id).documents.created(
            document_id, file_ref=None, dunning_id=dunning
        )
    return await _finish(ports, ctx, document_id, await api.dunning_pdf(dunning), dunning)


async def _created_in_lexoffice(
    ports: NoticePorts, api: LexofficeApi, ctx: NoticeContext, attempt_day: date
) -> str | None:
    """The dunning an attempt on `attempt_day` made, if lexoffice shows it: one of the
    invoice's dunnings that no document of ours records, dated that day, with our title.
    None also when lexoffice cannot be asked."""
    try:
        shown = await api.dunnings_of(ctx.invoice.lexoffice_id, ctx.invoice.kind)
    except (LexofficeUnavailable, LexofficeNotFound):
        return None
    async with ports.units() as uow:
        ours = await uow.tenant(ctx.tenant_id).documents.for_invoice(ctx.invoice_id)
    known = {d.lexoffice_dunning_id for d in ours}
    titles = _titles(ctx)
    found = [
        s.id
        for s in shown
        if s.id not in known and s.voucher_date == attempt_day and s.title in titles
    ]
    return found[0] if len(found) == 1 else None


async def _after_failure(
    ports: NoticePorts,
    api: LexofficeApi,
    ctx: NoticeContext,
    document_id: UUID,
    *,
    answer: LexofficeUnavailable | None,
) -> Attachment | Reason:
    """lexoffice is asked whether the dunning exists after all. If not: after an `answer`
    that said it failed, it is made again next sending day; after a lost answer (None) it is
    uncertain, for the owner to review."""
    found = await _created_in_lexoffice(ports, api, ctx, ctx.today)
    if found is not None:
        return await _adopt(ports, api, ctx, document_id, found)
    if answer is not None:
        return await _not_created(ports, ctx, document_id, answer)
    await _settle(ports, ctx, document_id, created_maybe=True)
    return REVIEW


async def _not_created(
    ports: NoticePorts, ctx: NoticeContext, document_id: UUID, error: Exception
) -> Reason:
    await _settle(ports, ctx, document_id, created_maybe=False)
    return Reason.failed(ReasonCode.DUNNING_NOT_CREATED, error)


async def _reuse(
    ports: NoticePorts, api: LexofficeApi, ctx: NoticeContext, document: StoredDocument
) -> Attachment | Reason:
    """A notice retried after a failed send uses the document made the first time; one whose
    attempt died or lost its answer is looked for in lexoffice first."""
    if document.state is not DocumentState.CREATED:
        if document.source != "lexoffice":
            return await _own(ports, ctx, document.id)
        return await _look_again(ports, api, ctx, document)
    if document.file_ref:
        pdf = await ports.files.get(document.file_ref)
        return Attachment(
            f"{ctx.level.value}-{ctx.invoice.voucher_number}.pdf", "application/pdf", pdf
        )
    if document.lexoffice_dunning_id is None:
        return REVIEW
    return await _finish(
        ports,
        ctx,
        document.id,
        await api.dunning_pdf(document.lexoffice_dunning_id),
        document.lexoffice_dunning_id,
    )


async def _look_again(
    ports: NoticePorts, api: LexofficeApi, ctx: NoticeContext, document: StoredDocument
) -> Attachment | Reason:
    found = await _created_in_lexoffice(ports, api, ctx, berlin_today(document.created_at))
    if found is not None:
        return await _adopt(ports, api, ctx, document.id, found)
    if document.state is DocumentState.REQUESTED:
        async with ports.units() as uow:
            await uow.tenant(ctx.tenant_id).documents.uncertain(document.id)
    return REVIEW
