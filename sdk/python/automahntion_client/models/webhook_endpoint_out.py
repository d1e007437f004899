from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.event_type import EventType
from typing import cast
import datetime






T = TypeVar("T", bound="WebhookEndpointOut")



@_attrs_define
class WebhookEndpointOut:
    """ 
        Attributes:
            created_at (datetime.datetime):
            disabled_at (datetime.datetime | None):
            disabled_reason (None | str): Why deliveries stopped (German): set when the endpoint was disabled for refusing
                deliveries for days, or because the API key or OAuth grant that registered it was
                revoked; null when the tenant disabled it.
            enabled (bool):
            event_types (list[EventType]): Empty: every event, those of types added later included.
            id (str):
            url (str):
     """

    created_at: datetime.datetime
    disabled_at: datetime.datetime | None
    disabled_reason: None | str
    enabled: bool
    event_types: list[EventType]
    id: str
    url: str





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        disabled_at: None | str
        if isinstance(self.disabled_at, datetime.datetime):
            disabled_at = self.disabled_at.isoformat()
        else:
            disabled_at = self.disabled_at

        disabled_reason: None | str
        disabled_reason = self.disabled_reason

        enabled = self.enabled

        event_types = []
        for event_types_item_data in self.event_types:
            event_types_item = event_types_item_data.value
            event_types.append(event_types_item)



        id = self.id

        url = self.url


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "createdAt": created_at,
            "disabledAt": disabled_at,
            "disabledReason": disabled_reason,
            "enabled": enabled,
            "eventTypes": event_types,
            "id": id,
            "url": url,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        def _parse_disabled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disabled_at_type_0 = datetime.datetime.fromisoformat(data)



                return disabled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        disabled_at = _parse_disabled_at(d.pop("disabledAt"))


        def _parse_disabled_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        disabled_reason = _parse_disabled_reason(d.pop("disabledReason"))


        enabled = d.pop("enabled")

        event_types = []
        _event_types = d.pop("eventTypes")
        for event_types_item_data in (_event_types):
            event_types_item = EventType(event_types_item_data)



            event_types.append(event_types_item)


        id = d.pop("id")

        url = d.pop("url")

        webhook_endpoint_out = cls(
            created_at=created_at,
            disabled_at=disabled_at,
            disabled_reason=disabled_reason,
            enabled=enabled,
            event_types=event_types,
            id=id,
            url=url,
        )

        return webhook_endpoint_out

