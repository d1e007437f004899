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
  from ..models.lexoffice_disconnected_data import LexofficeDisconnectedData





T = TypeVar("T", bound="LexofficeDisconnectedEvent")



@_attrs_define
class LexofficeDisconnectedEvent:
    """ The tenant's lexoffice connection was lost.

        Attributes:
            data (LexofficeDisconnectedData): The lexoffice connection was lost: sync and dunning stop until the tenant
                connects
                again.
            id (UUID): Also the `webhook-id` of its deliveries.
            occurred_at (datetime.datetime):
            sequence (int): Increases with every event of the tenant, in the order the changes were committed.
            type_ (Literal['lexoffice.disconnected']):
     """

    data: LexofficeDisconnectedData
    id: UUID
    occurred_at: datetime.datetime
    sequence: int
    type_: Literal['lexoffice.disconnected']





    def to_dict(self) -> dict[str, Any]:
        from ..models.lexoffice_disconnected_data import LexofficeDisconnectedData # noqa: PLC0415
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
        from ..models.lexoffice_disconnected_data import LexofficeDisconnectedData # noqa: PLC0415
        d = dict(src_dict)
        data = LexofficeDisconnectedData.from_dict(d.pop("data"))




        id = UUID(d.pop("id"))




        occurred_at = datetime.datetime.fromisoformat(d.pop("occurredAt"))




        sequence = d.pop("sequence")

        type_ = cast(Literal['lexoffice.disconnected'] , d.pop("type"))
        if type_ != 'lexoffice.disconnected':
            raise ValueError(f"type must match const 'lexoffice.disconnected', got '{type_}'")

        lexoffice_disconnected_event = cls(
            data=data,
            id=id,
            occurred_at=occurred_at,
            sequence=sequence,
            type_=type_,
        )

        return lexoffice_disconnected_event

