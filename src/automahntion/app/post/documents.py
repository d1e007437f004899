"""The document that goes with a dunning notice (M-levels): lexoffice's own dunning for an
invoice, our letter for a revenue voucher (laid out in `post/notice_letter.py`). Recorded before
it is created, created once (`post/document_bookkeeping.py`)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from automahntion.app.lexoffice.ports import (
    DunningRequest,
    InvoiceDetails,
    LexofficeApi,
    LexofficeNotFound,
    LexofficeOutcomeUnknown,
    LexofficeUnavailable,
)
from automahntion.app.mail.ports import Attachment
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.post.document_bookkeeping import (
    NoticePorts,
    adopt,
    existing,
    finish,
    record,
    settle,
)
from automahntion.app.post.dunning_document import DunningFacts, dunning_request, title
from automahntion.app.post.notice_letter import NoticeContext, build_cover, build_letter
from automahntion.app.post.records import DocumentState, StoredDocument
from automahntion.domain.calendar import berlin_today

REVIEW = Reason(ReasonCode.DOCUMENT_UNCERTAIN)


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
    stored = await existing(ports, ctx)
    cover = await ports.renderer.pdf(build_cover(ctx))
    pdf = ports.renderer.joined(cover, notice.data)
    enclosed = stored.file_ref if stored is not None else None
    return PostedDocument(Attachment(notice.filename, "application/pdf", pdf), enclosed)


async def notice_document(
    ports: NoticePorts, api: LexofficeApi, ctx: NoticeContext
) -> Attachment | Reason:
    """The PDF to attach, or why the notice cannot go out today."""
    stored = await existing(ports, ctx)
    if stored is not None:
        return await _reuse(ports, api, ctx, stored)
    own = not ctx.invoice.kind.has_lexoffice_document
    document_id = await record(ports, ctx, "own" if own else "lexoffice")
    if document_id is None:
        return REVIEW
    if own:
        return await _own(ports, ctx, document_id)
    asked = False
    try:
        try:
            details = await api.invoice_details(ctx.invoice.lexoffice_id, ctx.invoice.kind)
        except (LexofficeUnavailable, LexofficeNotFound) as error:  # nothing was created
            return await _not_created(ports, ctx, document_id, error)
        asked = True
        try:
            dunning = await api.create_dunning(_request(ctx, details))
        except LexofficeOutcomeUnknown:
            return await _after_failure(ports, api, ctx, document_id, answer=None)
        except LexofficeUnavailable as error:
            return await _after_failure(ports, api, ctx, document_id, answer=error)
    except asyncio.CancelledError:
        await asyncio.shield(settle(ports, ctx, document_id, created_maybe=asked))
        raise
    return await adopt(ports, api, ctx, document_id, dunning)


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
    return await finish(ports, ctx, document_id, await ports.renderer.pdf(build_letter(ctx)), None)


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
        return await adopt(ports, api, ctx, document_id, found)
    if answer is not None:
        return await _not_created(ports, ctx, document_id, answer)
    await settle(ports, ctx, document_id, created_maybe=True)
    return REVIEW


async def _not_created(
    ports: NoticePorts, ctx: NoticeContext, document_id: UUID, error: Exception
) -> Reason:
    await settle(ports, ctx, document_id, created_maybe=False)
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
    return await finish(
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
        return await adopt(ports, api, ctx, document.id, found)
    if document.state is DocumentState.REQUESTED:
        async with ports.units() as uow:
            await uow.tenant(ctx.tenant_id).documents.uncertain(document.id)
    return REVIEW
