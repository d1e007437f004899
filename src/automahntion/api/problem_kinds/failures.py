"""Problem kinds for failures of others (lexoffice, the mail server, the payment provider), and
of ours."""

from __future__ import annotations

from automahntion.api.problem_kinds.kind import ProblemKind, kind

FAILURES: tuple[ProblemKind, ...] = (
    kind(
        "lexoffice-unavailable",
        502,
        "lexoffice unavailable",
        """lexoffice did not answer in time or failed. Nothing was changed; try again
        later.""",
    ),
    kind(
        "mail-refused",
        502,
        "Mail refused",
        """The mail server refused the message; `detail` gives its reason (e.g. a rejected
        sender or recipient, or failed login on the tenant's own SMTP server).""",
    ),
    kind(
        "payments-unavailable",
        502,
        "Payments unavailable",
        """The payment provider did not answer in time or failed. Retrying the request
        with the same `Idempotency-Key` is safe.""",
    ),
    kind(
        "payments-refused",
        502,
        "Payments refused",
        """The payment provider refused what was asked (e.g. an invalid IBAN for the
        mandate); `detail` gives its reason.""",
    ),
    kind(
        "unavailable",
        503,
        "Service Unavailable",
        """Not available now: a setting this needs is missing on the server (e.g. a
        webhook secret) or something it needs cannot be reached. Try again later or tell
        the operator.""",
    ),
    kind(
        "internal-error",
        500,
        "Internal Server Error",
        """A failure of ours. It was logged with the request id that `detail` and the
        `X-Request-Id` header name: quote it when you report it. Retrying with the same
        `Idempotency-Key` is safe.""",
    ),
    kind(
        "error",
        400,
        "Error",
        """An HTTP error without a kind of its own; the status code and `detail` say what
        happened.""",
    ),
)
