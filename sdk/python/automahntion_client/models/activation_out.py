from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.would_send_out import WouldSendOut





T = TypeVar("T", bound="ActivationOut")



@_attrs_define
class ActivationOut:
    """ Whether the tenant sends, and what activating would mean.

        Attributes:
            activated (bool):
            activated_at (datetime.datetime | None): When the owner activated sending; null: nothing is sent.
            date (datetime.date): The next sending day (today when it is one).
            held (None | str): Why nothing at all would be sent that day, even when activated.
            overdue_over_90_days (int): Invoices still dunned that are overdue for more than 90 days on that day.
            suggested_sync_start (datetime.date | None): The sync start date that would leave those invoices out; null when
                there are none.
            would_send (list[WouldSendOut]): Per invoice, what that day's cycle would send (the dry run).
     """

    activated: bool
    activated_at: datetime.datetime | None
    date: datetime.date
    held: None | str
    overdue_over_90_days: int
    suggested_sync_start: datetime.date | None
    would_send: list[WouldSendOut]





    def to_dict(self) -> dict[str, Any]:
        from ..models.would_send_out import WouldSendOut # noqa: PLC0415
        activated = self.activated

        activated_at: None | str
        if isinstance(self.activated_at, datetime.datetime):
            activated_at = self.activated_at.isoformat()
        else:
            activated_at = self.activated_at

        date = self.date.isoformat()

        held: None | str
        held = self.held

        overdue_over_90_days = self.overdue_over_90_days

        suggested_sync_start: None | str
        if isinstance(self.suggested_sync_start, datetime.date):
            suggested_sync_start = self.suggested_sync_start.isoformat()
        else:
            suggested_sync_start = self.suggested_sync_start

        would_send = []
        for would_send_item_data in self.would_send:
            would_send_item = would_send_item_data.to_dict()
            would_send.append(would_send_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "activated": activated,
            "activatedAt": activated_at,
            "date": date,
            "held": held,
            "overdueOver90Days": overdue_over_90_days,
            "suggestedSyncStart": suggested_sync_start,
            "wouldSend": would_send,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.would_send_out import WouldSendOut # noqa: PLC0415
        d = dict(src_dict)
        activated = d.pop("activated")

        def _parse_activated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                activated_at_type_0 = datetime.datetime.fromisoformat(data)



                return activated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        activated_at = _parse_activated_at(d.pop("activatedAt"))


        date = datetime.date.fromisoformat(d.pop("date"))




        def _parse_held(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        held = _parse_held(d.pop("held"))


        overdue_over_90_days = d.pop("overdueOver90Days")

        def _parse_suggested_sync_start(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                suggested_sync_start_type_0 = datetime.date.fromisoformat(data)



                return suggested_sync_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        suggested_sync_start = _parse_suggested_sync_start(d.pop("suggestedSyncStart"))


        would_send = []
        _would_send = d.pop("wouldSend")
        for would_send_item_data in (_would_send):
            would_send_item = WouldSendOut.from_dict(would_send_item_data)



            would_send.append(would_send_item)


        activation_out = cls(
            activated=activated,
            activated_at=activated_at,
            date=date,
            held=held,
            overdue_over_90_days=overdue_over_90_days,
            suggested_sync_start=suggested_sync_start,
            would_send=would_send,
        )

        return activation_out

