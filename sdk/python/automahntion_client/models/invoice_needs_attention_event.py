from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from typing import Literal, cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.invoice_blocked_attention import InvoiceBlockedAttention
  from ..models.message_failed_attention import MessageFailedAttention
  from ..models.message_held_attention import MessageHeldAttention





T = TypeVar("T", bound="InvoiceNeedsAttentionEvent")



@_attrs_define
class InvoiceNeedsAttentionEvent:
    """ The invoice is on the attention list: the service cannot go on with it alone.

        Attributes:
            data (InvoiceBlockedAttention | MessageFailedAttention | MessageHeldAttention):
            id (UUID): Also the `webhook-id` of its deliveries.
            occurred_at (datetime.datetime):
            sequence (int): Increases with every event of the tenant, in the order the changes were committed.
            type_ (Literal['invoice.needs_attention']):
     """

    data: InvoiceBlockedAttention | MessageFailedAttention | MessageHeldAttention
    id: UUID
    occurred_at: datetime.datetime
    sequence: int
    type_: Literal['invoice.needs_attention']





    def to_dict(self) -> dict[str, Any]:
        from ..models.invoice_blocked_attention import InvoiceBlockedAttention # noqa: PLC0415
        from ..models.message_failed_attention import MessageFailedAttention # noqa: PLC0415
        from ..models.message_held_attention import MessageHeldAttention # noqa: PLC0415
        data: dict[str, Any]
        if isinstance(self.data, MessageFailedAttention):
            data = self.data.to_dict()
        elif isinstance(self.data, MessageHeldAttention):
            data = self.data.to_dict()
        else:
            data = self.data.to_dict()


        id = str(self.id)

        occurred_at = self.occurred_at.isoformat()

        sequence = self.sequence

        type_ = self.type_


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "data": data,
            "id": id,
            "occurredAt": occurred_at,
            "sequence": sequence,
            "type": type_,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invoice_blocked_attention import InvoiceBlockedAttention # noqa: PLC0415
        from ..models.message_failed_attention import MessageFailedAttention # noqa: PLC0415
        from ..models.message_held_attention import MessageHeldAttention # noqa: PLC0415
        d = dict(src_dict)
        def _parse_data(data: object) -> InvoiceBlockedAttention | MessageFailedAttention | MessageHeldAttention:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_0 = MessageFailedAttention.from_dict(data)



                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_1 = MessageHeldAttention.from_dict(data)



                return data_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            data_type_2 = InvoiceBlockedAttention.from_dict(data)



            return data_type_2

        data = _parse_data(d.pop("data"))


        id = UUID(d.pop("id"))




        occurred_at = datetime.datetime.fromisoformat(d.pop("occurredAt"))




        sequence = d.pop("sequence")

        type_ = cast(Literal['invoice.needs_attention'] , d.pop("type"))
        if type_ != 'invoice.needs_attention':
            raise ValueError(f"type must match const 'invoice.needs_attention', got '{type_}'")

        invoice_needs_attention_event = cls(
            data=data,
            id=id,
            occurred_at=occurred_at,
            sequence=sequence,
            type_=type_,
        )

        return invoice_needs_attention_event

