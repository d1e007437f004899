from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.channel import Channel
from ..models.level import Level
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="GoingOutOut")



@_attrs_define
class GoingOutOut:
    """ A message already being handed to the mail transport or the postal provider when a
    pause or deactivation took effect: its last check right before the hand-over came first, so
    it goes out. Everything not listed is stopped.

        Attributes:
            channel (Channel): How a message goes out: by e-mail or as a letter by post.
            invoice_id (UUID):
            level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then dunning notices
                    (Mahnungen) M1–M3.
            since (datetime.datetime): When its last check let it go.
     """

    channel: Channel
    invoice_id: UUID
    level: Level
    since: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        channel = self.channel.value

        invoice_id = str(self.invoice_id)

        level = self.level.value

        since = self.since.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "channel": channel,
            "invoiceId": invoice_id,
            "level": level,
            "since": since,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel = Channel(d.pop("channel"))




        invoice_id = UUID(d.pop("invoiceId"))




        level = Level(d.pop("level"))




        since = datetime.datetime.fromisoformat(d.pop("since"))




        going_out_out = cls(
            channel=channel,
            invoice_id=invoice_id,
            level=level,
            since=since,
        )

        return going_out_out

