from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.channel import Channel
from ..models.level import Level
from ..models.message_state import MessageState
from typing import cast
import datetime






T = TypeVar("T", bound="MessageSummaryOut")



@_attrs_define
class MessageSummaryOut:
    """ A recent message, without its content.

        Attributes:
            attempts (int):
            channel (Channel): How a message goes out: by e-mail or as a letter by post.
            day (datetime.date):
            failure_reason (None | str): Recipient addresses in it are replaced by `<address>`.
            invoice_number (str):
            level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then dunning notices
                    (Mahnungen) M1–M3.
            state (MessageState): A message being sent, sent, failed, or held back (for review, or by a rule).
     """

    attempts: int
    channel: Channel
    day: datetime.date
    failure_reason: None | str
    invoice_number: str
    level: Level
    state: MessageState





    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        channel = self.channel.value

        day = self.day.isoformat()

        failure_reason: None | str
        failure_reason = self.failure_reason

        invoice_number = self.invoice_number

        level = self.level.value

        state = self.state.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "attempts": attempts,
            "channel": channel,
            "day": day,
            "failureReason": failure_reason,
            "invoiceNumber": invoice_number,
            "level": level,
            "state": state,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempts = d.pop("attempts")

        channel = Channel(d.pop("channel"))




        day = datetime.date.fromisoformat(d.pop("day"))




        def _parse_failure_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_reason = _parse_failure_reason(d.pop("failureReason"))


        invoice_number = d.pop("invoiceNumber")

        level = Level(d.pop("level"))




        state = MessageState(d.pop("state"))




        message_summary_out = cls(
            attempts=attempts,
            channel=channel,
            day=day,
            failure_reason=failure_reason,
            invoice_number=invoice_number,
            level=level,
            state=state,
        )

        return message_summary_out

