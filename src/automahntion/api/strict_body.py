"""JSON bodies are read as their JSON Schema says: `0` is not `false` and `"5"` is not `5`,
while `25.0` is the integer 25 (JSON Schema counts integral numbers as integers).

Litestar converts request data leniently (msgspec `strict=False`, needed for query strings),
which would accept bodies the OpenAPI schema forbids. This middleware converts the body of
every route whose `data` is a msgspec type with `strict=True` first, and refuses a mismatch
the way Litestar refuses other invalid data (our 422 naming the field)."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

WITH_BODY = frozenset({"POST", "PUT", "PATCH"})
_PATH = " - at `$."


def _body_type(scope: Scope) -> Any:
    handler: Any = scope.get("route_handler")
    if handler is None:
        return None
    field = handler.parsed_fn_signature.parameters.get("data")
    if field is None or field.annotation in (Any, bytes, str, dict):
        return None
    return field.annotation


def _problem(error: msgspec.ValidationError) -> ValidationException:
    message = str(error)
    text, _, where = message.partition(_PATH)
    key = where.rstrip("`").split("[", 1)[0].split(".", 1)[0] if where else "body"
    return ValidationException(
        detail="Validation failed",
        extra=[{"message": text, "key": key, "source": "body"}],
    )


def _integral(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integral(item) for item in value]
    if isinstance(value, dict):
        return {key: _integral(item) for key, item in value.items()}
    return value


class StrictBodyMiddleware(ASGIMiddleware):
    scopes = ("http",)  # type: ignore[assignment]

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        kind = _body_type(scope) if scope.get("method") in WITH_BODY else None
        if kind is not None:
            body = await Request[Any, Any, Any](scope, receive).body()
            if body:
                try:
                    document = msgspec.json.decode(body)
                except msgspec.DecodeError:
                    document = None  # not JSON at all: Litestar answers that itself
                if document is not None:
                    try:
                        msgspec.convert(_integral(document), kind, strict=True)
                    except msgspec.ValidationError as error:
                        raise _problem(error) from None
        await next_app(scope, receive, send)
