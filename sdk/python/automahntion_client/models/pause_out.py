from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="PauseOut")



@_attrs_define
class PauseOut:
    """ A Mahnstopp of an invoice or a customer.

        Attributes:
            active (bool): Holds today (by the service's clock).
            reason (str):
            until (datetime.date | None): The last day of the pause; None until it is lifted.
     """

    active: bool
    reason: str
    until: datetime.date | None





    def to_dict(self) -> dict[str, Any]:
        active = self.active

        reason = self.reason

        until: None | str
        if isinstance(self.until, datetime.date):
            until = self.until.isoformat()
        else:
            until = self.until


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "active": active,
            "reason": reason,
            "until": until,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        reason = d.pop("reason")

        def _parse_until(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                until_type_0 = datetime.date.fromisoformat(data)



                return until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        until = _parse_until(d.pop("until"))


        pause_out = cls(
            active=active,
            reason=reason,
            until=until,
        )

        return pause_out

