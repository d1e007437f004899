"""The bookkeeping of a notice's document (`post/documents.py` decides what to make): each is
recorded before it is created, so it is created once; then its lexoffice dunning and its
stored PDF are written down, or an attempt without an answer is settled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from automahntion.app.errors import AlreadyExists
from automahntion.app.lexoffice.ports import LexofficeApi
from automahntion.app.mail.ports import Attachment
from automahntion.app.post.files import FileStore
from automahntion.app.post.letter_layout import DocumentRenderer
from automahntion.app.post.notice_letter import NoticeContext
from automahntion.app.post.records import StoredDocument
from automahntion.app.storage import UnitOfWork


@dataclass(frozen=True)
class NoticePorts:
    units: Callable[[], UnitOfWork]
    files: FileStore
    renderer: DocumentRenderer | None


def _name(ctx: NoticeContext, suffix: str) -> str:
    return f"{ctx.tenant_id}-{ctx.invoice.voucher_number}-{ctx.level.value}-{suffix}.pdf"


async def existing(ports: NoticePorts, ctx: NoticeContext) -> StoredDocument | None:
    async with ports.units() as uow:
        return await uow.tenant(ctx.tenant_id).documents.for_level(ctx.invoice_id, ctx.level)


async def record(ports: NoticePorts, ctx: NoticeContext, source: str) -> UUID | None:
    try:
        async with ports.units() as uow:
            return await uow.tenant(ctx.tenant_id).documents.begin(
                ctx.invoice_id, ctx.level, source, ctx.now
            )
    except AlreadyExists:
        return None


async def finish(
    ports: NoticePorts, ctx: NoticeContext, document_id: UUID, pdf: bytes, dunning: str | None
) -> Attachment:
    ref = await ports.files.put(_name(ctx, str(document_id)[:8]), pdf)
    async with ports.units() as uow:
        await uow.tenant(ctx.tenant_id).documents.created(
            document_id, file_ref=ref, dunning_id=dunning
        )
    return Attachment(f"{ctx.level.value}-{ctx.invoice.voucher_number}.pdf", "application/pdf", pdf)


async def settle(
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


async def adopt(
    ports: NoticePorts, api: LexofficeApi, ctx: NoticeContext, document_id: UUID, dunning: str
) -> Attachment:
    """The dunning's id is stored before its PDF is fetched: it is never created twice."""
    async with ports.units() as uow:
        await uow.tenant(ctx.tenant_id).documents.created(
            document_id, file_ref=None, dunning_id=dunning
        )
    return await finish(ports, ctx, document_id, await api.dunning_pdf(dunning), dunning)
