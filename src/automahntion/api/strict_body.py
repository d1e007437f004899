"""JSON bodies are read as their JSON Schema says: `0` is not `false` and `"5"` is not `5`,
while `25.0` is the integer 25 (JSON Schema counts integral numbers as integers).

Litestar converts request data leniently (msgspec `strict=False`, needed for query strings),
which would accept bodies the OpenAPI schema forbids. This middleware converts the body of
every route whose `data` is a msgspec type with `strict=True` first, and refuses a mismatch
the way Litestar refuses other invalid data (our 422 naming the field). Unknown fields are
refused too, each named (a misspelt field would otherwise be ignored in silence)."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ClientException, ValidationException
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


_OBJECTS = (msgspec.inspect.StructType, msgspec.inspect.DictType)
_ARRAYS = (msgspec.inspect.ListType, msgspec.inspect.TupleType)
_SHAPES: defaultdict[type, tuple[type, ...]] = defaultdict(tuple, {dict: _OBJECTS, list: _ARRAYS})


def _unknown(kind: msgspec.inspect.Type, value: Any, where: str) -> list[str]:
    """Where `value` has object members that `kind` does not know (`levels[0].sendinghour`)."""
    if isinstance(kind, msgspec.inspect.UnionType):
        shaped = [option for option in kind.types if isinstance(option, _SHAPES[type(value)])]
        return min((_unknown(option, value, where) for option in shaped), key=len, default=[])
    if isinstance(kind, msgspec.inspect.StructType) and isinstance(value, dict):
        fields = {field.encode_name: field.type for field in kind.fields}
        known = {*fields, kind.tag_field}
        found = [f"{where}{name}" for name in value if name not in known]
        for name, member in value.items():
            if name in fields:
                found += _unknown(fields[name], member, f"{where}{name}.")
        return found
    if isinstance(kind, msgspec.inspect.DictType) and isinstance(value, dict):
        return [
            unknown
            for name, member in value.items()
            for unknown in _unknown(kind.value_type, member, f"{where}{name}.")
        ]
    if isinstance(kind, _ARRAYS) and isinstance(value, list):
        items = getattr(kind, "item_type", None)
        if items is not None:
            return [
                unknown
                for index, member in enumerate(value)
                for unknown in _unknown(items, member, f"{where.rstrip('.')}[{index}].")
            ]
    return []


def _printable(name: str) -> str:
    """A field name as the answer may quote it: control characters (NUL too) escaped."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in name)


_type_info = functools.cache(msgspec.inspect.type_info)
"""A body's type described once per type: msgspec builds the description anew on every call,
which cost more than answering the request."""


def _unknown_fields(kind: Any, document: Any) -> ValidationException | None:
    unknown = _unknown(_type_info(kind), document, "")
    if not unknown:
        return None
    return ValidationException(
        detail="Validation failed",
        extra=[
            {"message": "unknown field", "key": _printable(name.rstrip(".")), "source": "body"}
            for name in unknown
        ],
    )


MAX_DEPTH = 32
"""No body of ours nests deeper; deeper documents are refused before anything recurses."""


def _decoded(body: bytes) -> Any:
    """The JSON document, or None for a body that is not JSON at all (Litestar answers that
    itself); 400 for invalid UTF-8 and for nesting deeper than MAX_DEPTH."""
    try:
        document = msgspec.json.decode(body)
    except msgspec.DecodeError:
        return None
    except UnicodeDecodeError as error:
        raise ClientException(f"the body is not valid UTF-8: {error.reason}") from None
    if _depth(document) > MAX_DEPTH:
        raise ClientException(f"the body nests deeper than {MAX_DEPTH} levels")
    return document


def _depth(document: Any) -> int:
    deepest, pending = 0, [(document, 0)]
    while pending:
        value, depth = pending.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        if isinstance(value, dict):
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
    return deepest


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where.rstrip("."), value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, f"{where}{name}.")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where.rstrip('.')}[{index}].")


def _nul_fields(document: Any) -> ValidationException | None:
    """NUL is no character of any text we keep (PostgreSQL refuses it in text columns)."""
    named = [where or "body" for where, text in _strings(document, "") if "\x00" in text]
    if not named:
        return None
    return ValidationException(
        detail="Validation failed",
        extra=[{"message": "contains NUL (\\u0000)", "key": k, "source": "body"} for k in named],
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
                document = _decoded(body)
                if document is not None:
                    refused = _unknown_fields(kind, document) or _nul_fields(document)
                    if refused is not None:
                        raise refused
                    try:
                        msgspec.convert(_integral(document), kind, strict=True)
                    except msgspec.ValidationError as error:
                        raise _problem(error) from None
        await next_app(scope, receive, send)
