"""`/v1/invoices/{id}/documents` and `/v1/documents/{id}`: the dunning PDFs, kept for download."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from automahntion.api import scopes
from automahntion.api.binary import binary_answer
from automahntion.api.path_ids import DocumentId, InvoiceId
from automahntion.api.routing import get
from automahntion.api.schemas import DocumentOut
from automahntion.api.wiring import Units, Wired
from automahntion.app.dunning import DunningPorts, letter_preview
from automahntion.app.errors import NotFound
from automahntion.domain.levels import Level

PDF = "application/pdf"
HTML = "text/html"


class DocumentController(Controller):
    path = "/"
    tags = ["documents"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/invoices/{invoiceId:uuid}/documents", scope=scopes.INVOICES_READ)
    async def for_invoice(
        self,
        units: Wired[Units],
        tenant_id: NamedDependency[UUID],
        invoice_id: InvoiceId,
    ) -> list[DocumentOut]:
        """List an invoice's documents

        The dunning documents made for this invoice (lexoffice's or our own letters), with their
        level and state; `download` is set once the file is stored."""
        async with units() as uow:
            store = uow.tenant(tenant_id)
            await store.invoices.get(invoice_id)
            documents = await store.documents.for_invoice(invoice_id)
        return [
            DocumentOut(
                id=str(d.id),
                level=d.level.value,
                source=d.source,
                state=d.state.value,
                created_at=d.created_at,
                download=f"/v1/documents/{d.id}" if d.file_ref else None,
            )
            for d in documents
        ]

    @get(
        "/documents/{documentId:uuid}",
        media_type=PDF,
        scope=scopes.INVOICES_READ,
        operation_class=binary_answer(PDF),
    )
    async def download(
        self,
        units: Wired[Units],
        dunning_ports: Wired[DunningPorts],
        tenant_id: NamedDependency[UUID],
        document_id: DocumentId,
    ) -> Response[bytes]:
        """Download a document

        The document's file, as `application/pdf`. 404 when the file is not (yet) stored."""
        async with units() as uow:
            document = await uow.tenant(tenant_id).documents.get(document_id)
        files = dunning_ports.files
        if not document.file_ref or files is None:
            raise NotFound("document file", document_id)
        data = await files.get(document.file_ref)
        return Response(
            data,
            media_type=document.content_type,
            headers={
                "Content-Disposition": f'attachment; filename="{document.level.value}-'
                f'{document.id}.pdf"'
            },
        )


class LetterPreviewController(Controller):
    path = "/invoices/{invoiceId:uuid}/letter-preview"
    tags = ["documents"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get(
        "/",
        media_type=HTML,
        scope=scopes.INVOICES_READ,
        operation_class=binary_answer(PDF, HTML),
    )
    async def preview(
        self,
        dunning_ports: Wired[DunningPorts],
        tenant_id: NamedDependency[UUID],
        invoice_id: InvoiceId,
        level: Annotated[Level, QueryParameter(name="level")] = Level.M1,
        format: Annotated[str, QueryParameter(name="format", pattern="^(html|pdf)$")] = "html",
    ) -> Response[str] | Response[bytes]:
        """Preview a letter

        Our letter layout for this invoice as it would go out today, as HTML or PDF."""
        renderer = dunning_ports.renderer
        if renderer is None:
            raise NotFound("document renderer", "wkhtmltopdf")
        letter = await letter_preview(dunning_ports, tenant_id, invoice_id, level)
        if format == "pdf":
            return Response(await renderer.pdf(letter), media_type=PDF)
        return Response(renderer.html(letter), media_type=HTML)
