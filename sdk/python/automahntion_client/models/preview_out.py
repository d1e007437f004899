from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.preview_hold_out import PreviewHoldOut
  from ..models.preview_message_out import PreviewMessageOut





T = TypeVar("T", bound="PreviewOut")



@_attrs_define
class PreviewOut:
    """ What one sending day would send, and what it would hold back.

        Attributes:
            date (datetime.date):
            held (None | str): Why nothing at all would be sent that day.
            holds (list[PreviewHoldOut]): Overdue invoices that would get nothing that day, and why.
            messages (list[PreviewMessageOut]):
     """

    date: datetime.date
    held: None | str
    holds: list[PreviewHoldOut]
    messages: list[PreviewMessageOut]





    def to_dict(self) -> dict[str, Any]:
        from ..models.preview_hold_out import PreviewHoldOut # noqa: PLC0415
        from ..models.preview_message_out import PreviewMessageOut # noqa: PLC0415
        date = self.date.isoformat()

        held: None | str
        held = self.held

        holds = []
        for holds_item_data in self.holds:
            holds_item = holds_item_data.to_dict()
            holds.append(holds_item)



        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "date": date,
            "held": held,
            "holds": holds,
            "messages": messages,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preview_hold_out import PreviewHoldOut # noqa: PLC0415
        from ..models.preview_message_out import PreviewMessageOut # noqa: PLC0415
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))




        def _parse_held(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        held = _parse_held(d.pop("held"))


        holds = []
        _holds = d.pop("holds")
        for holds_item_data in (_holds):
            holds_item = PreviewHoldOut.from_dict(holds_item_data)



            holds.append(holds_item)


        messages = []
        _messages = d.pop("messages")
        for messages_item_data in (_messages):
            messages_item = PreviewMessageOut.from_dict(messages_item_data)



            messages.append(messages_item)


        preview_out = cls(
            date=date,
            held=held,
            holds=holds,
            messages=messages,
        )

        return preview_out

