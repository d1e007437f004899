from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.level import Level
from uuid import UUID






T = TypeVar("T", bound="PreviewInvoiceOut")



@_attrs_define
class PreviewInvoiceOut:
    """ An invoice a previewed message is about.

        Attributes:
            id (UUID):
            level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then dunning notices
                    (Mahnungen) M1–M3.
            number (str):
     """

    id: UUID
    level: Level
    number: str





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        level = self.level.value

        number = self.number


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "level": level,
            "number": number,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        level = Level(d.pop("level"))




        number = d.pop("number")

        preview_invoice_out = cls(
            id=id,
            level=level,
            number=number,
        )

        return preview_invoice_out

