from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID






T = TypeVar("T", bound="InvoicePaidData")



@_attrs_define
class InvoicePaidData:
    """ The invoice a `invoice.paid` tells of.

        Attributes:
            invoice_id (UUID):
            invoice_number (None | str):
     """

    invoice_id: UUID
    invoice_number: None | str





    def to_dict(self) -> dict[str, Any]:
        invoice_id = str(self.invoice_id)

        invoice_number: None | str
        invoice_number = self.invoice_number


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "invoiceId": invoice_id,
            "invoiceNumber": invoice_number,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        invoice_id = UUID(d.pop("invoiceId"))




        def _parse_invoice_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice_number = _parse_invoice_number(d.pop("invoiceNumber"))


        invoice_paid_data = cls(
            invoice_id=invoice_id,
            invoice_number=invoice_number,
        )

        return invoice_paid_data

