from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="EventAccepted")



@_attrs_define
class EventAccepted:
    """ Whether the event was taken (false for one seen before).

        Attributes:
            accepted (bool):
     """

    accepted: bool





    def to_dict(self) -> dict[str, Any]:
        accepted = self.accepted


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "accepted": accepted,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        accepted = d.pop("accepted")

        event_accepted = cls(
            accepted=accepted,
        )

        return event_accepted

