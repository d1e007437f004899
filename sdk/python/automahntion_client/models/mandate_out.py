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
    """ The SEPA direct-debit mandate our charges are debited with.

        Attributes:
            iban_last_4 (None | str): Only the last four digits are ever shown.
            state (MandateState): The SEPA mandate at the payment provider: active, inactive, or waiting for confirmation.
     """

    iban_last_4: None | str
    state: MandateState





    def to_dict(self) -> dict[str, Any]:
        iban_last_4: None | str
        iban_last_4 = self.iban_last_4

        state = self.state.value


        field_dict: dict[str, Any] = {}

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

        return mandate_out

