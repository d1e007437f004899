"""The subscription and charge repositories on SQLite and PostgreSQL: one record per key (also
inside a transaction that goes on), paid stays paid, failed does not go back to open, and the
payment customer names its tenant."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from automahntion.app.billing.letter_credits import CREDIT_KEY_PREFIX
from automahntion.app.billing.payments import MandateState, SubscriptionState
from automahntion.app.billing.records import (
    BillingKind,
    BillingLine,
    BillingOutcome,
    BillingStatus,
    MandateInfo,
    NewBillingRecord,
    SubscriptionRecord,
)
from automahntion.app.post.provider import LetterState
from automahntion.app.post.records import LetterRecord
from automahntion.bootstrap.database import Database
from automahntion.domain.levels import Level
from automahntion.domain.prices import BillingCycle, LetterKind
from automahntion.domain.quota import Plan
from tests.integration.helpers import NOW, TODAY, invoice, new_tenant

LINE = BillingLine("Brief per Post", 3, 385, 1155)


def _letters(key: str) -> NewBillingRecord:
    return NewBillingRecord(
        BillingKind.LETTERS, key, (LINE,), 1155, date(2026, 11, 1), date(2026, 11, 30)
    )


async def test_one_charge_per_key_and_its_outcome_only_moves_forward(database: Database) -> None:
    tenant = await new_tenant(database)
    other = await new_tenant(database)
    key = f"letters:{tenant.id}:2026-11"
    async with database.unit_of_work() as uow:
        billing = uow.tenant(tenant.id).billing
        first, created = await billing.claim(_letters(key), NOW)
        again, created_again = await billing.claim(_letters(key), NOW)
        assert (created, created_again) == (True, False)
        assert again.id == first.id
        assert (await billing.by_key(key)) == first
        elsewhere, created_elsewhere = await uow.tenant(other.id).billing.claim(_letters(key), NOW)
        assert created_elsewhere
        assert elsewhere.id != first.id

    async with database.unit_of_work() as uow:
        billing = uow.tenant(tenant.id).billing
        failed = await billing.record_outcome(
            first.id,
            BillingOutcome(
                BillingStatus.FAILED,
                provider_invoice_id="in_1",
                failure_message="insufficient funds",
                attempted_on=date(2026, 12, 2),
            ),
        )
        late_news = await billing.record_outcome(
            first.id, BillingOutcome(BillingStatus.OPEN, attempted_on=date(2026, 12, 1))
        )
        assert late_news == failed
        assert (failed.status, failed.failure_message) == (
            BillingStatus.FAILED,
            "insufficient funds",
        )
        assert await billing.by_provider_invoice("in_1") == failed
        assert await billing.in_status(BillingStatus.FAILED) == [failed]
        assert await billing.in_status(BillingStatus.FAILED, kind=BillingKind.LETTERS) == [failed]
        assert await billing.in_status(BillingStatus.FAILED, kind=BillingKind.SMTP_ADDON) == []
        paid = await billing.record_outcome(first.id, BillingOutcome(BillingStatus.PAID))
        assert (paid.status, paid.failure_message, paid.attempted_on) == (
            BillingStatus.PAID,
            None,
            date(2026, 12, 2),
        )
        stale = await billing.record_outcome(
            first.id, BillingOutcome(BillingStatus.FAILED, failure_message="late")
        )
        assert stale.status is BillingStatus.PAID
        assert await uow.tenant(other.id).billing.by_provider_invoice("in_1") is None


async def test_an_outcome_from_an_event_older_than_the_last_applied_one_changes_nothing(
    database: Database,
) -> None:
    """The provider's events come in no particular order: one created before the event that
    last set the charge's status is old news (a void invoice is not made failed again, and so
    retried every day), while one of the same second, or our own call's answer, still counts."""
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        billing = uow.tenant(tenant.id).billing
        charge, _ = await billing.claim(_letters(f"letters:{tenant.id}:2026-11"), NOW)
        void = await billing.record_outcome(
            charge.id,
            BillingOutcome(BillingStatus.VOID, provider_invoice_id="in_v", event_at=NOW),
        )
        assert (void.status, void.provider_event_at) == (BillingStatus.VOID, NOW)
        late = await billing.record_outcome(
            charge.id,
            BillingOutcome(
                BillingStatus.FAILED,
                failure_message="insufficient funds",
                event_at=NOW - timedelta(seconds=30),
            ),
        )
        assert late == void
        assert await billing.in_status(BillingStatus.FAILED) == []
        same_second = await billing.record_outcome(
            charge.id, BillingOutcome(BillingStatus.OPEN, event_at=NOW)
        )
        assert same_second.status is BillingStatus.OPEN
        ours = await billing.record_outcome(charge.id, BillingOutcome(BillingStatus.PAID))
        assert (ours.status, ours.provider_event_at) == (BillingStatus.PAID, NOW)


