"""`/v1/invoices`: the tenant's invoices with what was sent for them, and their Mahnstopp."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response
from litestar.di import NamedDependency
from litestar.params import JSONBody, QueryParameter
from litestar.serialization import encode_json

from automahntion.api import scopes
from automahntion.api.auth import caller_of
from automahntion.api.conditional import held, json_with_etag, list_etag, not_modified
from automahntion.api.invoice_schemas import (
    CustomerOut,
    InvoiceDocumentOut,
    InvoiceOut,
    InvoicePage,
    LevelFilter,
    LevelSentOut,
    PausedInvoiceOut,
    PauseIn,
    PauseOut,
    ReplacedPauseOut,
    going_out_out,
)
from automahntion.api.pagination import Cursor, Limit, decode_cursor, encode_cursor
from automahntion.api.path_ids import InvoiceId
from automahntion.api.routing import delete, get, put
from automahntion.api.updated_since import UpdatedSince, moment
from automahntion.api.wiring import Units, Wired
from automahntion.app.access.request_reads import RequestReads
from automahntion.app.clock import Clock
from automahntion.app.invoices.criteria import NO_LEVEL, InvoiceCriteria, position
from automahntion.app.invoices.listing import InvoiceListReads, list_invoices
from automahntion.app.invoices.overview import (
    InvoiceView,
    days_overdue,
    invoice_view,
    set_invoice_pause,
)
from automahntion.app.messages.records import MessageState
from automahntion.domain.calendar import berlin_today
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.levels import Level
from automahntion.domain.pauses import Pause
from automahntion.domain.recipients import BlockReason

DEFAULT_PAUSE_REASON = "Mahnstopp"


def after_position(cursor: str | None) -> str | None:
    """The place in the order a cursor names (any cursor the schema admits names one)."""
    return decode_cursor(cursor) if cursor is not None else None


def pause_of(body: PauseIn | None) -> Pause:
    body = body or PauseIn()
    return Pause(body.reason or DEFAULT_PAUSE_REASON, body.until)


def pause_out(pause: Pause | None, today: date) -> PauseOut | None:
    if pause is None:
        return None
    return PauseOut(reason=pause.reason, until=pause.until, active=pause.is_active(today))


def replaced_out(pause: Pause | None) -> ReplacedPauseOut | None:
    return None if pause is None else ReplacedPauseOut(reason=pause.reason, until=pause.until)


def invoice_out(view: InvoiceView, today: date) -> InvoiceOut:
    """Built for each row of a page: what most invoices lack (a contact, a pause, messages,
    documents, letters) is not worked through."""
    stored, invoice, contact = view.stored, view.stored.invoice, view.contact
    customer = None
    if invoice.contact_id is not None:
        customer = CustomerOut(
            id=contact.id if contact else None,
            lexoffice_id=invoice.contact_id,
            name=contact.contact.name if contact else None,
        )
    return InvoiceOut(
        id=stored.id,
        lexoffice_id=invoice.lexoffice_id,
        kind=invoice.kind,
        number=invoice.voucher_number,
        customer=customer,
        voucher_date=invoice.voucher_date,
        due_date=invoice.due_date,
        days_overdue=days_overdue(view, today),
        total_cents=invoice.total_cents,
        open_cents=invoice.open_cents,
        currency="EUR",
        status=invoice.status,
        admission=stored.admission,
        blocked=stored.blocked
        or (BlockReason.ADDRESS_NOT_PRINTABLE if view.letter_blocked else None),
        blocked_detail=view.blocked_detail,
        pause=pause_out(stored.pause, today) if stored.pause else None,
        contact_pause=pause_out(contact.pause, today) if contact and contact.pause else None,
        levels_sent=levels_sent(view) if view.messages else [],
        documents=[
            InvoiceDocumentOut(
                id=d.id,
                level=d.level,
                state=d.state,
                download=f"/v1/documents/{d.id}" if d.file_ref else None,
            )
            for d in view.documents
        ]
        if view.documents
        else [],
        handed_over_on=berlin_today(stored.handed_over_at) if stored.handed_over_at else None,
    )


def levels_sent(view: InvoiceView) -> list[LevelSentOut]:
    letters = {letter.level: letter for letter in view.letters} if view.letters else {}
    return [
        LevelSentOut(
            level=m.level,
            day=m.day,
            channel=m.channel,
            state=m.state,
            sent_at=m.finished_at if m.state is MessageState.SENT else None,
            failure_reason=m.failure_reason.german if m.failure_reason else None,
            failure_code=m.failure_reason.code if m.failure_reason else None,
            tracking_code=m.letter_tracking_code,
            letter_status=letters[m.level].state if m.level in letters else None,
        )
        for m in view.messages
    ]


def _level(value: LevelFilter | None) -> Level | Literal["none"] | None:
    if value is None:
        return None
    return NO_LEVEL if value is LevelFilter.NONE else Level(value.value)


class InvoiceController(Controller):
    path = "/invoices"
    tags = ["invoices"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", scope=scopes.INVOICES_READ, conditional=True)
    async def index(
        self,
        request: Request[Any, Any, Any],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        request_reads: Wired[RequestReads],
        invoice_list: Wired[InvoiceListReads],
        cursor: Cursor = None,
        limit: Limit = 50,
        status: Annotated[InvoiceStatus | None, QueryParameter(name="status")] = None,
        level: Annotated[
            LevelFilter | None,
            QueryParameter(name="level", description="highest level sent so far, or `none`"),
        ] = None,
        blocked: Annotated[
            bool | None, QueryParameter(name="blocked", description="no address to write to")
        ] = None,
        waiting: Annotated[
            bool | None, QueryParameter(name="waiting", description="waiting for a quota slot")
        ] = None,
        q: Annotated[
            str | None,
            QueryParameter(
                name="q", max_length=200, description="part of the number or customer name"
            ),
        ] = None,
        updated_since: UpdatedSince = None,
    ) -> Response[InvoicePage]:
        """List invoices

        The tenant's invoices with where each stands in dunning, paginated and filterable. In
        order of due date (then id); `daysOverdue` by the service's clock. The `ETag` changes
        with any change to what the list shows: send it as `If-None-Match` to get 304 while
        nothing changed. `updatedSince` counts a change of the invoice, of its messages,
        letters and documents, and of its customer (not of the tenant's settings)."""
        since = moment(updated_since)
        today = berlin_today(clock.now())
        version = caller_of(request).list_version
        if version is None:
            version = await request_reads.list_version(tenant_id)
        etag = list_etag(version, today)
        if held(request.headers.get("if-none-match"), etag):
            return not_modified(etag)
        criteria = InvoiceCriteria(
            status=status,
            level=_level(level),
            blocked=blocked,
            waiting=waiting,
            text=q,
            updated_since=since,
        )
        found = await list_invoices(
            invoice_list,
            tenant_id,
            criteria,
            limit=limit,
            after=after_position(cursor),
            today=today,
        )
        last = found.views[-1].stored if found.views else None
        body = encode_json(
            InvoicePage(
                items=[invoice_out(v, today) for v in found.views],
                next_cursor=encode_cursor(position(last)) if found.more and last else None,
            )
        )
        return json_with_etag(body, etag)

    @get("/{invoiceId:uuid}", scope=scopes.INVOICES_READ)
    async def one(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        invoice_id: InvoiceId,
    ) -> InvoiceOut:
        """Get an invoice

        One invoice with its customer, amounts, status, admission, pause, the levels sent (with
        letters by post) and its documents. 404 for another tenant's."""
        today = berlin_today(clock.now())
        view = await invoice_view(units, tenant_id, invoice_id, today)
        return invoice_out(view, today)

    @put("/{invoiceId:uuid}/pause", scope=scopes.INVOICES_WRITE)
    async def pause(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        invoice_id: InvoiceId,
        data: JSONBody[PauseIn],
    ) -> PausedInvoiceOut:
        """Pause dunning for an invoice

        Mahnstopp for this invoice from now on, until the end of `until` (today or later; or
        until lifted). A pause that held is replaced and named in `replaced`."""
        now = clock.now()
        view = await set_invoice_pause(units, tenant_id, invoice_id, pause_of(data), now)
        out = invoice_out(view, berlin_today(now))
        return PausedInvoiceOut(
            **msgspec.structs.asdict(out),
            replaced=replaced_out(view.replaced_pause),
            going_out=going_out_out(view.going_out),
        )

    @delete("/{invoiceId:uuid}/pause", scope=scopes.INVOICES_WRITE)
    async def resume(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        invoice_id: InvoiceId,
    ) -> None:
        """Resume dunning for an invoice

        Lifts the invoice's Mahnstopp; it is dunned again from the next run (unless its customer
        or the tenant is paused). Resuming an invoice without a pause is no error."""
        await set_invoice_pause(units, tenant_id, invoice_id, None, clock.now())
