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
  from ..models.feedback_received_data import FeedbackReceivedData





T = TypeVar("T", bound="FeedbackReceivedEvent")



@_attrs_define
class FeedbackReceivedEvent:
    """ A customer rated the service after paying; listed and delivered only with
    `feedback:read`.

        Attributes:
            data (FeedbackReceivedData): A customer's rating, anonymous as the feedback report is: no invoice or customer.
            id (UUID): Also the `webhook-id` of its deliveries.
            occurred_at (datetime.datetime):
            sequence (int): Increases with every event of the tenant, in the order the changes were committed.
            type_ (Literal['feedback.received']):
     """

    data: FeedbackReceivedData
    id: UUID
    occurred_at: datetime.datetime
    sequence: int
    type_: Literal['feedback.received']





    def to_dict(self) -> dict[str, Any]:
        from ..models.feedback_received_data import FeedbackReceivedData # noqa: PLC0415
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
        from ..models.feedback_received_data import FeedbackReceivedData # noqa: PLC0415
        d = dict(src_dict)
        data = FeedbackReceivedData.from_dict(d.pop("data"))




        id = UUID(d.pop("id"))




        occurred_at = datetime.datetime.fromisoformat(d.pop("occurredAt"))




        sequence = d.pop("sequence")

        type_ = cast(Literal['feedback.received'] , d.pop("type"))
        if type_ != 'feedback.received':
            raise ValueError(f"type must match const 'feedback.received', got '{type_}'")

        feedback_received_event = cls(
            data=data,
            id=id,
            occurred_at=occurred_at,
            sequence=sequence,
            type_=type_,
        )

        return feedback_received_event

