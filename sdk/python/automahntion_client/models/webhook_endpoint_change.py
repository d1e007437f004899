from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.event_type import EventType
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="WebhookEndpointChange")



@_attrs_define
class WebhookEndpointChange:
    """ 
        Attributes:
            enabled (bool | Unset):
            event_types (list[EventType] | Unset):
            url (str | Unset):
     """

    enabled: bool | Unset = UNSET
    event_types: list[EventType] | Unset = UNSET
    url: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        enabled: bool | Unset
        if isinstance(self.enabled, Unset):
            enabled = UNSET
        else:
            enabled = self.enabled

        event_types: list[str] | Unset
        if isinstance(self.event_types, Unset):
            event_types = UNSET
        else:
            event_types = []
            for event_types_type_0_item_data in self.event_types:
                event_types_type_0_item = event_types_type_0_item_data.value
                event_types.append(event_types_type_0_item)




        url: str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if event_types is not UNSET:
            field_dict["eventTypes"] = event_types
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_enabled(data: object) -> bool | Unset:
            if isinstance(data, Unset):
                return data
            return cast(bool | Unset, data)

        enabled = _parse_enabled(d.pop("enabled", UNSET))


        def _parse_event_types(data: object) -> list[EventType] | Unset:
            if isinstance(data, Unset):
                return data
            if not isinstance(data, list):
                raise TypeError()
            event_types_type_0 = []
            _event_types_type_0 = data
            for event_types_type_0_item_data in (_event_types_type_0):
                event_types_type_0_item = EventType(event_types_type_0_item_data)



                event_types_type_0.append(event_types_type_0_item)

            return event_types_type_0

        event_types = _parse_event_types(d.pop("eventTypes", UNSET))


        def _parse_url(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))


        webhook_endpoint_change = cls(
            enabled=enabled,
            event_types=event_types,
            url=url,
        )

        return webhook_endpoint_change

