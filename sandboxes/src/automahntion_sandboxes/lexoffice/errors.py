"""lexoffice's error bodies: the regular format, the legacy `IssueList` format of the contacts,
vouchers and files endpoints, the API gateway's own bodies, and the controls' plain errors."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from automahntion_sandboxes.clock import SandboxClock
from automahntion_sandboxes.lexoffice.clock import timestamp

UNAUTHORIZED: dict[str, Any] = {"message": "Unauthorized"}
GATEWAY_BODIES: dict[int, dict[str, Any]] = {
    500: {"message": None},
    504: {"message": "Endpoint request timed out"},
}


@dataclass(frozen=True)
class Detail:
    violation: str
    field: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"violation": self.violation, "field": self.field, "message": self.message}


class ApiError(Exception):
    """An error answered in lexoffice's regular format."""

    def __init__(self, status: int, message: str, details: Sequence[Detail] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = tuple(details)


class LegacyError(Exception):
    """An error answered in the legacy `IssueList` format."""

    def __init__(
        self,
        status: int,
        i18n_key: str,
        source: str | None = None,
        issue_type: str = "validation_failure",
    ) -> None:
        super().__init__(i18n_key)
        self.status = status
        self.i18n_key = i18n_key
        self.source = source
        self.issue_type = issue_type

    def body(self) -> dict[str, Any]:
        return legacy_body(self.i18n_key, self.source, self.issue_type)


def reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def regular_body(
    clock: SandboxClock,
    status: int,
    path: str,
    message: str | None,
    details: Sequence[Detail] = (),
) -> dict[str, Any]:
    return {
        "timestamp": timestamp(clock.now()),
        "status": status,
        "error": reason(status),
        "path": path,
        "traceId": secrets.token_hex(8),
        "message": message,
        "details": [detail.as_json() for detail in details],
    }


def legacy_body(
    i18n_key: str, source: str | None = None, issue_type: str = "validation_failure"
) -> dict[str, Any]:
    return {
        "IssueList": [
            {
                "i18nKey": i18n_key,
                "source": source,
                "type": issue_type,
                "additionalData": None,
                "args": None,
            }
        ]
    }


def gateway_body(clock: SandboxClock, status: int, path: str) -> dict[str, Any]:
    """What the API gateway answers for an injected fault of that status."""
    if status in GATEWAY_BODIES:
        return GATEWAY_BODIES[status]
    if status == 429:
        return regular_body(clock, 429, path, "Rate limit exceeded")
    if status == 401:
        return UNAUTHORIZED
    return regular_body(clock, status, path, reason(status))
