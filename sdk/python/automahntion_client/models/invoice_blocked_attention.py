from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.block_reason import BlockReason
from typing import Literal, cast
from uuid import UUID






T = TypeVar("T", bound="InvoiceBlockedAttention")



@_attrs_define
class InvoiceBlockedAttention:
    """ An overdue invoice got a block the owner can mend; told once, not again while it
    lasts.

        Attributes:
            detail (str): In German, as the attention list words it.
            invoice_id (UUID):
            reason (Literal['invoice_blocked']):
            reason_code (BlockReason): Why an invoice cannot be dunned: no e-mail address, no contact, an address a letter
                cannot
                    be printed for, or a record that cannot be read.
     """

    detail: str
    invoice_id: UUID
    reason: Literal['invoice_blocked']
    reason_code: BlockReason





    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        invoice_id = str(self.invoice_id)

        reason = self.reason

        reason_code = self.reason_code.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "detail": detail,
            "invoiceId": invoice_id,
            "reason": reason,
            "reasonCode": reason_code,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        detail = d.pop("detail")

        invoice_id = UUID(d.pop("invoiceId"))




        reason = cast(Literal['invoice_blocked'] , d.pop("reason"))
        if reason != 'invoice_blocked':
            raise ValueError(f"reason must match const 'invoice_blocked', got '{reason}'")

        reason_code = BlockReason(d.pop("reasonCode"))




        invoice_blocked_attention = cls(
            detail=detail,
            invoice_id=invoice_id,
            reason=reason,
            reason_code=reason_code,
        )

        return invoice_blocked_attention

