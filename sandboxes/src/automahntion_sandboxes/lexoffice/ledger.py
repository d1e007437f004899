"""What happens to a voucher's money and status: payments, voiding, status changes; each
change bumps version and updatedDate and fires lexoffice's events."""

from __future__ import annotations

from datetime import date

from automahntion_sandboxes.common import ControlError
from automahntion_sandboxes.lexoffice.state import (
    CREDIT_NOTE_TYPES,
    EVENT_PREFIX,
    Payment,
    Sandbox,
    Voucher,
)

SETTABLE_STATUSES = ("open", "transferred", "sepadebit", "draft")


def _touch(sandbox: Sandbox, voucher: Voucher) -> None:
    voucher.version += 1
    voucher.updated = sandbox.clock.now()


def _status_event(voucher: Voucher) -> str:
    return f"{EVENT_PREFIX[voucher.voucher_type]}.status.changed"


def pay(
    sandbox: Sandbox,
    voucher: Voucher,
    cents: int,
    day: date | None,
    item_type: str = "manualPayment",
) -> None:
    if voucher.status in ("draft", "voided"):
        raise ControlError(409, f"a {voucher.status} voucher takes no payments")
    if cents <= 0:
        raise ControlError(400, "amount must be positive")
    if cents > voucher.open_cents:
        raise ControlError(
            422, f"amount {cents / 100:.2f} exceeds the open amount {voucher.open_cents / 100:.2f}"
        )
    before = voucher.status
    voucher.payments.append(Payment(day or sandbox.clock.today(), cents, item_type))
    voucher.open_cents -= cents
    if voucher.open_cents == 0:
        voucher.status = "paidoff" if voucher.voucher_type in CREDIT_NOTE_TYPES else "paid"
    _touch(sandbox, voucher)
    sandbox.emit(voucher.organization_id, "payment.changed", voucher.id)
    if voucher.status != before:
        sandbox.emit(voucher.organization_id, _status_event(voucher), voucher.id)


def cancel_payments(sandbox: Sandbox, voucher: Voucher, item_type: str) -> int:
    """Its payment items of `item_type` taken back, as when the credit note pursued from an
    invoice is cancelled or a write-off is undone: the open amount grows back and a paid
    invoice is open again. Returns how many items were taken back."""
    kept = [payment for payment in voucher.payments if payment.item_type != item_type]
    cancelled = len(voucher.payments) - len(kept)
    if cancelled == 0:
        raise ControlError(409, f"the voucher has no {item_type} payment items")
    if voucher.status in ("draft", "voided"):
        raise ControlError(409, f"a {voucher.status} voucher keeps its payments")
    before = voucher.status
    voucher.payments = kept
    voucher.open_cents = voucher.total_cents - voucher.paid_cents
    if voucher.open_cents > 0 and voucher.status in ("paid", "paidoff"):
        voucher.status = "open"
    _touch(sandbox, voucher)
    sandbox.emit(voucher.organization_id, "payment.changed", voucher.id)
    if voucher.status != before:
        sandbox.emit(voucher.organization_id, _status_event(voucher), voucher.id)
    return cancelled


def void(sandbox: Sandbox, voucher: Voucher) -> None:
    if voucher.status == "voided":
        raise ControlError(409, "the voucher is voided already")
    voucher.status = "voided"
    voucher.open_cents = 0
    _touch(sandbox, voucher)
    sandbox.emit(voucher.organization_id, _status_event(voucher), voucher.id)
    sandbox.emit(voucher.organization_id, "payment.changed", voucher.id)


def set_status(sandbox: Sandbox, voucher: Voucher, status: object) -> None:
    if status not in SETTABLE_STATUSES:
        raise ControlError(400, f"status must be one of {', '.join(SETTABLE_STATUSES)}")
    before = voucher.status
    if status == before:
        return
    voucher.status = str(status)
    open_before = voucher.open_cents
    voucher.open_cents = voucher.total_cents - voucher.paid_cents
    _touch(sandbox, voucher)
    sandbox.emit(voucher.organization_id, _status_event(voucher), voucher.id)
    if status == "draft" or voucher.open_cents != open_before:
        sandbox.emit(voucher.organization_id, "payment.changed", voucher.id)
