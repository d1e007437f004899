"""Problem kinds for conflicts with what is stored: something that exists already, was done or
used once, or is not in a state that allows the change."""

from __future__ import annotations

from automahntion.api.problem_kinds.kind import ProblemKind, kind

CONFLICTS: tuple[ProblemKind, ...] = (
    kind(
        "already-exists",
        409,
        "Already exists",
        """This would create something that exists already (a unique name, number or
        registration). Read the existing one instead.""",
    ),
    kind(
        "level-already-claimed",
        409,
        "Level already claimed",
        """This dunning level was already claimed or sent for this invoice: each level is
        sent at most once.""",
    ),
    kind(
        "idempotency-key-reused",
        409,
        "Idempotency key reused",
        """The `Idempotency-Key` was used before with another method, path or body. Use a
        new key for a new request; repeat a request only with its own key and the same
        body.""",
    ),
    kind(
        "idempotent-request-in-progress",
        409,
        "Request in progress",
        """A request with the same `Idempotency-Key` is still being answered. Wait a moment
        and repeat it with the same key: you get its answer.""",
    ),
    kind(
        "no-level-enabled",
        409,
        "No level enabled",
        """This would leave no dunning level switched on. Keep at least one level enabled,
        or pause dunning instead.""",
    ),
    kind(
        "api-key-already-revoked",
        409,
        "API key already revoked",
        """This API key was revoked before; nothing changed.""",
    ),
    kind(
        "last-api-key",
        409,
        "Last API key",
        """This is the tenant's last API key without limits: revoking it would lock the
        tenant out. Create another key first.""",
    ),
    kind(
        "admin-token-already-revoked",
        409,
        "Admin token already revoked",
        """This admin token was revoked before; nothing changed.""",
    ),
    kind(
        "own-admin-token",
        409,
        "Own admin token",
        """An admin token cannot revoke itself: the caller would lock themselves out. Revoke
        it with another admin token.""",
    ),
    kind(
        "feedback-already-given",
        409,
        "Feedback already given",
        """The customer already answered the survey for this invoice; one answer counts.""",
    ),
    kind(
        "thank-you-already-queued",
        409,
        "Thank-you already queued",
        """A thank-you e-mail for this invoice is already due or sent; it is sent at most
        once.""",
    ),
    kind(
        "not-open-for-review",
        409,
        "Not open for review",
        """The item exists but there is nothing to decide: it was resolved already, or is still
        being worked on. Reload the review list.""",
    ),
    kind(
        "message-not-rebuildable",
        409,
        "Message not rebuildable",
        """This message cannot be shown as it was built: it was held before it was rendered, or
        recorded before the facts it was built from were kept.""",
    ),
)
