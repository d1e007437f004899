from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.reason_code import ReasonCode
from typing import cast
from typing import Literal, cast
from uuid import UUID






T = TypeVar("T", bound="MessageHeldAttention")



@_attrs_define
class MessageHeldAttention:
    """ A message was held for the day because preparing it failed (it is on the review list
    and due again on the next sending day).

        Attributes:
            detail (str): In German, as the attention list words it; empty when there is no reason.
            invoice_id (UUID):
            reason (Literal['message_held']):
            reason_code (None | ReasonCode): Why the message is held, a stable code.
     """

    detail: str
    invoice_id: UUID
    reason: Literal['message_held']
    reason_code: None | ReasonCode





    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        invoice_id = str(self.invoice_id)

        reason = self.reason

        reason_code: None | str
        if isinstance(self.reason_code, ReasonCode):
            reason_code = self.reason_code.value
        else:
            reason_code = self.reason_code


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




        reason = cast(Literal['message_held'] , d.pop("reason"))
        if reason != 'message_held':
            raise ValueError(f"reason must match const 'message_held', got '{reason}'")

        def _parse_reason_code(data: object) -> None | ReasonCode:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_code_type_0 = ReasonCode(data)



                return reason_code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReasonCode, data)

        reason_code = _parse_reason_code(d.pop("reasonCode"))


        message_held_attention = cls(
            detail=detail,
            invoice_id=invoice_id,
            reason=reason,
            reason_code=reason_code,
        )

        return message_held_attention

