"""Every refusal as RFC 9457 problem+json, mapped here and nowhere else."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from litestar.exceptions import HTTPException, ValidationException
from litestar.plugins.problem_details import (
    ProblemDetailsConfig,
    ProblemDetailsException,
    ProblemDetailsPlugin,
)

from automahntion.app.billing.payments import PaymentRefused, PaymentsUnavailable
from automahntion.app.billing.subscription import BillingConflict
from automahntion.app.errors import AlreadyExists, NotFound, PreconditionFailed
from automahntion.app.idempotency.replay import RequestInProgress
from automahntion.app.lexoffice.connect import ConnectStateInvalid, LexofficeKeyRefused
from automahntion.app.lexoffice.ports import (
    LexofficeDisconnected,
    LexofficeUnavailable,
    TokenRefused,
)
from automahntion.app.mail.ports import MailRefused
from automahntion.app.mail.rendering import TemplateInvalid
from automahntion.app.messages.rebuild import NotRebuildable
from automahntion.app.review.items import NotOpenForReview
from automahntion.app.tenants.account_email import AccountMailLimitReached
from automahntion.domain.errors import (
    DomainError,
    FeedbackAlreadyGiven,
    RuleViolated,
    ThankYouAlreadyQueued,
    ValidationFailed,
)

PROBLEM_BASE = "/problems/"

_STATUS: tuple[tuple[type[Exception], int], ...] = (
    (NotFound, 404),
    (PreconditionFailed, 412),
    (RuleViolated, 409),
    (ValidationFailed, 422),
    (AlreadyExists, 409),
    (FeedbackAlreadyGiven, 409),
    (ThankYouAlreadyQueued, 409),
    (RequestInProgress, 409),
    (ConnectStateInvalid, 409),
    (LexofficeKeyRefused, 409),
    (BillingConflict, 409),
    (NotOpenForReview, 409),
    (NotRebuildable, 409),
    (AccountMailLimitReached, 429),
)


def problem_type(code: str) -> str:
    return PROBLEM_BASE + code


def _domain(error: DomainError) -> ProblemDetailsException:
    status = next((s for kind, s in _STATUS if isinstance(error, kind)), 422)
    extra = None
    if isinstance(error, ValidationFailed):
        extra = {"errors": [{"field": p.field, "message": p.message} for p in error.problems]}
    return ProblemDetailsException(
        detail=str(error),
        status_code=status,
        type_=problem_type(error.code),
        title=error.code.replace("-", " "),
        extra=extra,
    )


def _disconnected(error: LexofficeDisconnected) -> ProblemDetailsException:
    return ProblemDetailsException(
        detail=str(error),
        status_code=409,
        type_=problem_type("lexoffice-not-connected"),
        title="lexoffice not connected",
    )


def _unavailable(error: LexofficeUnavailable) -> ProblemDetailsException:
    return ProblemDetailsException(
        detail=str(error),
        status_code=502,
        type_=problem_type("lexoffice-unavailable"),
        title="lexoffice unavailable",
    )


def _refused(error: TokenRefused) -> ProblemDetailsException:
    return ProblemDetailsException(
        detail=f"lexoffice refused the authorization: {error}",
        status_code=400,
        type_=problem_type("lexoffice-authorization-refused"),
        title="lexoffice authorization refused",
    )


def _mail_refused(error: MailRefused) -> ProblemDetailsException:
    return ProblemDetailsException(
        detail=f"the mail server refused the message: {error.reason}",
        status_code=502,
        type_=problem_type("mail-refused"),
        title="mail refused",
    )


def _template_invalid(error: TemplateInvalid) -> ProblemDetailsException:
    return ProblemDetailsException(
        detail=f"the template cannot be used for this invoice: {error}",
        status_code=422,
        type_=problem_type("template-invalid"),
        title="template invalid",
    )


_HTTP_TYPES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    413: "request-too-large",
    415: "unsupported-media-type",
    429: "rate-limited",
    503: "unavailable",
}


CHALLENGE = {"WWW-Authenticate": "Bearer"}
"""Sent with every 401 (RFC 6750), unless the refusal names a more precise challenge."""


def _http(error: HTTPException) -> ProblemDetailsException:
    status = error.status_code
    headers = {**CHALLENGE, **(error.headers or {})} if status == 401 else error.headers
    return ProblemDetailsException(
        detail=error.detail,
        status_code=status,
        type_=problem_type(_HTTP_TYPES.get(status, "internal-error" if status >= 500 else "error")),
        title=HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error",
        headers=headers,
    )


def _field_of(item: Any) -> dict[str, str]:
    if not isinstance(item, dict):
        return {"field": "body", "message": str(item)}
    field = item.get("key") or item.get("source") or "body"
    return {"field": str(field), "message": str(item.get("message", "is not valid"))}


def _invalid_request(error: ValidationException) -> ProblemDetailsException:
    """Litestar's own 400 for a body or parameter it could not read, as our 422 that names
    the field (the same shape as the rules' `ValidationFailed`)."""
    items = error.extra if isinstance(error.extra, list) else [error.extra or error.detail]
    errors = [_field_of(item) for item in items]
    return ProblemDetailsException(
        detail="; ".join(f"{e['field']}: {e['message']}" for e in errors),
        status_code=422,
        type_=problem_type(ValidationFailed.code),
        title=ValidationFailed.code.replace("-", " "),
        extra={"errors": errors},
    )


def _payments_failed(error: PaymentsUnavailable | PaymentRefused) -> ProblemDetailsException:
    """The payment provider down or refusing what we asked is its failure, not the caller's."""
    kind = "unavailable" if isinstance(error, PaymentsUnavailable) else "refused"
    return ProblemDetailsException(
        detail=str(error),
        status_code=502,
        type_=problem_type(f"payments-{kind}"),
        title=f"payments {kind}",
    )


def problem_details_plugin() -> ProblemDetailsPlugin:
    return ProblemDetailsPlugin(
        ProblemDetailsConfig(
            enable_for_all_http_exceptions=True,
            exception_to_problem_detail_map={
                HTTPException: _http,
                ValidationException: _invalid_request,
                DomainError: _domain,
                LexofficeDisconnected: _disconnected,
                LexofficeUnavailable: _unavailable,
                TokenRefused: _refused,
                MailRefused: _mail_refused,
                TemplateInvalid: _template_invalid,
                PaymentsUnavailable: _payments_failed,
                PaymentRefused: _payments_failed,
            },
        )
    )
