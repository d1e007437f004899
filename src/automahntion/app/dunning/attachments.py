"""The production `Documents`: the invoice PDF from lexoffice (when switched on) and the notice's
document (M-levels), made or reused through `post.documents`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from automahntion.app.dunning.load import CycleDay
from automahntion.app.dunning.ports import Item, LetterDocument
from automahntion.app.lexoffice.ports import LexofficeApi
from automahntion.app.mail.ports import Attachment
from automahntion.app.mail.rendering import Rendered
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.messages.records import LetterFacts
from automahntion.app.post.document_bookkeeping import NoticePorts
from automahntion.app.post.documents import notice_document, posted_letter
from automahntion.app.post.files import FileStore
from automahntion.app.post.letter_layout import DocumentRenderer
from automahntion.app.post.notice_letter import NoticeContext
from automahntion.app.storage import UnitOfWork
from automahntion.app.tenants.letterhead import Letterhead
from automahntion.app.tenants.letterheads import logo_of
from automahntion.domain.calendar import berlin_today


@dataclass(frozen=True)
class LexofficeDocuments:
    units: Callable[[], UnitOfWork]
    api: LexofficeApi | None
    files: FileStore | None
    renderer: DocumentRenderer | None
    day: CycleDay
    now: Callable[[], datetime]
    _letterheads: dict[UUID, Letterhead] = field(default_factory=dict)
    """The tenant's letterhead with its logo, read at the first notice of the day."""

    @property
    def makes_notices(self) -> bool:
        return self.files is not None

    async def attachments(self, item: Item, rendered: Rendered) -> tuple[Attachment, ...] | Reason:
        invoice = item.planned.invoice
        found: tuple[Attachment, ...] = ()
        if self.api is None:
            return found
        if self.day.tenant.settings.attach_invoice_pdf and invoice.kind.has_lexoffice_document:
            try:
                pdf = await self.api.invoice_pdf(invoice.lexoffice_id, invoice.kind)
            except Exception as error:  # e.g. a 404: this message is held, no more
                return Reason.failed(ReasonCode.INVOICE_PDF_MISSING, error)
            name = f"Rechnung-{invoice.voucher_number}.pdf"
            found += (Attachment(name, "application/pdf", pdf),)
        if item.planned.level.is_dunning_notice and self.files is not None:
            document = await self.notice(item, rendered)
            if isinstance(document, Reason):
                return document
            found += (document,)
        return found

    async def notice(self, item: Item, rendered: Rendered) -> Attachment | Reason:
        """The notice's document, or why there is none today."""
        if self.files is None or self.api is None:
            return Reason(ReasonCode.NO_DOCUMENT_STORE)
        try:
            return await notice_document(
                NoticePorts(self.units, self.files, self.renderer),
                self.api,
                self._context(item, rendered, await self._letterhead()),
            )
        except Exception as error:  # one document stops only its own message
            return Reason.failed(ReasonCode.DOCUMENT_FAILED, error)

    async def letter(self, item: Item, rendered: Rendered) -> LetterDocument | Reason:
        if self.files is None or self.api is None:
            return Reason(ReasonCode.NO_DOCUMENT_STORE)
        letterhead = await self._letterhead()
        ctx = self._context(item, rendered, letterhead)
        try:
            made = await posted_letter(
                NoticePorts(self.units, self.files, self.renderer), self.api, ctx
            )
        except Exception as error:  # one document stops only its own message
            return Reason.failed(ReasonCode.DOCUMENT_FAILED, error)
        if isinstance(made, Reason):
            return made
        logo = letterhead.logo
        facts = LetterFacts(
            letterhead=letterhead.with_logo(None),
            logo_sha256=hashlib.sha256(logo.data).hexdigest() if logo else None,
            recipient_address=ctx.recipient_address,
            letter_date=ctx.today,
            enclosed_file=made.enclosed_file,
        )
        return LetterDocument(made.attachment, facts)

    async def _letterhead(self) -> Letterhead:
        tenant = self.day.tenant
        if tenant.id not in self._letterheads:
            logo = await logo_of(self.units, tenant.id)
            self._letterheads[tenant.id] = tenant.settings.letterhead.with_logo(logo)
        return self._letterheads[tenant.id]

    def _context(self, item: Item, rendered: Rendered, letterhead: Letterhead) -> NoticeContext:
        now = self.now()
        invoice = item.planned.invoice
        return NoticeContext(
            tenant_id=self.day.tenant.id,
            invoice_id=item.stored.id,
            invoice=invoice,
            level=item.planned.level,
            today=berlin_today(now),
            now=now,
            rendered=rendered,
            facts=item.facts,
            recipient_address=self.day.addresses.get(invoice.contact_id or "", ()),
            letterhead=letterhead,
        )
