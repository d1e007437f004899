from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.channel import Channel
from ..models.letter_state import LetterState
from ..models.level import Level
from ..models.message_state import MessageState
from ..models.reason_code import ReasonCode
from typing import cast
import datetime






T = TypeVar("T", bound="LevelSentOut")



@_attrs_define
class LevelSentOut:
    """ A level sent (or tried) for the invoice.

        Attributes:
            channel (Channel): How a message goes out: by e-mail or as a letter by post.
            day (datetime.date): The sending day the message belongs to.
            failure_code (None | ReasonCode): The same reason as a stable code.
            failure_reason (None | str): Why it was held or failed, in German for the owner.
            letter_status (LetterState | None): Where a letter by post is now (letters only); `action_required`: the postal
                provider
                holds it until someone acts, listed at `/v1/attention` with what it needs; `unknown`: the
                provider took it without its answer reaching us (resolved as sent in the review, or found
                at the provider on a later hand-over), so its status is not followed.
            level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then dunning notices
                    (Mahnungen) M1–M3.
            sent_at (datetime.datetime | None):
            state (MessageState): A message being sent, sent, failed, or held back (for review, or by a rule).
            tracking_code (None | str): The post's tracking code of a letter, once known.
     """

    channel: Channel
    day: datetime.date
    failure_code: None | ReasonCode
    failure_reason: None | str
    letter_status: LetterState | None
    level: Level
    sent_at: datetime.datetime | None
    state: MessageState
    tracking_code: None | str





    def to_dict(self) -> dict[str, Any]:
        channel = self.channel.value

        day = self.day.isoformat()

        failure_code: None | str
        if isinstance(self.failure_code, ReasonCode):
            failure_code = self.failure_code.value
        else:
            failure_code = self.failure_code

        failure_reason: None | str
        failure_reason = self.failure_reason

        letter_status: None | str
        if isinstance(self.letter_status, LetterState):
            letter_status = self.letter_status.value
        else:
            letter_status = self.letter_status

        level = self.level.value

        sent_at: None | str
        if isinstance(self.sent_at, datetime.datetime):
            sent_at = self.sent_at.isoformat()
        else:
            sent_at = self.sent_at

        state = self.state.value

        tracking_code: None | str
        tracking_code = self.tracking_code


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "channel": channel,
            "day": day,
            "failureCode": failure_code,
            "failureReason": failure_reason,
            "letterStatus": letter_status,
            "level": level,
            "sentAt": sent_at,
            "state": state,
            "trackingCode": tracking_code,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel = Channel(d.pop("channel"))




        day = datetime.date.fromisoformat(d.pop("day"))




        def _parse_failure_code(data: object) -> None | ReasonCode:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failure_code_type_0 = ReasonCode(data)



                return failure_code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReasonCode, data)

        failure_code = _parse_failure_code(d.pop("failureCode"))


        def _parse_failure_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_reason = _parse_failure_reason(d.pop("failureReason"))


        def _parse_letter_status(data: object) -> LetterState | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                letter_status_type_0 = LetterState(data)



                return letter_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LetterState | None, data)

        letter_status = _parse_letter_status(d.pop("letterStatus"))


        level = Level(d.pop("level"))




        def _parse_sent_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sent_at_type_0 = datetime.datetime.fromisoformat(data)



                return sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        sent_at = _parse_sent_at(d.pop("sentAt"))


        state = MessageState(d.pop("state"))




        def _parse_tracking_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tracking_code = _parse_tracking_code(d.pop("trackingCode"))


        level_sent_out = cls(
            channel=channel,
            day=day,
            failure_code=failure_code,
            failure_reason=failure_reason,
            letter_status=letter_status,
            level=level,
            sent_at=sent_at,
            state=state,
            tracking_code=tracking_code,
        )

        return level_sent_out

