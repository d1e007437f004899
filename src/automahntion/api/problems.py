"""Every refusal as RFC 9457 problem+json, mapped here and nowhere else: each to one kind of
`api/problem_kinds/`, whose status and title it answers with."""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.params import ParameterKwarg
from litestar.plugins.problem_details import (
    ProblemDetailsConfig,
    ProblemDetailsException,
    ProblemDetailsPlugin,
)

from automahntion.api.problem_kinds import KINDS
from automahntion.api.problem_kinds.kind import ProblemKind
from automahntion.app.billing.payments import PaymentRefused, PaymentsUnavailable
from automahntion.app.lexoffice.ports import (
    LexofficeDisconnected,
    LexofficeUnavailable,
    TokenRefused,
)
from automahntion.app.mail.ports import MailRefused
from automahntion.app.mail.rendering import TemplateInvalid
from automahntion.domain.errors import DomainError, ValidationFailed

PROBLEM_BASE = "/problems/"


def problem_type(code: str) -> str:
    return PROBLEM_BASE + code


CHALLENGE = {"WWW-Authenticate": "Bearer"}
"""Sent with every 401 (RFC 6750), unless the refusal names a more precise challenge."""


def _problem(
    code: str,
    detail: str,
    *,
    status: int | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    exception: type[ProblemDetailsException] = ProblemDetailsException,
) -> ProblemDetailsException:
    kind: ProblemKind = KINDS[code]
    return exception(
        detail=detail,
        status_code=status or kind.status,
        type_=problem_type(code),
        title=kind.title,
        extra=extra,
        headers=headers,
    )


def _domain(error: DomainError) -> ProblemDetailsException:
    extra = None
    if isinstance(error, ValidationFailed):
        extra = {"errors": [{"field": p.field, "message": p.message} for p in error.problems]}
    code = error.code if error.code in KINDS else DomainError.code
    headers = CHALLENGE if KINDS[code].status == 401 else None
    return _problem(code, str(error), extra=extra, headers=headers)


def _disconnected(error: LexofficeDisconnected) -> ProblemDetailsException:
    return _problem("lexoffice-not-connected", str(error))


def _unavailable(error: LexofficeUnavailable) -> ProblemDetailsException:
    return _problem("lexoffice-unavailable", str(error))


def _refused(error: TokenRefused) -> ProblemDetailsException:
    return _problem(
        "lexoffice-authorization-refused", f"lexoffice refused the authorization: {error}"
    )


def _mail_refused(error: MailRefused) -> ProblemDetailsException:
    return _problem("mail-refused", f"the mail server refused the message: {error.reason}")


def _template_invalid(error: TemplateInvalid) -> ProblemDetailsException:
    return _problem("template-invalid", f"the template cannot be used for this invoice: {error}")


HTTP_TYPES = {
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


def http_type(status: int) -> str:
    return HTTP_TYPES.get(status, "internal-error" if status >= 500 else "error")


def _http(error: HTTPException) -> ProblemDetailsException:
    status = error.status_code
    headers = {**CHALLENGE, **(error.headers or {})} if status == 401 else error.headers
    code = http_type(status)
    problem = _problem(code, error.detail, status=status, headers=headers)
    if KINDS[code].status != status and status in HTTPStatus._value2member_map_:
        problem.title = HTTPStatus(status).phrase
    return problem


BODY_ARGUMENT = "data"
"""The handlers' argument for the body, which Litestar names for a body missing or `null`."""


_MISSING = re.compile(r"Missing required (\w+) parameter '([^']+)'")
"""Litestar's refusal of a request without a required parameter: a sentence, no field."""


def _field_of(item: Any) -> dict[str, str]:
    if not isinstance(item, dict):
        missing = _MISSING.match(str(item))
        if missing is not None:
            return {"field": missing[2], "message": f"is required (a {missing[1]} parameter)"}
        return {"field": "body", "message": str(item)}
    field = str(item.get("key") or item.get("source") or "body")
    message = str(item.get("message", "is not valid"))
    if field == BODY_ARGUMENT and item.get("source") == "body":
        field = "body"
        if message == repr(BODY_ARGUMENT):
            message = "is required: a JSON document"
    return {"field": field, "message": message}


def _invalid_request(error: ValidationException) -> ProblemDetailsException:
    """Litestar's own 400 for a body or parameter it could not read, as our 422 that names
    the field (the same shape as the rules' `ValidationFailed`)."""
    items = error.extra if isinstance(error.extra, list) else [error.extra or error.detail]
    errors = [_field_of(item) for item in items]
    return _problem(
        ValidationFailed.code,
        _detail(errors),
        extra={"errors": errors},
        exception=_InvalidRequest,
    )


def _detail(errors: list[dict[str, str]]) -> str:
    return "; ".join(f"{e['field']}: {e['message']}" for e in errors)


def _parameter_names(request: Request[Any, Any, Any]) -> dict[str, str]:
    """Handler argument → the parameter's name in the API, where they differ."""
    handler = request.scope.get("route_handler")
    parameters = getattr(getattr(handler, "parsed_fn_signature", None), "parameters", {})
    return {
        argument: definition.name
        for argument, field in parameters.items()
        if isinstance(definition := field.kwarg_definition, ParameterKwarg)
        and definition.name
        and definition.name != argument
    }


class _InvalidRequest(ProblemDetailsException):
    """Names each parameter as the caller spelt it (`updatedSince`, `from`), not as Litestar
    does, by the handler's argument (`updated_since`, `from_month`)."""

    def to_response(self, request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
        names = _parameter_names(request)
        if names and isinstance(self.extra, dict):
            errors = [
                {**error, "field": names.get(error["field"], error["field"])}
                for error in self.extra["errors"]
            ]
            self.extra, self.detail = {"errors": errors}, _detail(errors)
        return super().to_response(request)


def _payments_failed(error: PaymentsUnavailable | PaymentRefused) -> ProblemDetailsException:
    """The payment provider down or refusing what we asked is its failure, not the caller's."""
    kind = "unavailable" if isinstance(error, PaymentsUnavailable) else "refused"
    return _problem(f"payments-{kind}", str(error))


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
