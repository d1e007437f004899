"""Problem kinds for spent budgets: requests per window, account e-mails per tenant."""

from __future__ import annotations

from automahntion.api.problem_kinds.kind import ProblemKind, kind

LIMITS: tuple[ProblemKind, ...] = (
    kind(
        "rate-limited",
        429,
        "Too Many Requests",
        """The credential (or, without one, the client address) has spent its request
        budget for this window. Wait the seconds `Retry-After` names; the `RateLimit-*`
        headers on every answer show the budget before it runs out.""",
    ),
    kind(
        "account-mail-limit-reached",
        429,
        "Account mail limit reached",
        """Too many account e-mails (confirmations, test messages) were sent for this
        tenant lately. Try again later.""",
    ),
)
