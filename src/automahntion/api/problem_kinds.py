"""Every kind of problem the API answers with: its `type` code, status, title and what it means
to the caller. `api/problems.py` maps each refusal to one of these (its status and title come
from here), and `/problems/{code}` serves each as a page (`api/problem_pages.py`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProblemKind:
    code: str
    status: int
    title: str
    description: str
    """What happened and what the caller can do (Markdown-free, one paragraph or two)."""


def _kind(code: str, status: int, title: str, description: str) -> ProblemKind:
    return ProblemKind(code, status, title, " ".join(description.split()))


PROBLEM_KINDS: tuple[ProblemKind, ...] = (
    # Requests the API could not take as they were.
    _kind(
        "bad-request",
        400,
        "Bad Request",
        """The request could not be read: a body that is not valid UTF-8 or JSON, or nests
        too deep. Fix the request; repeating it unchanged gets the same answer.""",
    ),
    _kind(
        "validation-failed",
        422,
        "Validation failed",
        """A field, parameter or header was refused. `errors` names each one (`field`, e.g.
        `levels.M2.daysAfterDue` or `cursor`) with the reason; a field the schema does not
        know is refused too. Correct the named fields and send again.""",
    ),
    _kind(
        "rule-violated",
        409,
        "Rule violated",
        """The input is well-formed but breaks a rule across fields or against what is
        stored or today's date (e.g. a level due before the one it follows). `errors`
        names the fields concerned.""",
    ),
    _kind(
        "invalid-level-settings",
        409,
        "Invalid level settings",
        """The dunning levels would break a rule together: levels must follow each other
        in time, fees and interest must fit the level kinds. `errors` names each field.""",
    ),
    _kind(
        "invalid-feedback",
        422,
        "Invalid feedback",
        """The feedback form was incomplete or out of range (a rating from 1 to 5 and a
        comment of limited length). `errors` names the field.""",
    ),
    _kind(
        "domain-error",
        422,
        "Refused",
        """A rule refused the request; `detail` says which. Change the request as the
        detail says.""",
    ),
    _kind(
        "no-base-rate",
        422,
        "No base rate",
        """Default interest cannot be computed for that day: no base interest rate of the
        Bundesbank is known for it yet. Try again once the rate is published, or leave
        interest out.""",
    ),
    # Credentials and permissions.
    _kind(
        "unauthorized",
        401,
        "Unauthorized",
        """No credentials, or credentials that are unknown, expired or revoked (or a
        webhook whose signature did not verify). Send `Authorization: Bearer <API key or
        access token>`; for an expired OAuth access token, use the refresh token first.""",
    ),
    _kind(
        "forbidden",
        403,
        "Forbidden",
        """The credentials are valid but may not do this: the OAuth token or the limited
        API key lacks the scope the operation names, an admin route was called without an
        admin token, or a tenant route with one. Ask for the scope, or use a key without
        limits.""",
    ),
    _kind(
        "grant-already-used",
        422,
        "Grant already used",
        """This authorization code or refresh token was used before. For safety the tokens
        issued from it are revoked: start the authorization again.""",
    ),
    # Missing things.
    _kind(
        "not-found",
        404,
        "Not Found",
        """There is no such object, or it belongs to another tenant (which is answered the
        same way), or no such path.""",
    ),
    _kind(
        "precondition-failed",
        412,
        "Precondition Failed",
        """The `If-Match` sent with a change names a version that is no longer the stored
        one: someone changed the resource since it was read, and nothing was written. Read
        it again (its `ETag` comes with the answer), apply the change to what is stored now
        and send it with the new `ETag`.""",
    ),
    _kind(
        "method-not-allowed",
        405,
        "Method Not Allowed",
        """The path exists but not with this HTTP method; `Allow` lists the methods it
        takes.""",
    ),
    _kind(
        "request-too-large",
        413,
        "Request Entity Too Large",
        """The request body is larger than the API takes (1 MiB; a logo less, see its
        operation).""",
    ),
    _kind(
        "unsupported-media-type",
        415,
        "Unsupported Media Type",
        """The body's `Content-Type` is not one the operation reads: send
        `application/json` (or the image type a logo upload names).""",
    ),
    # Conflicts with what is stored.
    _kind(
        "already-exists",
        409,
        "Already exists",
        """This would create something that exists already (a unique name, number or
        registration). Read the existing one instead.""",
    ),
    _kind(
        "level-already-claimed",
        409,
        "Level already claimed",
        """This dunning level was already claimed or sent for this invoice: each level is
        sent at most once.""",
    ),
    _kind(
        "idempotency-key-reused",
        409,
        "Idempotency key reused",
        """The `Idempotency-Key` was used before with another method, path or body. Use a
        new key for a new request; repeat a request only with its own key and the same
        body.""",
    ),
    _kind(
        "idempotent-request-in-progress",
        409,
        "Request in progress",
        """A request with the same `Idempotency-Key` is still being answered. Wait a moment
        and repeat it with the same key: you get its answer.""",
    ),
    _kind(
        "no-level-enabled",
        409,
        "No level enabled",
        """This would leave no dunning level switched on. Keep at least one level enabled,
        or pause dunning instead.""",
    ),
    _kind(
        "api-key-already-revoked",
        409,
        "API key already revoked",
        """This API key was revoked before; nothing changed.""",
    ),
    _kind(
        "last-api-key",
        409,
        "Last API key",
        """This is the tenant's last API key without limits: revoking it would lock the
        tenant out. Create another key first.""",
    ),
    _kind(
        "admin-token-already-revoked",
        409,
        "Admin token already revoked",
        """This admin token was revoked before; nothing changed.""",
    ),
    _kind(
        "own-admin-token",
        409,
        "Own admin token",
        """An admin token cannot revoke itself: the caller would lock themselves out. Revoke
        it with another admin token.""",
    ),
    _kind(
        "feedback-already-given",
        409,
        "Feedback already given",
        """The customer already answered the survey for this invoice; one answer counts.""",
    ),
    _kind(
        "thank-you-already-queued",
        409,
        "Thank-you already queued",
        """A thank-you e-mail for this invoice is already due or sent; it is sent at most
        once.""",
    ),
    _kind(
        "not-open-for-review",
        409,
        "Not open for review",
        """The item exists but there is nothing to decide: it was resolved already, or is still
        being worked on. Reload the review list.""",
    ),
    _kind(
        "message-not-rebuildable",
        409,
        "Message not rebuildable",
        """This message cannot be shown as it was built: it was held before it was rendered, or
        recorded before the facts it was built from were kept.""",
    ),
    _kind(
        "connect-state-invalid",
        409,
        "Connect state invalid",
        """The lexoffice connect link was used twice, came from another session or expired.
        Start connecting again with `GET /v1/lexoffice/connect`.""",
    ),
    _kind(
        "lexoffice-key-refused",
        409,
        "lexoffice key refused",
        """lexoffice refused the private API key. Check that it was copied whole and is
        still valid in lexoffice's settings (Erweiterungen → Öffentliche API).""",
    ),
    _kind(
        "lexoffice-not-connected",
        409,
        "lexoffice not connected",
        """The tenant has no working lexoffice connection (never connected, disconnected,
        or lexoffice revoked the authorization). Connect lexoffice again.""",
    ),
    _kind(
        "lexoffice-authorization-refused",
        400,
        "lexoffice authorization refused",
        """lexoffice refused to grant the authorization (the user declined, or the code was
        not valid). Start connecting again.""",
    ),
    _kind(
        "template-invalid",
        422,
        "Template invalid",
        """The text template cannot be used for this invoice: it names a placeholder that
        does not exist or does not render. `detail` says where; fix the template.""",
    ),
    _kind(
        "billing-conflict",
        409,
        "Billing conflict",
        """The subscription is not in a state that allows this change (e.g. no SEPA
        mandate yet, or the plan chosen already).""",
    ),
    _kind(
        "payments-not-configured",
        409,
        "Payments not configured",
        """This installation takes no payments (no payment provider is configured): plans
        are set by the operator.""",
    ),
    _kind(
        "smtp-addon-already-bought",
        409,
        "SMTP add-on already bought",
        """The tenant has the own-mail-server add-on already.""",
    ),
    _kind(
        "charge-not-failed",
        409,
        "Charge not failed",
        """Only a failed charge can be retried; this one is pending or paid.""",
    ),
    # Limits.
    _kind(
        "rate-limited",
        429,
        "Too Many Requests",
        """The credential (or, without one, the client address) has spent its request
        budget for this window. Wait the seconds `Retry-After` names; the `RateLimit-*`
        headers on every answer show the budget before it runs out.""",
    ),
    _kind(
        "account-mail-limit-reached",
        429,
        "Account mail limit reached",
        """Too many account e-mails (confirmations, test messages) were sent for this
        tenant lately. Try again later.""",
    ),
    # Failures of others, and of ours.
    _kind(
        "lexoffice-unavailable",
        502,
        "lexoffice unavailable",
        """lexoffice did not answer in time or failed. Nothing was changed; try again
        later.""",
    ),
    _kind(
        "mail-refused",
        502,
        "Mail refused",
        """The mail server refused the message; `detail` gives its reason (e.g. a rejected
        sender or recipient, or failed login on the tenant's own SMTP server).""",
    ),
    _kind(
        "payments-unavailable",
        502,
        "Payments unavailable",
        """The payment provider did not answer in time or failed. Retrying the request
        with the same `Idempotency-Key` is safe.""",
    ),
    _kind(
        "payments-refused",
        502,
        "Payments refused",
        """The payment provider refused what was asked (e.g. an invalid IBAN for the
        mandate); `detail` gives its reason.""",
    ),
    _kind(
        "unavailable",
        503,
        "Service Unavailable",
        """Not available now: a setting this needs is missing on the server (e.g. a
        webhook secret) or something it needs cannot be reached. Try again later or tell
        the operator.""",
    ),
    _kind(
        "internal-error",
        500,
        "Internal Server Error",
        """A failure of ours. It was logged with the request id that `detail` and the
        `X-Request-Id` header name: quote it when you report it. Retrying with the same
        `Idempotency-Key` is safe.""",
    ),
    _kind(
        "error",
        400,
        "Error",
        """An HTTP error without a kind of its own; the status code and `detail` say what
        happened.""",
    ),
)

KINDS: dict[str, ProblemKind] = {kind.code: kind for kind in PROBLEM_KINDS}
