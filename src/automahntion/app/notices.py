"""The document that goes with a dunning notice (M-levels): lexoffice's own dunning for an
invoice, our letter for a revenue voucher. Recorded before it is created, created once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from automahntion.app.documents import DocumentRenderer, DunningLetter, FeeLine, OpenItem
from automahntion.app.errors import AlreadyExists
from automahntion.app.files import FileStore
from automahntion.app.lexoffice import (
    DunningRequest,
    LexofficeApi,
    LexofficeOutcomeUnknown,
    LexofficeUnavailable,
)
from automahntion.app.mail import Attachment
from automahntion.app.records import DocumentState, StoredDocument
from automahntion.app.rendering import MessageFacts, Rendered
from automahntion.app.storage import UnitOfWork
from automahntion.domain.invoices import Invoice, InvoiceKind
from automahntion.domain.levels import Level

REVIEW = "the dunning document of an earlier attempt is uncertain: check lexoffice, then review"


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


@dataclass(frozen=True)
class NoticePorts:
    units: Callable[[], UnitOfWork]
    files: FileStore
    renderer: DocumentRenderer | None


def _name(ctx: NoticeContext, suffix: str) -> str:
    return f"{ctx.tenant_id}-{ctx.invoice.voucher_number}-{ctx.level.value}-{suffix}.pdf"


def build_letter(ctx: NoticeContext) -> DunningLetter:
    facts = ctx.facts
    return DunningLetter(
        company_name=facts.company_name,
        company_address=(),
        recipient_name=facts.customer_name,
        recipient_address=ctx.recipient_address,
        place="",
        letter_date=ctx.today,
        title=ctx.rendered.subject,
        introduction=ctx.rendered.body,
        items=(
            OpenItem(
                ctx.invoice.voucher_number,
                ctx.invoice.voucher_date,
                ctx.invoice.due_date,
                facts.open_cents,
            ),
        ),
        fees=tuple(FeeLine(f.label, f.cents, f.explanation) for f in facts.fees),
        closing=facts.payment_details,
    )


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
) -> Attachment | str:
    """The PDF to attach, or why the notice cannot go out today."""
    existing = await _existing(ports, ctx)
    if existing is not None:
        return await _reuse(ports, api, ctx, existing)
    own = ctx.invoice.kind is InvoiceKind.VOUCHER
    document_id = await _record(ports, ctx, "own" if own else "lexoffice")
    if document_id is None:
        return REVIEW
    if own:
        if ports.renderer is None:
            return "no document renderer configured"
        return await _finish(
            ports, ctx, document_id, await ports.renderer.pdf(build_letter(ctx)), None
        )
    asked = False
    try:
        details = await api.invoice_details(ctx.invoice.lexoffice_id, ctx.invoice.kind)
        asked = True
        dunning = await api.create_dunning(
            DunningRequest(
                invoice_id=ctx.invoice.lexoffice_id,
                voucher_date=ctx.today,
                title=ctx.rendered.subject[:25],
                introduction=ctx.rendered.body,
                fee_cents=sum(f.cents for f in ctx.facts.fees if f.label == "Mahngebühr"),
                details=details,
            )
        )
    except LexofficeOutcomeUnknown:
        await _settle(ports, ctx, document_id, created_maybe=True)
        return REVIEW
    except LexofficeUnavailable as error:
        await _settle(ports, ctx, document_id, created_maybe=False)
        return f"lexoffice did not create the dunning ({error}): due again next sending day"
    except asyncio.CancelledError:
        await asyncio.shield(_settle(ports, ctx, document_id, created_maybe=asked))
        raise
    return await _finish(ports, ctx, document_id, await api.dunning_pdf(dunning), dunning)


async def _reuse(
    ports: NoticePorts, api: LexofficeApi, ctx: NoticeContext, document: StoredDocument
) -> Attachment | str:
    """A notice retried after a failed send uses the document made the first time."""
    if document.state is not DocumentState.CREATED:
        return REVIEW
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
