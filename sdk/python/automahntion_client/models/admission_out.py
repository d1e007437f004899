from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="AdmissionOut")



@_attrs_define
class AdmissionOut:
    """ The invoices admitted to the month's quota, and those waiting for a slot.

        Attributes:
            admitted (int):
            waiting (int):
     """

    admitted: int
    waiting: int





    def to_dict(self) -> dict[str, Any]:
        admitted = self.admitted

        waiting = self.waiting


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "admitted": admitted,
            "waiting": waiting,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        admitted = d.pop("admitted")

        waiting = d.pop("waiting")

        admission_out = cls(
            admitted=admitted,
            waiting=waiting,
        )

        return admission_out

