from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.channel import Channel
from ..models.level import Level
from typing import cast

if TYPE_CHECKING:
  from ..models.preview_invoice_out import PreviewInvoiceOut





T = TypeVar("T", bound="PreviewMessageOut")



@_attrs_define
class PreviewMessageOut:
    """ A message the day would send.

        Attributes:
            channel (Channel): How a message goes out: by e-mail or as a letter by post.
            customer (str):
            invoices (list[PreviewInvoiceOut]):
            level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then dunning notices
                    (Mahnungen) M1–M3.
            recipient (str): The e-mail address, or "by post".
     """

    channel: Channel
    customer: str
    invoices: list[PreviewInvoiceOut]
    level: Level
    recipient: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.preview_invoice_out import PreviewInvoiceOut # noqa: PLC0415
        channel = self.channel.value

        customer = self.customer

        invoices = []
        for invoices_item_data in self.invoices:
            invoices_item = invoices_item_data.to_dict()
            invoices.append(invoices_item)



        level = self.level.value

        recipient = self.recipient


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "channel": channel,
            "customer": customer,
            "invoices": invoices,
            "level": level,
            "recipient": recipient,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preview_invoice_out import PreviewInvoiceOut # noqa: PLC0415
        d = dict(src_dict)
        channel = Channel(d.pop("channel"))




        customer = d.pop("customer")

        invoices = []
        _invoices = d.pop("invoices")
        for invoices_item_data in (_invoices):
            invoices_item = PreviewInvoiceOut.from_dict(invoices_item_data)



            invoices.append(invoices_item)


        level = Level(d.pop("level"))




        recipient = d.pop("recipient")

        preview_message_out = cls(
            channel=channel,
            customer=customer,
            invoices=invoices,
            level=level,
            recipient=recipient,
        )

        return preview_message_out

