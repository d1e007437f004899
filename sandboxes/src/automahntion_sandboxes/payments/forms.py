"""Stripe's form encoding: `items[0][price]=x&expand[]=y` into nested dicts and lists."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from automahntion_sandboxes.payments.errors import StripeError

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def _parts(key: str) -> list[str]:
    match = _KEY.match(key)
    if match is None:
        raise StripeError(400, f"Invalid parameter name: {key}", param=key)
    return [match.group(1), *re.findall(r"\[([^\[\]]*)\]", match.group(2))]


def parse(body: bytes | str) -> dict[str, Any]:
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    root: dict[str, Any] = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        parts = _parts(key)
        node: Any = root
        for index, part in enumerate(parts[:-1]):
            child_is_list = parts[index + 1] == ""
            if isinstance(node, list):
                raise StripeError(400, f"Invalid array parameter: {key}", param=key)
            child = node.setdefault(part, [] if child_is_list else {})
            if isinstance(child, list) != child_is_list or isinstance(child, str):
                raise StripeError(400, f"Invalid parameter: {key}", param=key)
            node = child
        last = parts[-1]
        if last == "":
            node.append(value)
        elif isinstance(node, list):
            raise StripeError(400, f"Invalid array parameter: {key}", param=key)
        else:
            node[last] = value
    return root


def indexed(value: Any, param: str) -> list[Any]:
    """`items[0]…items[n]` (a dict keyed by indexes) or `items[]` as a list."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and all(k.isdigit() for k in value):
        return [value[k] for k in sorted(value, key=int)]
    raise StripeError(400, f"Invalid array: {param}", param=param)


def text(params: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise StripeError(400, f"Missing required param: {name}.", param=name)
        return None
    if not isinstance(value, str):
        raise StripeError(400, f"Invalid string: {name}", param=name)
    return value


def integer(params: dict[str, Any], name: str, default: int | None = None) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return default
    if not isinstance(value, str) or not re.fullmatch(r"-?\d+", value):
        raise StripeError(400, f"Invalid integer: {value}", param=name)
    return int(value)


def boolean(params: dict[str, Any], name: str, default: bool) -> bool:
    value = params.get(name)
    if value is None or value == "":
        return default
    if value not in ("true", "false"):
        raise StripeError(400, f"Invalid boolean: {value}", param=name)
    return bool(value == "true")


def metadata(params: dict[str, Any]) -> dict[str, str]:
    value = params.get("metadata") or {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise StripeError(400, "Invalid metadata", param="metadata")
    return dict(value)
