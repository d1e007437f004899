from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.going_out_out import GoingOutOut





T = TypeVar("T", bound="TenantPauseOut")



@_attrs_define
class TenantPauseOut:
    """ The tenant-wide Mahnstopp: nothing is sent for any invoice while it holds.

        Attributes:
            reason (str):
            going_out (list[GoingOutOut] | Unset): Only in the answer of setting the pause: messages already being handed
                over, which the
                pause came too late to stop (empty almost always); nothing else is sent while it holds.
            until (datetime.date | None | Unset): Dunning resumes by itself the day after; null = until lifted.
     """

    reason: str
    going_out: list[GoingOutOut] | Unset = UNSET
    until: datetime.date | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.going_out_out import GoingOutOut # noqa: PLC0415
        reason = self.reason

        going_out: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.going_out, Unset):
            going_out = []
            for going_out_item_data in self.going_out:
                going_out_item = going_out_item_data.to_dict()
                going_out.append(going_out_item)



        until: None | str | Unset
        if isinstance(self.until, Unset):
            until = UNSET
        elif isinstance(self.until, datetime.date):
            until = self.until.isoformat()
        else:
            until = self.until


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "reason": reason,
        })
        if going_out is not UNSET:
            field_dict["goingOut"] = going_out
        if until is not UNSET:
            field_dict["until"] = until

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.going_out_out import GoingOutOut # noqa: PLC0415
        d = dict(src_dict)
        reason = d.pop("reason")

        _going_out = d.pop("goingOut", UNSET)
        going_out: list[GoingOutOut] | Unset = UNSET
        if _going_out is not UNSET:
            going_out = []
            for going_out_item_data in _going_out:
                going_out_item = GoingOutOut.from_dict(going_out_item_data)



                going_out.append(going_out_item)


        def _parse_until(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                until_type_0 = datetime.date.fromisoformat(data)



                return until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        until = _parse_until(d.pop("until", UNSET))


        tenant_pause_out = cls(
            reason=reason,
            going_out=going_out,
            until=until,
        )

        return tenant_pause_out

