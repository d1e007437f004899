"""Route decorators that document each operation the same way in the OpenAPI document.

- The handler's docstring is its documentation: the first line the operation's summary, the
  rest its description (Markdown).
- Litestar documents its own plain-JSON 400 unless a handler names its error responses, and a
  generated client drops responses it cannot parse: so every operation declares each error
  status it can answer with, as `Problem` in `application/problem+json`.
- The security it takes: a bearer credential, and — for a scope a tenant can grant — an
  OAuth access token with that scope; public routes declare that they take none.
- The headers of every answer and the `Idempotency-Key` of unsafe requests
  (`api/openapi_components.py`); `conditional=True` on a route that answers with an `ETag`
  adds `If-None-Match` and 304 (GET) or `If-Match` (writes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from inspect import cleandoc
from typing import Any

import litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Operation
from litestar.types import AnyCallable

from automahntion.api.openapi_components import BEARER, OAUTH2, Traits, operation_class
from automahntion.api.schemas import Problem
from automahntion.api.scopes import TENANT_SCOPES

PROBLEM_MEDIA_TYPE = "application/problem+json"
OWN_BUDGET = "own_rate_budget"
"""`opt` key of routes that spend their budget themselves (the signed webhooks)."""
NOT_RATE_LIMITED = "not_rate_limited"
"""`opt` key of routes no request budget applies to (health and readiness)."""
UNSAFE = frozenset({"POST", "PUT", "PATCH"})
"""The methods that take an `Idempotency-Key` (`api/idempotency.py`), on every route that
takes credentials: a tenant's and the admin API's."""
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
    412: "`If-Match` names a version that is no longer current; nothing was changed",
    413: "The request body is too large",
    422: "A field or parameter was refused; `errors` names each",
    429: "Rate limit reached; retry after `Retry-After` seconds",
    502: "An outside service (lexoffice, a mail server) failed or refused",
    503: "Not available: a setting is missing or something it needs is unreachable",
}


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


def docs_of(fn: AnyCallable) -> tuple[str | None, str | None]:
    """Summary (the docstring's first line, without its full stop) and description."""
    if not fn.__doc__:
        return None, None
    summary, _, rest = cleandoc(fn.__doc__).partition("\n")
    return summary.strip().removesuffix("."), rest.strip() or None


def security_for(scope: str | None) -> list[dict[str, list[str]]]:
    if scope in TENANT_SCOPES:
        return [{BEARER: []}, {OAUTH2: [scope]}]
    return [{BEARER: []}]


def _options(
    fn: AnyCallable, method: str, kwargs: dict[str, Any], scope: str | None, public: bool
) -> dict[str, Any]:
    kwargs = dict(kwargs)
    base = PUBLIC_PROBLEM_RESPONSES if public else TENANT_PROBLEM_RESPONSES
    opt = dict(kwargs.pop("opt", None) or {})
    if scope is not None:
        opt["scope"] = scope
    if public:
        opt[PUBLIC] = True
    else:
        kwargs.setdefault("security", security_for(scope))
    summary, description = docs_of(fn)
    kwargs.setdefault("summary", summary)
    kwargs.setdefault("description", description)
    conditional = kwargs.pop("conditional", False)
    traits = Traits(
        credentials=not public,
        rate_limited=not (opt.get(OWN_BUDGET) or opt.get(NOT_RATE_LIMITED)),
        idempotency_key=method in UNSAFE and not public,
        conditional=("read" if method == "GET" else "write") if conditional else None,
    )
    kwargs["operation_class"] = operation_class(traits, kwargs.get("operation_class", Operation))
    return {"responses": {**base, **(kwargs.pop("responses", None) or {})}, "opt": opt, **kwargs}


Path = str | Sequence[str] | None
Decorator = Callable[[AnyCallable], HTTPRouteHandler]


def _route(
    method: str, path: Path, scope: str | None, public: bool, kwargs: dict[str, Any]
) -> Decorator:
    route = getattr(litestar, method.lower())

    def decorate(fn: AnyCallable) -> HTTPRouteHandler:
        handler: HTTPRouteHandler = route(path, **_options(fn, method, kwargs, scope, public))(fn)
        return handler

    return decorate


def get(
    path: Path = None, *, scope: str | None = None, public: bool = False, **kw: Any
) -> Decorator:
    return _route("GET", path, scope, public, kw)


def post(
    path: Path = None, *, scope: str | None = None, public: bool = False, **kw: Any
) -> Decorator:
    return _route("POST", path, scope, public, kw)


def put(
    path: Path = None, *, scope: str | None = None, public: bool = False, **kw: Any
) -> Decorator:
    return _route("PUT", path, scope, public, kw)


def patch(
    path: Path = None, *, scope: str | None = None, public: bool = False, **kw: Any
) -> Decorator:
    return _route("PATCH", path, scope, public, kw)


def delete(
    path: Path = None, *, scope: str | None = None, public: bool = False, **kw: Any
) -> Decorator:
    return _route("DELETE", path, scope, public, kw)
