"""Problem kinds of the tenant's subscription and payments: changes their state does not allow."""

from __future__ import annotations

from automahntion.api.problem_kinds.kind import ProblemKind, kind

BILLING: tuple[ProblemKind, ...] = (
    kind(
        "billing-conflict",
        409,
        "Billing conflict",
        """The subscription is not in a state that allows this change (e.g. no SEPA
        mandate yet, or the plan chosen already).""",
    ),
    kind(
        "payments-not-configured",
        409,
        "Payments not configured",
        """This installation takes no payments (no payment provider is configured): plans
        are set by the operator.""",
    ),
    kind(
        "smtp-addon-already-bought",
        409,
        "SMTP add-on already bought",
        """The tenant has the own-mail-server add-on already.""",
    ),
    kind(
        "charge-not-failed",
        409,
        "Charge not failed",
        """Only a failed charge can be retried; this one is pending or paid.""",
    ),
)
