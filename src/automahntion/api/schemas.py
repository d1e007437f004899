"""What the API says, as msgspec Structs (camelCase on the wire)."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from types import UnionType
from typing import (
    Annotated,
    Any,
    ClassVar,
    Literal,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

import msgspec

from automahntion.app.lexoffice.disconnect_reasons import DisconnectCode
from automahntion.app.tenants.addresses import EMAIL_PATTERN, MAX_EMAIL_LENGTH

HOST_PATTERN = r"^[A-Za-z0-9._:\[\]-]+$"
Host = Annotated[str, msgspec.Meta(min_length=1, max_length=253, pattern=HOST_PATTERN)]
Port = Annotated[int, msgspec.Meta(ge=1, le=65535)]
Email = Annotated[str, msgspec.Meta(max_length=MAX_EMAIL_LENGTH, pattern=EMAIL_PATTERN)]
Secret = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
SmtpUsername = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
"""As long as its column (`smtp_server.username`)."""


class Schema(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    """Unknown fields are refused (422 naming them; `additionalProperties: false`). Every
    datetime field is held in UTC, so each timestamp the API answers is RFC 3339 with `Z`
    (msgspec writes `Z` for UTC and the offset for any other zone, e.g. Berlin's `+01:00`)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Only a schema with a field that may hold a datetime is given `_moments_in_utc` as
        its `__post_init__`: a page of the overview builds hundreds of schemas, and the call
        was a sixth of building one whose fields never hold one."""
        super().__init_subclass__(**kwargs)
        if _may_hold_moments(cls):
            setattr(cls, "__post_init__", _moments_in_utc)  # noqa: B010 - msgspec reads it next


def _moments_in_utc(self: msgspec.Struct) -> None:
    for name in _moment_fields(type(self)):
        value = getattr(self, name)
        if type(value) is datetime and value.tzinfo is not UTC:
            setattr(self, name, value.astimezone(UTC))


def _may_hold_moments(schema: type) -> bool:
    """Whether a field of `schema` may hold a datetime, from its annotations as the class is
    made; True when one names what is not defined yet (`_moment_fields` then looks when the
    first is built)."""
    try:
        hints = get_type_hints(schema, include_extras=True)
    except NameError:
        return True
    return any(
        _may_hold_moment(kind) for kind in hints.values() if get_origin(kind) is not ClassVar
    )


@cache
def _moment_fields(schema: type[msgspec.Struct]) -> tuple[str, ...]:
    """The fields of `schema` that may hold a datetime: looked at once per class, as a page
    builds hundreds of schemas and most of their fields never hold one."""
    return tuple(
        field.name for field in msgspec.structs.fields(schema) if _may_hold_moment(field.type)
    )


def _may_hold_moment(kind: Any) -> bool:
    if kind is datetime or kind is Any or kind is object:
        return True
    origin = get_origin(kind)
    if origin is Annotated:
        return _may_hold_moment(get_args(kind)[0])
    if origin is Union or origin is UnionType:
        return any(_may_hold_moment(arg) for arg in get_args(kind))
    return False


class FieldError(Schema):
    """A refused field and why."""

    field: str
    """Where the problem is, e.g. `levels.M2.days_after_due` or `cursor`."""
    message: str


class Problem(Schema):
    """RFC 9457 problem details, as every error is answered (`application/problem+json`)."""

    type: str
    """Stable per kind of error, e.g. `/problems/validation-failed`: branch on it. It is a page
    of this service that says what the error means and what to do (`/problems` lists all)."""
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldError] | None = None
    """For 422: each refused field and why."""

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "type": "/problems/validation-failed",
        "title": "Validation failed",
        "status": 422,
        "detail": "levels.M2.daysAfterDue: must be after M1 (28)",
        "errors": [{"field": "levels.M2.daysAfterDue", "message": "must be after M1 (28)"}],
    }


class Health(Schema):
    """The process answers."""

    status: str


class ReadyOut(Schema):
    """What the service depends on, and whether it answers."""

    database: str
    redis: str
    """`ok`, or `not configured` when jobs run in-process."""


class LexofficeConnectionOut(Schema):
    """The tenant's lexoffice connection."""

    connected: bool
    kind: str | None = None
    organization_id: str | None = None
    company_name: str | None = None
    access_expires_at: datetime | None = None
    disconnected_reason: str | None = None
    """Why the connection was lost, in German."""
    disconnected_reason_code: DisconnectCode | None = None


class LexofficeApiKeyIn(Schema):
    """A private lexoffice API key."""

    api_key: Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=r"^[!-~]+$")]


class ConnectedOut(Schema):
    """lexoffice connected."""

    connected: bool
    organization_id: str
    company_name: str
    webhooks: bool


class AdmissionOut(Schema):
    """How many invoices are admitted to the month's quota, wait for a slot, or are blocked."""

    admitted: int
    waiting: int
    blocked: int


class SyncOut(Schema):
    """What a sync with lexoffice read and admitted."""

    full: bool
    """Every voucher was read (the first sync), not only those changed since the last."""
    vouchers_seen: int
    contacts_fetched: int
    admission: AdmissionOut

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "full": False,
        "vouchersSeen": 14,
        "contactsFetched": 3,
        "admission": {"admitted": 12, "waiting": 2, "blocked": 1},
    }


class EventAccepted(Schema):
    """Whether the event was taken (false for one seen before)."""

    accepted: bool


class SmtpServerIn(Schema):
    """The tenant's own SMTP server."""

    host: Host
    port: Port
    from_address: Email
    tls: Literal["starttls", "tls", "none"] = "starttls"
    username: SmtpUsername | None = None
    password: Secret | None = None
    """Used only together with `username`."""

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "host": "smtp.baeckerei-schmidt.de",
        "port": 587,
        "fromAddress": "buchhaltung@baeckerei-schmidt.de",
        "tls": "starttls",
        "username": "buchhaltung@baeckerei-schmidt.de",
        "password": "correct horse battery staple",
    }


class ConnectionCheckOut(Schema):
    """Whether the SMTP server could be reached and logged in to."""

    ok: bool
    error: str | None = None


class TestEmailOut(Schema):
    """Where the test e-mail went."""

    sent_to: str


class DocumentOut(Schema):
    """A dunning document."""

    id: str
    level: str
    source: str
    state: str
    created_at: datetime
    download: str | None = None
