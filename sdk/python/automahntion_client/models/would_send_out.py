from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.channel import Channel
from ..models.level import Level
from uuid import UUID






T = TypeVar("T", bound="WouldSendOut")



@_attrs_define
class WouldSendOut:
    """ One message the next sending day would send.

        Attributes:
            channel (Channel): How a message goes out: by e-mail or as a letter by post.
            customer (str):
            invoice_id (UUID):
            level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then dunning notices
                    (Mahnungen) M1–M3.
            number (str):
            recipient (str): The e-mail address, or "by post".
     """

    channel: Channel
    customer: str
    invoice_id: UUID
    level: Level
    number: str
    recipient: str





    def to_dict(self) -> dict[str, Any]:
        channel = self.channel.value

        customer = self.customer

        invoice_id = str(self.invoice_id)

        level = self.level.value

        number = self.number

        recipient = self.recipient


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "channel": channel,
            "customer": customer,
            "invoiceId": invoice_id,
            "level": level,
            "number": number,
            "recipient": recipient,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel = Channel(d.pop("channel"))




        customer = d.pop("customer")

        invoice_id = UUID(d.pop("invoiceId"))




        level = Level(d.pop("level"))




        number = d.pop("number")

        recipient = d.pop("recipient")

        would_send_out = cls(
            channel=channel,
            customer=customer,
            invoice_id=invoice_id,
            level=level,
            number=number,
            recipient=recipient,
        )

        return would_send_out

