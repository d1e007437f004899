"""Use case of the daily job: a letter billed with its month and then refused or cancelled by
the print provider (it was never sent) is credited to the tenant, once: a credit note of one
unit of that month's invoice line. On an invoice still open it lowers what is due; on a paid one
it goes on the customer's balance, which the provider takes off the next invoice.

The credit is recorded under `credit:letter:{provider letter id}` before the provider is
asked, and asked with that key; a credit the provider made whose answer was lost is found
again by it. A letter whose bill is still pending waits for it; one on a void bill cost nothing."""

from __future__ import annotations

from uuid import UUID

from automahntion.app.billing.payments import LETTER_PRICES, LineCredit
from automahntion.app.billing.records import (
    BillingKind,
    BillingLine,
    BillingOutcome,
    BillingRecord,
    BillingStatus,
    NewBillingRecord,
)
from automahntion.app.billing.subscription import BillingPorts
from automahntion.app.post.records import LetterRecord
from automahntion.domain.prices import LETTER_CENTS, LetterKind

CREDIT_DESCRIPTIONS = {
    LetterKind.STANDARD: "Gutschrift: Brief per Post, nicht versandt",
    LetterKind.REGISTERED: "Gutschrift: Einwurf-Einschreiben, nicht versandt",
}
WAITING = (BillingStatus.PENDING, BillingStatus.VOID)
"""A bill not at the provider yet (its letters are credited once it is), or one voided."""


CREDIT_KEY_PREFIX = "credit:letter:"


def credit_key(letter: LetterRecord) -> str:
    return f"{CREDIT_KEY_PREFIX}{letter.provider_letter_id}"


def _credit(letter: LetterRecord, bill: BillingRecord) -> NewBillingRecord:
    cents = LETTER_CENTS[letter.kind]
    line = BillingLine(CREDIT_DESCRIPTIONS[letter.kind], 1, -cents, -cents)
    return NewBillingRecord(
        BillingKind.LETTER_CREDIT,
        credit_key(letter),
        (line,),
        -cents,
        bill.period_start,
        bill.period_end,
    )


def _memo(letter: LetterRecord) -> str:
    return (
        f"{CREDIT_DESCRIPTIONS[letter.kind]} "
        f"(übergeben am {letter.sent_on.strftime('%d.%m.%Y')}, {letter.provider_letter_id})"
    )


async def credit_unposted_letters(ports: BillingPorts, tenant_id: UUID) -> list[BillingRecord]:
    """Each letter on a bill that the provider refused or cancelled after: its credit, made
    now (the credits made before are not asked for again)."""
    now = ports.clock.now()
    due: list[tuple[BillingRecord, str, LetterRecord]] = []
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        for letter in await store.letters.billed_not_posted(CREDIT_KEY_PREFIX):
            assert letter.billed_by is not None
            credit = await store.billing.by_key(credit_key(letter))
            if credit is not None and credit.status is not BillingStatus.PENDING:
                continue
            bill = await store.billing.by_key(letter.billed_by)
            if bill is None or bill.status in WAITING or bill.provider_invoice_id is None:
                continue
            if credit is None:
                credit, _ = await store.billing.claim(_credit(letter, bill), now)
            due.append((credit, bill.provider_invoice_id, letter))
    credited = []
    for credit, invoice_id, letter in due:
        note = await ports.gateway.credit_line(
            LineCredit(invoice_id, LETTER_PRICES[letter.kind], 1, _memo(letter)),
            idempotency_key=credit.idempotency_key,
        )
        async with ports.units() as uow:
            credited.append(
                await uow.tenant(tenant_id).billing.record_outcome(
                    credit.id,
                    BillingOutcome(BillingStatus.CREDITED, amount_cents=-note.amount_cents),
                )
            )
    return credited
