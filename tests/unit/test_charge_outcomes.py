"""What a charge's invoice at the payment provider means for the tenant: paid, failed (a debit
bounced) or still open — a SEPA direct debit takes days, and while it is under way the invoice
is open with one attempt and no error."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from automahntion.adapters.payments import mapping
from automahntion.app.billing.records import BillingStatus
from automahntion.app.billing.subscription import outcome_of

NOW = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)


def _stripe_invoice(intent: dict[str, Any] | None, status: str = "open") -> dict[str, Any]:
    return {
        "id": "in_1",
        "object": "invoice",
        "customer": "cus_1",
        "status": status,
        "total": 620,
        "amount_due": 620,
        "amount_paid": 0,
        "attempt_count": 1,
        "lines": {"data": [{"amount": 620, "quantity": 1, "description": "Einwurf-Einschreiben"}]},
        "payment_intent": intent,
    }


def test_a_debit_still_processing_is_open_not_failed() -> None:
    processing = {"id": "pi_1", "status": "processing", "last_payment_error": None}

    outcome = outcome_of(mapping.invoice(_stripe_invoice(processing)), NOW)

    assert (outcome.status, outcome.failure_message) == (BillingStatus.OPEN, None)
    assert outcome.attempted_on == date(2026, 12, 1)


def test_a_bounced_debit_is_failed_with_the_banks_reason() -> None:
    bounced = {
        "id": "pi_1",
        "status": "requires_payment_method",
        "last_payment_error": {"code": "insufficient_funds", "message": "Insufficient funds."},
    }

    outcome = outcome_of(mapping.invoice(_stripe_invoice(bounced)), NOW)

    assert (outcome.status, outcome.failure_message) == (
        BillingStatus.FAILED,
        "Insufficient funds.",
    )


def test_an_uncollectible_invoice_is_failed() -> None:
    outcome = outcome_of(mapping.invoice(_stripe_invoice(None, "uncollectible")), NOW)

    assert outcome.status is BillingStatus.FAILED