async def test_the_subscription_is_saved_whole_and_keeps_the_loyalty_quota_readable(
    database: Database,
) -> None:
    tenant = await new_tenant(database)
    record = SubscriptionRecord(
        plan=Plan.BUSINESS,
        cycle=BillingCycle.YEARLY,
        status=SubscriptionState.ACTIVE,
        provider_customer_id=f"cus_{tenant.id.hex}",
        provider_subscription_id="sub_1",
        current_period_end=date(2027, 11, 27),
        pending_plan=Plan.STARTER,
        pending_cycle=BillingCycle.MONTHLY,
        loyalty_plan=Plan.PRO,
        loyalty_subscription_id="sub_2",
        smtp_addon_bought_at=NOW,
        mandate=MandateInfo("mandate_1", "pm_1", MandateState.ACTIVE, "3000", NOW),
        status_event_at=NOW - timedelta(minutes=1),
    )
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        assert await store.subscription.get() is None
        await store.subscription.save(record, NOW)
        await store.subscription.save(replace(record, pending_plan=None), NOW)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        assert await store.subscription.get() == replace(record, pending_plan=None)
        assert await store.thank_yous.loyalty_plan() is Plan.PRO
        assert await uow.tenants.tenant_of_payment_customer(f"cus_{tenant.id.hex}") == tenant.id
        assert await uow.tenants.tenant_of_payment_customer("cus_unknown") is None
        assert await uow.tenants.tenant_of_payment_mandate("mandate_1") == tenant.id
        assert await uow.tenants.tenant_of_payment_mandate("mandate_unknown") is None


async def test_letters_the_provider_refused_or_cancelled_are_not_counted_for_billing(
    database: Database,
) -> None:
    """Only letters that went into the post cost 3.85 / 6.20 (rule 7): one the print provider
    refused (invalid address) or that was cancelled before printing was never sent."""
    tenant = await new_tenant(database)
    states = {
        "RE-1": (LetterKind.STANDARD, LetterState.SENT),
        "RE-2": (LetterKind.STANDARD, LetterState.FAILED),
        "RE-3": (LetterKind.REGISTERED, LetterState.CANCELLED),
        "RE-4": (LetterKind.REGISTERED, LetterState.UNDELIVERABLE),
        "RE-5": (LetterKind.STANDARD, LetterState.SUBMITTED),
    }
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.invoices.upsert([invoice(number) for number in states], NOW)
        for number, (kind, state) in states.items():
            stored = await store.invoices.by_lexoffice_id(f"lx-{number}")
            await store.letters.add(
                LetterRecord(stored.id, Level.M2, kind, f"letter-{number}", state, TODAY)
            )
        counted = await store.letters.count_by_kind(date(2026, 11, 1), date(2026, 11, 30))
    assert counted == {LetterKind.STANDARD: 2, LetterKind.REGISTERED: 1}


