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
            enabled (bool | Unset): true also clears `disabledReason`; the deliveries that waited are then due at once.
                Enabling it again makes the caller the credential it answers to.
            event_types (list[EventType] | Unset):
            url (str | Unset):
     """

    enabled: bool | Unset = UNSET
    event_types: list[EventType] | Unset = UNSET
    url: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        event_types: list[str] | Unset = UNSET
        if not isinstance(self.event_types, Unset):
            event_types = []
            for event_types_item_data in self.event_types:
                event_types_item = event_types_item_data.value
                event_types.append(event_types_item)



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
        enabled = d.pop("enabled", UNSET)

        _event_types = d.pop("eventTypes", UNSET)
        event_types: list[EventType] | Unset = UNSET
        if _event_types is not UNSET:
            event_types = []
            for event_types_item_data in _event_types:
                event_types_item = EventType(event_types_item_data)



                event_types.append(event_types_item)


        url = d.pop("url", UNSET)

        webhook_endpoint_change = cls(
            enabled=enabled,
            event_types=event_types,
            url=url,
        )

        return webhook_endpoint_change

