"""Stripe's error body: `{"error": {type, code, message, param}}`."""

from __future__ import annotations

from typing import Any

TYPES = {400: "invalid_request_error", 401: "invalid_request_error", 402: "card_error"}


class StripeError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        param: str | None = None,
        kind: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.param = param
        self.kind = kind or TYPES.get(
            status, "invalid_request_error" if status < 500 else "api_error"
        )

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.kind, "message": self.message}
        if self.code:
            error["code"] = self.code
        if self.param:
            error["param"] = self.param
        return {"error": error}


def missing(kind: str, ident: str, param: str = "id") -> StripeError:
    return StripeError(404, f"No such {kind}: '{ident}'", code="resource_missing", param=param)


def fault_body(status: int) -> dict[str, Any]:
    if status == 429:
        message = "Too many requests. Please retry after a short while."
        return StripeError(429, message, code="rate_limit").body()
    return StripeError(status, "An unexpected error occurred (injected fault).").body()