async def test_a_refused_letter_is_read_until_its_credit_is_made_and_no_longer_after(
    database: Database,
) -> None:
    """The daily credit step reads only the letters still waiting for their credit: one whose
    credit is recorded but not made (the provider's answer lost) is read again to finish it,
    one credited is not read any more, however many days follow."""
    tenant = await new_tenant(database)
    other = await new_tenant(database)
    key = f"letters:{tenant.id}:2026-11"
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.invoices.upsert([invoice(number) for number in ("RE-1", "RE-2")], NOW)
        for number in ("RE-1", "RE-2"):
            stored = await store.invoices.by_lexoffice_id(f"lx-{number}")
            await store.letters.add(
                LetterRecord(
                    stored.id,
                    Level.M2,
                    LetterKind.STANDARD,
                    f"letter-{number}",
                    LetterState.SUBMITTED,
                    date(2026, 11, 3),
                )
            )
        await store.letters.mark_billed(date(2026, 11, 1), date(2026, 11, 30), key)
        for number in ("RE-1", "RE-2"):
            letter = await store.letters.by_provider_id(f"letter-{number}")
            assert letter is not None
            await store.letters.update(replace(letter, state=LetterState.FAILED))

    def credit(number: str) -> NewBillingRecord:
        line = BillingLine("Gutschrift", 1, -385, -385)
        return NewBillingRecord(
            BillingKind.LETTER_CREDIT,
            f"{CREDIT_KEY_PREFIX}letter-{number}",
            (line,),
            -385,
            date(2026, 11, 1),
            date(2026, 11, 30),
        )

    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        credited, _ = await store.billing.claim(credit("RE-1"), NOW)
        await store.billing.claim(credit("RE-2"), NOW)
        await uow.tenant(other.id).billing.record_outcome(
            (await uow.tenant(other.id).billing.claim(credit("RE-2"), NOW))[0].id,
            BillingOutcome(BillingStatus.CREDITED, amount_cents=-385),
        )
        pending = await store.letters.billed_not_posted(CREDIT_KEY_PREFIX)
        assert [letter.provider_letter_id for letter in pending] == ["letter-RE-1", "letter-RE-2"]
        await store.billing.record_outcome(
            credited.id, BillingOutcome(BillingStatus.CREDITED, amount_cents=-385)
        )
    async with database.unit_of_work() as uow:
        waiting = await uow.tenant(tenant.id).letters.billed_not_posted(CREDIT_KEY_PREFIX)
    assert [letter.provider_letter_id for letter in waiting] == ["letter-RE-2"]


async def test_a_month_bill_holds_its_letters_and_those_refused_after_it_are_found(
    database: Database,
) -> None:
    """The bill takes the month's letters that were not refused; a letter of that month is on
    no other bill, and one refused after the bill is found for its credit."""
    tenant = await new_tenant(database)
    key = f"letters:{tenant.id}:2026-11"
    states = {
        "RE-1": (LetterKind.STANDARD, LetterState.SENT, date(2026, 11, 3)),
        "RE-2": (LetterKind.REGISTERED, LetterState.PRINTING, date(2026, 11, 30)),
        "RE-3": (LetterKind.STANDARD, LetterState.FAILED, date(2026, 11, 12)),
        "RE-4": (LetterKind.STANDARD, LetterState.SUBMITTED, date(2026, 12, 1)),
    }
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.invoices.upsert([invoice(number) for number in states], NOW)
        for number, (kind, state, day) in states.items():
            stored = await store.invoices.by_lexoffice_id(f"lx-{number}")
            await store.letters.add(
                LetterRecord(stored.id, Level.M2, kind, f"letter-{number}", state, day)
            )
        await store.letters.mark_billed(date(2026, 11, 1), date(2026, 11, 30), key)
        await store.letters.mark_billed(date(2026, 11, 1), date(2026, 11, 30), "other")
        assert await store.letters.count_billed("other") == dict.fromkeys(LetterKind, 0)
        assert await store.letters.billed_not_posted(CREDIT_KEY_PREFIX) == []
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        for provider_id, state in (
            ("letter-RE-2", LetterState.CANCELLED),
            ("letter-RE-4", LetterState.FAILED),
        ):
            letter = await store.letters.by_provider_id(provider_id)
            assert letter is not None
            await store.letters.update(replace(letter, state=state))
        assert await store.letters.count_billed(key) == {
            LetterKind.STANDARD: 1,
            LetterKind.REGISTERED: 1,
        }
        [refused] = await store.letters.billed_not_posted(CREDIT_KEY_PREFIX)
    assert (refused.provider_letter_id, refused.state, refused.billed_by) == (
        "letter-RE-2",
        LetterState.CANCELLED,
        key,
    )
