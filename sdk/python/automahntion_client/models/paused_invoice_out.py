from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.admission_state import AdmissionState
from ..models.block_reason import BlockReason
from ..models.invoice_kind import InvoiceKind
from ..models.invoice_status import InvoiceStatus
from typing import cast
from typing import Literal, cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.customer_out import CustomerOut
  from ..models.going_out_out import GoingOutOut
  from ..models.invoice_document_out import InvoiceDocumentOut
  from ..models.level_sent_out import LevelSentOut
  from ..models.pause_out import PauseOut
  from ..models.replaced_pause_out import ReplacedPauseOut





T = TypeVar("T", bound="PausedInvoiceOut")



@_attrs_define
class PausedInvoiceOut:
    """ The invoice with its new Mahnstopp.

        Attributes:
            admission (AdmissionState): Whether an invoice holds a slot of the month's quota (`admitted`), waits for one
                    (`waiting`), or needs none (`none`: not overdue, or paid).
            blocked (BlockReason | None):
            blocked_detail (None | str): Why, in words, when `blocked` is `address_not_printable` or `unusable_record`.
            contact_pause (None | PauseOut):
            currency (Literal['EUR']):
            customer (CustomerOut | None):
            days_overdue (int): 0 while not yet due.
            documents (list[InvoiceDocumentOut]):
            due_date (datetime.date):
            going_out (list[GoingOutOut]): Its message already being handed over, which the pause came too late to stop
                (empty
                almost always); every later message waits for the pause to end.
            handed_over_on (datetime.date | None): The day (Berlin) it was marked handed over (e.g. to a collection agency):
                dunning
                ended for it and it takes no quota slot. None while it is not.
            id (UUID):
            kind (InvoiceKind): The lexoffice voucher type: an invoice, a down-payment invoice, or a revenue voucher.
            levels_sent (list[LevelSentOut]):
            lexoffice_id (str):
            number (str):
            open_cents (int):
            pause (None | PauseOut):
            replaced (None | ReplacedPauseOut): The pause that held before and was replaced by this one; None when none
                held.
            status (InvoiceStatus): The invoice's status as lexoffice has it (`overdue` once its due date has passed).
            total_cents (int):
            voucher_date (datetime.date):
     """

    admission: AdmissionState
    blocked: BlockReason | None
    blocked_detail: None | str
    contact_pause: None | PauseOut
    currency: Literal['EUR']
    customer: CustomerOut | None
    days_overdue: int
    documents: list[InvoiceDocumentOut]
    due_date: datetime.date
    going_out: list[GoingOutOut]
    handed_over_on: datetime.date | None
    id: UUID
    kind: InvoiceKind
    levels_sent: list[LevelSentOut]
    lexoffice_id: str
    number: str
    open_cents: int
    pause: None | PauseOut
    replaced: None | ReplacedPauseOut
    status: InvoiceStatus
    total_cents: int
    voucher_date: datetime.date





    def to_dict(self) -> dict[str, Any]:
        from ..models.customer_out import CustomerOut # noqa: PLC0415
        from ..models.going_out_out import GoingOutOut # noqa: PLC0415
        from ..models.invoice_document_out import InvoiceDocumentOut # noqa: PLC0415
        from ..models.level_sent_out import LevelSentOut # noqa: PLC0415
        from ..models.pause_out import PauseOut # noqa: PLC0415
        from ..models.replaced_pause_out import ReplacedPauseOut # noqa: PLC0415
        admission = self.admission.value

        blocked: None | str
        if isinstance(self.blocked, BlockReason):
            blocked = self.blocked.value
        else:
            blocked = self.blocked

        blocked_detail: None | str
        blocked_detail = self.blocked_detail

        contact_pause: dict[str, Any] | None
        if isinstance(self.contact_pause, PauseOut):
            contact_pause = self.contact_pause.to_dict()
        else:
            contact_pause = self.contact_pause

        currency = self.currency

        customer: dict[str, Any] | None
        if isinstance(self.customer, CustomerOut):
            customer = self.customer.to_dict()
        else:
            customer = self.customer

        days_overdue = self.days_overdue

        documents = []
        for documents_item_data in self.documents:
            documents_item = documents_item_data.to_dict()
            documents.append(documents_item)



        due_date = self.due_date.isoformat()

        going_out = []
        for going_out_item_data in self.going_out:
            going_out_item = going_out_item_data.to_dict()
            going_out.append(going_out_item)



        handed_over_on: None | str
        if isinstance(self.handed_over_on, datetime.date):
            handed_over_on = self.handed_over_on.isoformat()
        else:
            handed_over_on = self.handed_over_on

        id = str(self.id)

        kind = self.kind.value

        levels_sent = []
        for levels_sent_item_data in self.levels_sent:
            levels_sent_item = levels_sent_item_data.to_dict()
            levels_sent.append(levels_sent_item)



        lexoffice_id = self.lexoffice_id

        number = self.number

        open_cents = self.open_cents

        pause: dict[str, Any] | None
        if isinstance(self.pause, PauseOut):
            pause = self.pause.to_dict()
        else:
            pause = self.pause

        replaced: dict[str, Any] | None
        if isinstance(self.replaced, ReplacedPauseOut):
            replaced = self.replaced.to_dict()
        else:
            replaced = self.replaced

        status = self.status.value

        total_cents = self.total_cents

        voucher_date = self.voucher_date.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "admission": admission,
            "blocked": blocked,
            "blockedDetail": blocked_detail,
            "contactPause": contact_pause,
            "currency": currency,
            "customer": customer,
            "daysOverdue": days_overdue,
            "documents": documents,
            "dueDate": due_date,
            "goingOut": going_out,
            "handedOverOn": handed_over_on,
            "id": id,
            "kind": kind,
            "levelsSent": levels_sent,
            "lexofficeId": lexoffice_id,
            "number": number,
            "openCents": open_cents,
            "pause": pause,
            "replaced": replaced,
            "status": status,
            "totalCents": total_cents,
            "voucherDate": voucher_date,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.customer_out import CustomerOut # noqa: PLC0415
        from ..models.going_out_out import GoingOutOut # noqa: PLC0415
        from ..models.invoice_document_out import InvoiceDocumentOut # noqa: PLC0415
        from ..models.level_sent_out import LevelSentOut # noqa: PLC0415
        from ..models.pause_out import PauseOut # noqa: PLC0415
        from ..models.replaced_pause_out import ReplacedPauseOut # noqa: PLC0415
        d = dict(src_dict)
        admission = AdmissionState(d.pop("admission"))




        def _parse_blocked(data: object) -> BlockReason | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                blocked_type_0 = BlockReason(data)



                return blocked_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BlockReason | None, data)

        blocked = _parse_blocked(d.pop("blocked"))


        def _parse_blocked_detail(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        blocked_detail = _parse_blocked_detail(d.pop("blockedDetail"))


        def _parse_contact_pause(data: object) -> None | PauseOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                contact_pause_type_0 = PauseOut.from_dict(data)



                return contact_pause_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PauseOut, data)

        contact_pause = _parse_contact_pause(d.pop("contactPause"))


        currency = cast(Literal['EUR'] , d.pop("currency"))
        if currency != 'EUR':
            raise ValueError(f"currency must match const 'EUR', got '{currency}'")

        def _parse_customer(data: object) -> CustomerOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                customer_type_0 = CustomerOut.from_dict(data)



                return customer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CustomerOut | None, data)

        customer = _parse_customer(d.pop("customer"))


        days_overdue = d.pop("daysOverdue")

        documents = []
        _documents = d.pop("documents")
        for documents_item_data in (_documents):
            documents_item = InvoiceDocumentOut.from_dict(documents_item_data)



            documents.append(documents_item)


        due_date = datetime.date.fromisoformat(d.pop("dueDate"))




        going_out = []
        _going_out = d.pop("goingOut")
        for going_out_item_data in (_going_out):
            going_out_item = GoingOutOut.from_dict(going_out_item_data)



            going_out.append(going_out_item)


        def _parse_handed_over_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                handed_over_on_type_0 = datetime.date.fromisoformat(data)



                return handed_over_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        handed_over_on = _parse_handed_over_on(d.pop("handedOverOn"))


        id = UUID(d.pop("id"))




        kind = InvoiceKind(d.pop("kind"))




        levels_sent = []
        _levels_sent = d.pop("levelsSent")
        for levels_sent_item_data in (_levels_sent):
            levels_sent_item = LevelSentOut.from_dict(levels_sent_item_data)



            levels_sent.append(levels_sent_item)


        lexoffice_id = d.pop("lexofficeId")

        number = d.pop("number")

        open_cents = d.pop("openCents")

        def _parse_pause(data: object) -> None | PauseOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pause_type_0 = PauseOut.from_dict(data)



                return pause_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PauseOut, data)

        pause = _parse_pause(d.pop("pause"))


        def _parse_replaced(data: object) -> None | ReplacedPauseOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                replaced_type_0 = ReplacedPauseOut.from_dict(data)



                return replaced_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReplacedPauseOut, data)

        replaced = _parse_replaced(d.pop("replaced"))


        status = InvoiceStatus(d.pop("status"))




        total_cents = d.pop("totalCents")

        voucher_date = datetime.date.fromisoformat(d.pop("voucherDate"))




        paused_invoice_out = cls(
            admission=admission,
            blocked=blocked,
            blocked_detail=blocked_detail,
            contact_pause=contact_pause,
            currency=currency,
            customer=customer,
            days_overdue=days_overdue,
            documents=documents,
            due_date=due_date,
            going_out=going_out,
            handed_over_on=handed_over_on,
            id=id,
            kind=kind,
            levels_sent=levels_sent,
            lexoffice_id=lexoffice_id,
            number=number,
            open_cents=open_cents,
            pause=pause,
            replaced=replaced,
            status=status,
            total_cents=total_cents,
            voucher_date=voucher_date,
        )

        return paused_invoice_out

