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
  from ..models.message_event_data import MessageEventData





T = TypeVar("T", bound="MessageSentEvent")



@_attrs_define
class MessageSentEvent:
    """ A reminder or dunning notice went out.

        Attributes:
            data (MessageEventData): The message a `message.sent` or `message.failed` tells of.
            id (UUID): Also the `webhook-id` of its deliveries.
            occurred_at (datetime.datetime):
            sequence (int): Increases with every event of the tenant, in the order the changes were committed.
            type_ (Literal['message.sent']):
     """

    data: MessageEventData
    id: UUID
    occurred_at: datetime.datetime
    sequence: int
    type_: Literal['message.sent']





    def to_dict(self) -> dict[str, Any]:
        from ..models.message_event_data import MessageEventData # noqa: PLC0415
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
        from ..models.message_event_data import MessageEventData # noqa: PLC0415
        d = dict(src_dict)
        data = MessageEventData.from_dict(d.pop("data"))




        id = UUID(d.pop("id"))




        occurred_at = datetime.datetime.fromisoformat(d.pop("occurredAt"))




        sequence = d.pop("sequence")

        type_ = cast(Literal['message.sent'] , d.pop("type"))
        if type_ != 'message.sent':
            raise ValueError(f"type must match const 'message.sent', got '{type_}'")

        message_sent_event = cls(
            data=data,
            id=id,
            occurred_at=occurred_at,
            sequence=sequence,
            type_=type_,
        )

        return message_sent_event

