from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.feedback_received_event import FeedbackReceivedEvent
  from ..models.invoice_needs_attention_event import InvoiceNeedsAttentionEvent
  from ..models.invoice_paid_event import InvoicePaidEvent
  from ..models.letter_status_changed_event import LetterStatusChangedEvent
  from ..models.lexoffice_disconnected_event import LexofficeDisconnectedEvent
  from ..models.message_failed_event import MessageFailedEvent
  from ..models.message_sent_event import MessageSentEvent





T = TypeVar("T", bound="EventPage")



@_attrs_define
class EventPage:
    """ A page of events.

        Attributes:
            items (list[FeedbackReceivedEvent | InvoiceNeedsAttentionEvent | InvoicePaidEvent | LetterStatusChangedEvent |
                LexofficeDisconnectedEvent | MessageFailedEvent | MessageSentEvent]):
            next_cursor (None | str): Also on the last page: the cursor to ask with later for what happened since.
     """

    items: list[FeedbackReceivedEvent | InvoiceNeedsAttentionEvent | InvoicePaidEvent | LetterStatusChangedEvent | LexofficeDisconnectedEvent | MessageFailedEvent | MessageSentEvent]
    next_cursor: None | str





    def to_dict(self) -> dict[str, Any]:
        from ..models.feedback_received_event import FeedbackReceivedEvent # noqa: PLC0415
        from ..models.invoice_needs_attention_event import InvoiceNeedsAttentionEvent # noqa: PLC0415
        from ..models.invoice_paid_event import InvoicePaidEvent # noqa: PLC0415
        from ..models.letter_status_changed_event import LetterStatusChangedEvent # noqa: PLC0415
        from ..models.lexoffice_disconnected_event import LexofficeDisconnectedEvent # noqa: PLC0415
        from ..models.message_failed_event import MessageFailedEvent # noqa: PLC0415
        from ..models.message_sent_event import MessageSentEvent # noqa: PLC0415
        items = []
        for items_item_data in self.items:
            items_item: dict[str, Any]
            if isinstance(items_item_data, MessageSentEvent):
                items_item = items_item_data.to_dict()
            elif isinstance(items_item_data, MessageFailedEvent):
                items_item = items_item_data.to_dict()
            elif isinstance(items_item_data, InvoicePaidEvent):
                items_item = items_item_data.to_dict()
            elif isinstance(items_item_data, InvoiceNeedsAttentionEvent):
                items_item = items_item_data.to_dict()
            elif isinstance(items_item_data, LetterStatusChangedEvent):
                items_item = items_item_data.to_dict()
            elif isinstance(items_item_data, FeedbackReceivedEvent):
                items_item = items_item_data.to_dict()
            else:
                items_item = items_item_data.to_dict()

            items.append(items_item)



        next_cursor: None | str
        next_cursor = self.next_cursor


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "items": items,
            "nextCursor": next_cursor,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.feedback_received_event import FeedbackReceivedEvent # noqa: PLC0415
        from ..models.invoice_needs_attention_event import InvoiceNeedsAttentionEvent # noqa: PLC0415
        from ..models.invoice_paid_event import InvoicePaidEvent # noqa: PLC0415
        from ..models.letter_status_changed_event import LetterStatusChangedEvent # noqa: PLC0415
        from ..models.lexoffice_disconnected_event import LexofficeDisconnectedEvent # noqa: PLC0415
        from ..models.message_failed_event import MessageFailedEvent # noqa: PLC0415
        from ..models.message_sent_event import MessageSentEvent # noqa: PLC0415
        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in (_items):
            def _parse_items_item(data: object) -> FeedbackReceivedEvent | InvoiceNeedsAttentionEvent | InvoicePaidEvent | LetterStatusChangedEvent | LexofficeDisconnectedEvent | MessageFailedEvent | MessageSentEvent:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_out_type_0 = MessageSentEvent.from_dict(data)



                    return componentsschemas_event_out_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_out_type_1 = MessageFailedEvent.from_dict(data)



                    return componentsschemas_event_out_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_out_type_2 = InvoicePaidEvent.from_dict(data)



                    return componentsschemas_event_out_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_out_type_3 = InvoiceNeedsAttentionEvent.from_dict(data)



                    return componentsschemas_event_out_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_out_type_4 = LetterStatusChangedEvent.from_dict(data)



                    return componentsschemas_event_out_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_out_type_5 = FeedbackReceivedEvent.from_dict(data)



                    return componentsschemas_event_out_type_5
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_out_type_6 = LexofficeDisconnectedEvent.from_dict(data)



                return componentsschemas_event_out_type_6

            items_item = _parse_items_item(items_item_data)

            items.append(items_item)


        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("nextCursor"))


        event_page = cls(
            items=items,
            next_cursor=next_cursor,
        )

        return event_page

