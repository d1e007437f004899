from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.channel import Channel
from ..models.level import Level
from ..models.reason_code import ReasonCode
from typing import cast
from uuid import UUID






T = TypeVar("T", bound="MessageEventData")



@_attrs_define
class MessageEventData:
    """ The message a `message.sent` or `message.failed` tells of.

        Attributes:
            channel (Channel): How a message goes out: by e-mail or as a letter by post.
            invoice_id (UUID):
            level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then dunning notices
                    (Mahnungen) M1–M3.
            message_id (UUID):
            reason (None | str): Why it failed, in German; null when sent.
            reason_code (None | ReasonCode): Why it failed, a stable code; null when sent.
     """

    channel: Channel
    invoice_id: UUID
    level: Level
    message_id: UUID
    reason: None | str
    reason_code: None | ReasonCode





    def to_dict(self) -> dict[str, Any]:
        channel = self.channel.value

        invoice_id = str(self.invoice_id)

        level = self.level.value

        message_id = str(self.message_id)

        reason: None | str
        reason = self.reason

        reason_code: None | str
        if isinstance(self.reason_code, ReasonCode):
            reason_code = self.reason_code.value
        else:
            reason_code = self.reason_code


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "channel": channel,
            "invoiceId": invoice_id,
            "level": level,
            "messageId": message_id,
            "reason": reason,
            "reasonCode": reason_code,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel = Channel(d.pop("channel"))




        invoice_id = UUID(d.pop("invoiceId"))




        level = Level(d.pop("level"))




        message_id = UUID(d.pop("messageId"))




        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))


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


        message_event_data = cls(
            channel=channel,
            invoice_id=invoice_id,
            level=level,
            message_id=message_id,
            reason=reason,
            reason_code=reason_code,
        )

        return message_event_data

