"""What a stop (a pause, a deactivation) answers about the messages it can no longer stop.

A message's last look right before its hand-over and every stop take turns (`stopping` of the
`MessageRepository`): a stop committed first is found by the look, which takes the message back;
a look committed first marked its messages going out, and the stop, reading after it, names them
in its answer: they are being handed to the transport or the postal provider and go out."""

from __future__ import annotations

from collections.abc import Callable, Collection

from automahntion.app.messages.records import MessageState, SentMessage
from automahntion.app.messages.repository import MessageRepository


async def going_out(
    messages: MessageRepository, of_invoice: Callable[[SentMessage], bool] | None = None
) -> tuple[SentMessage, ...]:
    """The tenant's messages going out now (of the invoices `of_invoice` picks, or all), read in
    the caller's transaction after its `stopping`."""
    sending = await messages.in_state(MessageState.SENDING)
    return tuple(m for m in sending if m.going_out and (of_invoice is None or of_invoice(m)))


def among(invoice_ids: Collection[object]) -> Callable[[SentMessage], bool]:
    return lambda message: message.invoice_id in invoice_ids
