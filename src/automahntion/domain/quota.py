"""Plan quota: how many open and overdue invoices are dunned at the same time (rule 4)."""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from automahntion.domain.errors import FieldProblem, ValidationFailed
from automahntion.domain.invoices import Invoice
from automahntion.domain.recipients import BlockReason


class Plan(StrEnum):
    """The subscription plan; it sets the monthly quota of invoices."""

    STARTER = "starter"
    BUSINESS = "business"
    PRO = "pro"


PLAN_LIMITS = {Plan.STARTER: 10, Plan.BUSINESS: 50, Plan.PRO: 250}


def plan_limit(plan: Plan, custom_limit: int | None = None) -> int:
    """The plan's limit, unless an admin set a custom one."""
    if custom_limit is None:
        return PLAN_LIMITS[plan]
    if custom_limit < 0:
        raise ValidationFailed([FieldProblem("custom_limit", "must be 0 or more")])
    return custom_limit


AdmissionKey = tuple[date, date, str, str]


def admission_key(invoice: Invoice) -> AdmissionKey:
    """Oldest due first; voucher numbers and ids compare as plain strings."""
    return (invoice.due_date, invoice.voucher_date, invoice.voucher_number, invoice.lexoffice_id)


def takes_slot(
    invoice: Invoice,
    today: date,
    *,
    sync_start: date | None = None,
    blocked: BlockReason | None = None,
    handed_over: bool = False,
) -> bool:
    """Whether the invoice belongs to the overdue set. A pause does not free a slot."""
    return (
        invoice.is_overdue(today)
        and not invoice.before_sync_start(sync_start)
        and blocked is None
        and not handed_over
    )


@dataclass(frozen=True)
class Admission:
    admitted: tuple[str, ...]
    waiting: tuple[str, ...]


def admit(overdue_set: Iterable[Invoice], admitted_before: Set[str], limit: int) -> Admission:
    """Who is dunned now and who waits, without churn.

    Invoices admitted before keep their slot while they stay in the overdue set; only when
    the limit shrank (a downgrade) are the last of them in admission order sent back to wait.
    Free slots go to the waiting invoices in admission order.
    """
    ordered = sorted(overdue_set, key=admission_key)
    kept = [i.lexoffice_id for i in ordered if i.lexoffice_id in admitted_before][:limit]
    kept_ids = set(kept)
    queue = [i.lexoffice_id for i in ordered if i.lexoffice_id not in kept_ids]
    free = max(limit - len(kept), 0)
    admitted_ids = kept_ids.union(queue[:free])
    admitted = tuple(i.lexoffice_id for i in ordered if i.lexoffice_id in admitted_ids)
    return Admission(admitted=admitted, waiting=tuple(queue[free:]))
