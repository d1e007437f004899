from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.block_reason import BlockReason
from ..models.hold import Hold
from ..models.level import Level
from typing import cast
from uuid import UUID

if TYPE_CHECKING:
  from ..models.pause_out import PauseOut





T = TypeVar("T", bound="PreviewHoldOut")



@_attrs_define
class PreviewHoldOut:
    """ An overdue invoice the day would send nothing for, and why.

        Attributes:
            blocked (BlockReason | None):
            customer (str):
            invoice_id (UUID):
            next_level (Level | None):
            number (str):
            pause (None | PauseOut):
            reason (Hold): Why nothing goes out for an invoice today.
     """

    blocked: BlockReason | None
    customer: str
    invoice_id: UUID
    next_level: Level | None
    number: str
    pause: None | PauseOut
    reason: Hold





    def to_dict(self) -> dict[str, Any]:
        from ..models.pause_out import PauseOut # noqa: PLC0415
        blocked: None | str
        if isinstance(self.blocked, BlockReason):
            blocked = self.blocked.value
        else:
            blocked = self.blocked

        customer = self.customer

        invoice_id = str(self.invoice_id)

        next_level: None | str
        if isinstance(self.next_level, Level):
            next_level = self.next_level.value
        else:
            next_level = self.next_level

        number = self.number

        pause: dict[str, Any] | None
        if isinstance(self.pause, PauseOut):
            pause = self.pause.to_dict()
        else:
            pause = self.pause

        reason = self.reason.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "blocked": blocked,
            "customer": customer,
            "invoiceId": invoice_id,
            "nextLevel": next_level,
            "number": number,
            "pause": pause,
            "reason": reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pause_out import PauseOut # noqa: PLC0415
        d = dict(src_dict)
        def _parse_blocked(data: object) -> BlockReason | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                blocked_type_0 = BlockReason(data)



                return blocked_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BlockReason | None, data)

        blocked = _parse_blocked(d.pop("blocked"))


        customer = d.pop("customer")

        invoice_id = UUID(d.pop("invoiceId"))




        def _parse_next_level(data: object) -> Level | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_level_type_0 = Level(data)



                return next_level_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Level | None, data)

        next_level = _parse_next_level(d.pop("nextLevel"))


        number = d.pop("number")

        def _parse_pause(data: object) -> None | PauseOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pause_type_0 = PauseOut.from_dict(data)



                return pause_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PauseOut, data)

        pause = _parse_pause(d.pop("pause"))


        reason = Hold(d.pop("reason"))




        preview_hold_out = cls(
            blocked=blocked,
            customer=customer,
            invoice_id=invoice_id,
            next_level=next_level,
            number=number,
            pause=pause,
            reason=reason,
        )

        return preview_hold_out

