"""Route decorators that declare our problem+json errors in the OpenAPI document.

Litestar documents its own plain-JSON 400 unless a handler names its error responses, and a
generated client drops responses it cannot parse: so every operation declares each error
status it can answer with, as `Problem` in `application/problem+json`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Operation, Reference

from automahntion.api import scopes
from automahntion.api.schemas import Problem

PROBLEM_MEDIA_TYPE = "application/problem+json"
BEARER = "bearer"
"""The OpenAPI security scheme of every route that takes credentials."""
PUBLIC = "exclude_from_auth"
"""`opt` key of routes that take no credentials (health, webhooks, OAuth endpoints, …)."""
CORS = "cors"
"""`opt` key of public routes a registered widget may call from its page (token, revoke)."""

_DESCRIPTIONS = {
    400: "The request could not be read",
    401: "No, unknown, expired or revoked credentials",
    403: "The credentials lack the scope this operation needs",
    404: "No such object for this tenant",
    409: "Conflicts with the stored state (already exists, idempotency key reused, …)",
    413: "The request body is too large",
    422: "A field or parameter was refused; `errors` names each",
    429: "Rate limit reached; retry after `Retry-After` seconds",
    502: "An outside service (lexoffice, a mail server) failed or refused",
    503: "Not available: a setting is missing or something it needs is unreachable",
}


IDEMPOTENCY_KEY = "Idempotency-Key"
"""Its name in the OpenAPI document's `components.parameters` (declared in `api/app.py`)."""


@dataclass
class IdempotentOperation(Operation):
    """An operation a tenant's credential may repeat safely with an `Idempotency-Key`
    (`api/idempotency.py`). Combined with a handler's own `operation_class`, that one's
    `__post_init__` runs first."""

    def __post_init__(self) -> None:
        own = getattr(super(), "__post_init__", None)
        if own is not None:
            own()
        key = Reference(ref=f"#/components/parameters/{IDEMPOTENCY_KEY}")
        self.parameters = [*(self.parameters or []), key]


def _idempotent(kwargs: dict[str, Any]) -> type[Operation]:
    own: type[Operation] = kwargs.pop("operation_class", Operation)
    if own is Operation:
        return IdempotentOperation
    return type(f"Idempotent{own.__name__}", (IdempotentOperation, own), {})


def _problem(description: str) -> ResponseSpec:
    return ResponseSpec(
        data_container=Problem,
        media_type=PROBLEM_MEDIA_TYPE,
        description=description,
        generate_examples=False,
    )


PROBLEM_RESPONSES: dict[int, ResponseSpec] = {
    status: _problem(text) for status, text in _DESCRIPTIONS.items()
}
_DEFAULT = (400, 401, 403, 404, 409, 413, 422, 429)
TENANT_PROBLEM_RESPONSES = {s: PROBLEM_RESPONSES[s] for s in _DEFAULT}
PUBLIC_PROBLEM_RESPONSES = {
    s: r for s, r in TENANT_PROBLEM_RESPONSES.items() if s not in (401, 403)
}


def _options(
    kwargs: dict[str, Any], scope: str | None, public: bool, idempotent: bool = False
) -> dict[str, Any]:
    if idempotent and not public and scope != scopes.ADMIN:
        kwargs["operation_class"] = _idempotent(kwargs)
    base = PUBLIC_PROBLEM_RESPONSES if public else TENANT_PROBLEM_RESPONSES
    opt = dict(kwargs.pop("opt", None) or {})
    if scope is not None:
        opt["scope"] = scope
    if public:
        opt[PUBLIC] = True
    else:
        kwargs.setdefault("security", [{BEARER: []}])
    return {"responses": {**base, **(kwargs.pop("responses", None) or {})}, "opt": opt, **kwargs}


Path = str | Sequence[str] | None


def get(
    path: Path = None, *, scope: str | None = None, public: bool = False, **kw: Any
) -> HTTPRouteHandler:
    return litestar.get(path, **_options(kw, scope, public))


def post(
    path: Path = None, *, scope: str | None = None, public: bool = False, **kw: Any
) -> HTTPRouteHandler:
    return litestar.post(path, **_options(kw, scope, public, idempotent=True))


def put(
    path: Path = None, *, scope: str | None = None, public: bool = False, **kw: Any
) -> HTTPRouteHandler:
    return litestar.put(path, **_options(kw, scope, public, idempotent=True))


def patch(
    path: Path = None, *, scope: str | None = None, public: bool = False, **kw: Any
) -> HTTPRouteHandler:
    return litestar.patch(path, **_options(kw, scope, public, idempotent=True))


def delete(
    path: Path = None, *, scope: str | None = None, public: bool = False, **kw: Any
) -> HTTPRouteHandler:
    return litestar.delete(path, **_options(kw, scope, public))
