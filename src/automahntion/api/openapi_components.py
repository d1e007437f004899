"""What the OpenAPI document declares once and every operation refers to: the headers the
middlewares send or read (request id, rate limit, idempotency, ETag/If-Match) and the two
ways to authenticate (a bearer credential, or OAuth 2.0 authorization code with PKCE).

Each route picks its operation class in `api/routing.py`; the class adds the references, so
no handler repeats them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from litestar.openapi.spec import (
    Components,
    OAuthFlow,
    OAuthFlows,
    OpenAPIHeader,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    Reference,
    Schema,
    SecurityScheme,
)

from automahntion.app.idempotency.replay import MAX_KEY_LENGTH

BEARER = "bearer"
"""The security scheme of API keys, OAuth access tokens and admin tokens alike."""
OAUTH2 = "oauth2"
"""The security scheme that names the scope an OAuth access token needs."""

AUTHORIZE_URL = "/oauth/authorize"
TOKEN_URL = "/oauth/token"

REQUEST_ID = "X-Request-Id"
RATE_LIMIT = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy")
RETRY_AFTER = "Retry-After"
IDEMPOTENT_REPLAYED = "Idempotent-Replayed"
ETAG = "ETag"
IDEMPOTENCY_KEY = "Idempotency-Key"
IF_MATCH = "If-Match"
IF_NONE_MATCH = "If-None-Match"

_TEXT = Schema(type=OpenAPIType.STRING)
PRINTABLE_ASCII = "^[!-~](?:[ -~]*[!-~])?$"
"""Printable, and without the spaces around it that HTTP drops from a header's value."""
_SECONDS = Schema(type=OpenAPIType.INTEGER, minimum=0)

HEADERS: dict[str, OpenAPIHeader] = {
    REQUEST_ID: OpenAPIHeader(
        schema=Schema(type=OpenAPIType.STRING, max_length=128, examples=["5f0c6a3e9b1d4c07"]),
        description=(
            "The id of this request: the caller's own `X-Request-Id` when it sent a usable "
            "one (letters, digits, `._:-`, at most 128), otherwise one made by the server. "
            "Every log line of the request carries it; quote it when asking for support."
        ),
    ),
    "RateLimit-Limit": OpenAPIHeader(
        schema=_SECONDS,
        description="Requests the credential (or, without one, the client address) may make "
        "per window.",
    ),
    "RateLimit-Remaining": OpenAPIHeader(
        schema=_SECONDS, description="Requests left in the current window."
    ),
    "RateLimit-Reset": OpenAPIHeader(
        schema=_SECONDS, description="Seconds until the current window ends."
    ),
    "RateLimit-Policy": OpenAPIHeader(
        schema=Schema(type=OpenAPIType.STRING, examples=["600; w=60"]),
        description="The limit and its window in seconds (`<limit>; w=<seconds>`).",
    ),
    RETRY_AFTER: OpenAPIHeader(
        schema=_SECONDS, description="Seconds to wait before the next request is admitted."
    ),
    IDEMPOTENT_REPLAYED: OpenAPIHeader(
        schema=Schema(type=OpenAPIType.STRING, enum=["true"]),
        description="Present when this is the stored answer to an earlier request with the "
        "same `Idempotency-Key`: nothing was done again.",
    ),
    ETAG: OpenAPIHeader(
        schema=Schema(type=OpenAPIType.STRING, examples=['"7-2026-03-02"']),
        description="The version of what was answered; send it back as `If-None-Match` (a "
        "read answers 304 while it holds) or `If-Match` (a write answers 412 when it no "
        "longer holds).",
    ),
}

PARAMETERS: dict[str, Parameter] = {
    IDEMPOTENCY_KEY: Parameter(
        name=IDEMPOTENCY_KEY,
        param_in="header",
        required=False,
        schema=Schema(
            type=OpenAPIType.STRING,
            min_length=1,
            max_length=MAX_KEY_LENGTH,
            pattern=PRINTABLE_ASCII,
            examples=["0b6f5c1e-4c1a-4a8e-9a55-3f1e2d7c9b10"],
        ),
        description=(
            "Makes the request safe to repeat: within 24 hours the same key with the same "
            "body answers what the first request answered (with `Idempotent-Replayed: true`) "
            "and does nothing twice; the same key with another body answers 409. Keys belong "
            "to the credential that sent them. A UUID per intended change is a good key."
        ),
    ),
    IF_MATCH: Parameter(
        name=IF_MATCH,
        param_in="header",
        required=False,
        schema=_TEXT,
        description="The `ETag` the change is based on: when it no longer holds, the change "
        "is refused with 412 and nothing is written.",
    ),
    IF_NONE_MATCH: Parameter(
        name=IF_NONE_MATCH,
        param_in="header",
        required=False,
        schema=_TEXT,
        description="An `ETag` the caller holds: 304 without a body while it still holds.",
    ),
}


