from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.mandate_state import MandateState
from typing import cast






T = TypeVar("T", bound="MandateOut")



@_attrs_define
class MandateOut:
    """ 
        Attributes:
            iban_last_4 (None | str):
            state (MandateState):
     """

    iban_last_4: None | str
    state: MandateState
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        iban_last_4: None | str
        iban_last_4 = self.iban_last_4

        state = self.state.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "ibanLast4": iban_last_4,
            "state": state,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_iban_last_4(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        iban_last_4 = _parse_iban_last_4(d.pop("ibanLast4"))


        state = MandateState(d.pop("state"))




        mandate_out = cls(
            iban_last_4=iban_last_4,
            state=state,
        )


        mandate_out.additional_properties = d
        return mandate_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
