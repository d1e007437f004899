"""Whether a held message still awaits the owner's decision, in SQL (a condition on a row of
`sent_message`), for the review and the attention list alike: its invoice is still owed and not
handed over, no pause of the invoice, its customer or the tenant holds on the day, and no later
message of the invoice went out (or is going out) since it was held. Once the plan moved on so,
nothing is left to decide: the cycle retries a held message by itself when it is due again."""

from __future__ import annotations

from automahntion.app.messages.records import MessageState
from automahntion.domain.invoices import CLOSED_STATUSES

_CLOSED = ", ".join(f"'{status.value}'" for status in sorted(CLOSED_STATUSES))
_GONE_ON = ", ".join(f"'{state.value}'" for state in (MessageState.SENT, MessageState.SENDING))


def _paused(alias: str) -> str:
    """The pause of the row `alias` holds on the day given as the parameter."""
    return (
        f'{alias}."pause_reason" IS NOT NULL '
        f'AND ({alias}."pause_until" IS NULL OR {alias}."pause_until" >= {{}})'
    )


STILL_AWAITED = (
    'EXISTS (SELECT 1 FROM "invoice" i WHERE i."id" = "sent_message"."invoice" '
    f'AND i."status" NOT IN ({_CLOSED}) AND i."open_cents" > 0 AND i."handed_over_at" IS NULL '
    f"AND NOT ({_paused('i')}) "
    'AND NOT EXISTS (SELECT 1 FROM "contact" c WHERE c."tenant" = i."tenant" '
    f'AND c."lexoffice_id" = i."contact_lexoffice_id" AND {_paused("c")})) '
    'AND NOT EXISTS (SELECT 1 FROM "tenant" t WHERE t."id" = "sent_message"."tenant" '
    f"AND {_paused('t')}) "
    'AND NOT EXISTS (SELECT 1 FROM "sent_message" later '
    'WHERE later."tenant" = "sent_message"."tenant" AND later."invoice" = "sent_message"."invoice" '
    f'AND later."state" IN ({_GONE_ON}) AND later."claimed_at" > "sent_message"."claimed_at")'
)
"""Three parameters: the day, once for each pause."""
