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
  from ..models.letter_status_changed_data import LetterStatusChangedData





T = TypeVar("T", bound="LetterStatusChangedEvent")



@_attrs_define
class LetterStatusChangedEvent:
    """ The postal provider reported a letter's progress.

        Attributes:
            data (LetterStatusChangedData): A letter by post moved on; a state only moves forward.
            id (UUID): Also the `webhook-id` of its deliveries.
            occurred_at (datetime.datetime):
            sequence (int): Increases with every event of the tenant, in the order the changes were committed.
            type_ (Literal['letter.status_changed']):
     """

    data: LetterStatusChangedData
    id: UUID
    occurred_at: datetime.datetime
    sequence: int
    type_: Literal['letter.status_changed']





    def to_dict(self) -> dict[str, Any]:
        from ..models.letter_status_changed_data import LetterStatusChangedData # noqa: PLC0415
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
        from ..models.letter_status_changed_data import LetterStatusChangedData # noqa: PLC0415
        d = dict(src_dict)
        data = LetterStatusChangedData.from_dict(d.pop("data"))




        id = UUID(d.pop("id"))




        occurred_at = datetime.datetime.fromisoformat(d.pop("occurredAt"))




        sequence = d.pop("sequence")

        type_ = cast(Literal['letter.status_changed'] , d.pop("type"))
        if type_ != 'letter.status_changed':
            raise ValueError(f"type must match const 'letter.status_changed', got '{type_}'")

        letter_status_changed_event = cls(
            data=data,
            id=id,
            occurred_at=occurred_at,
            sequence=sequence,
            type_=type_,
        )

        return letter_status_changed_event