def header_ref(name: str) -> Reference:
    return Reference(ref=f"#/components/headers/{name}")


def parameter_ref(name: str) -> Reference:
    return Reference(ref=f"#/components/parameters/{name}")


def security_schemes(scopes: dict[str, str]) -> dict[str, SecurityScheme | Reference]:
    return {
        BEARER: SecurityScheme(
            type="http",
            scheme="bearer",
            description=(
                "`Authorization: Bearer <credential>`: an API key of the tenant (`amk_…`, "
                "created in the account or with `POST /v1/api-keys`; every scope unless it "
                "was limited), an OAuth access token of a widget (the scopes the tenant "
                "granted), or an admin token (`ama_…`, the `/v1/admin` routes only)."
            ),
        ),
        OAUTH2: SecurityScheme(
            type="oauth2",
            description=(
                "For widgets and apps acting for a tenant: the authorization code flow with "
                "PKCE (S256), this service being the authorization server (metadata at "
                "`/.well-known/oauth-authorization-server`). Clients are registered by the "
                "operator; the tenant confirms the scopes on the consent page. The access "
                "token is sent as `Authorization: Bearer …`."
            ),
            flows=OAuthFlows(
                authorization_code=OAuthFlow(
                    authorization_url=AUTHORIZE_URL,
                    token_url=TOKEN_URL,
                    refresh_url=TOKEN_URL,
                    scopes=scopes,
                )
            ),
        ),
    }


def components(scopes: dict[str, str]) -> Components:
    return Components(
        headers=dict(HEADERS),
        parameters=dict(PARAMETERS),
        security_schemes=security_schemes(scopes),
    )


@dataclass(frozen=True)
class Traits:
    """What an operation's route does beyond its handler, as the middlewares see it."""

    credentials: bool = True
    rate_limited: bool = True
    idempotency_key: bool = False
    conditional: Literal["read", "write"] | None = None
    """`read`: answers with an `ETag` and 304 for a held `If-None-Match`; `write`: takes
    `If-Match`."""


def _not_modified(answer: list[str]) -> OpenAPIResponse:
    return OpenAPIResponse(
        description="Not Modified: the `ETag` sent as `If-None-Match` still holds",
        headers={name: header_ref(name) for name in [*answer, ETAG]},
    )


def document(operation: Operation, traits: Traits) -> None:
    """Adds to `operation` the headers and parameters its route's traits mean."""
    answer = [REQUEST_ID, *(RATE_LIMIT if traits.rate_limited else ())]
    parameters = list(operation.parameters or [])
    for status, response in (operation.responses or {}).items():
        if isinstance(response, Reference):
            continue
        names = [*answer]
        if status == "429":
            names.append(RETRY_AFTER)
        if traits.idempotency_key:
            names.append(IDEMPOTENT_REPLAYED)
        if traits.conditional and status.startswith("2"):
            names.append(ETAG)
        response.headers = {
            **{name: header_ref(name) for name in names},
            **(response.headers or {}),
        }
    if traits.idempotency_key:
        parameters.append(parameter_ref(IDEMPOTENCY_KEY))
    if traits.conditional == "read":
        parameters.append(parameter_ref(IF_NONE_MATCH))
        operation.responses = {**(operation.responses or {}), "304": _not_modified(answer)}
    elif traits.conditional == "write":
        parameters.append(parameter_ref(IF_MATCH))
    operation.parameters = parameters or None
    if not traits.credentials:
        operation.security = []


_CLASSES: dict[tuple[Traits, type[Operation]], type[Operation]] = {}


def operation_class(traits: Traits, base: type[Operation] = Operation) -> type[Operation]:
    """`base` (a route's own operation class, or Litestar's) documenting these traits too."""
    key = (traits, base)
    if key not in _CLASSES:
        own = getattr(base, "__post_init__", None)

        def __post_init__(self: Operation) -> None:
            if own is not None:
                own(self)
            document(self, traits)

        _CLASSES[key] = dataclass(type(base.__name__, (base,), {"__post_init__": __post_init__}))
    return _CLASSES[key]
