from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.channel import Channel
from ..models.level import Level
from ..models.reason_code import ReasonCode
from ..models.review_kind import ReviewKind
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="ReviewItemOut")



@_attrs_define
class ReviewItemOut:
    """ A message waiting for the tenant's decision.

        Attributes:
            channel (Channel | None):
            id (UUID): What `POST /v1/review/{id}` takes.
            invoice_id (UUID):
            invoice_number (str):
            kind (ReviewKind): Why a message waits for review: it is about to be sent (review mode), its dunning document
                    is uncertain, or it was held; or a thank-you e-mail was handed over and its outcome never
                    came.
            level (Level | None): The dunning level; null for a thank-you e-mail (`thankYouSending`).
            reason (str): What happened and what to check, for the owner (German).
            reason_code (None | ReasonCode): Why a held message was held (stable; `reason` words it).
            since (datetime.datetime): When the message was claimed or the document requested.
     """

    channel: Channel | None
    id: UUID
    invoice_id: UUID
    invoice_number: str
    kind: ReviewKind
    level: Level | None
    reason: str
    reason_code: None | ReasonCode
    since: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        channel: None | str
        if isinstance(self.channel, Channel):
            channel = self.channel.value
        else:
            channel = self.channel

        id = str(self.id)

        invoice_id = str(self.invoice_id)

        invoice_number = self.invoice_number

        kind = self.kind.value

        level: None | str
        if isinstance(self.level, Level):
            level = self.level.value
        else:
            level = self.level

        reason = self.reason

        reason_code: None | str
        if isinstance(self.reason_code, ReasonCode):
            reason_code = self.reason_code.value
        else:
            reason_code = self.reason_code

        since = self.since.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "channel": channel,
            "id": id,
            "invoiceId": invoice_id,
            "invoiceNumber": invoice_number,
            "kind": kind,
            "level": level,
            "reason": reason,
            "reasonCode": reason_code,
            "since": since,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_channel(data: object) -> Channel | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                channel_type_0 = Channel(data)



                return channel_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Channel | None, data)

        channel = _parse_channel(d.pop("channel"))


        id = UUID(d.pop("id"))




        invoice_id = UUID(d.pop("invoiceId"))




        invoice_number = d.pop("invoiceNumber")

        kind = ReviewKind(d.pop("kind"))




        def _parse_level(data: object) -> Level | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                level_type_0 = Level(data)



                return level_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Level | None, data)

        level = _parse_level(d.pop("level"))


        reason = d.pop("reason")

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


        since = datetime.datetime.fromisoformat(d.pop("since"))




        review_item_out = cls(
            channel=channel,
            id=id,
            invoice_id=invoice_id,
            invoice_number=invoice_number,
            kind=kind,
            level=level,
            reason=reason,
            reason_code=reason_code,
            since=since,
        )

        return review_item_out

