"""What the API says, as msgspec Structs (camelCase on the wire)."""

from __future__ import annotations

from datetime import datetime

import msgspec


class Schema(msgspec.Struct, rename="camel", kw_only=True):
    pass


class FieldError(Schema):
    field: str
    """Where the problem is, e.g. `levels.M2.days_after_due` or `cursor`."""
    message: str


class Problem(Schema):
    """RFC 9457 problem details, as every error is answered (`application/problem+json`)."""

    type: str
    """Stable per kind of error, e.g. `/problems/validation-failed`."""
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldError] | None = None
    """For 422: each refused field and why."""


class Health(Schema):
    status: str


class LexofficeConnectionOut(Schema):
    connected: bool
    kind: str | None = None
    organization_id: str | None = None
    company_name: str | None = None
    access_expires_at: datetime | None = None
    disconnected_reason: str | None = None


class LexofficeApiKeyIn(Schema):
    api_key: str


class ConnectedOut(Schema):
    connected: bool
    organization_id: str
    company_name: str
    webhooks: bool


class AdmissionOut(Schema):
    admitted: int
    waiting: int
    blocked: int


class SyncOut(Schema):
    full: bool
    vouchers_seen: int
    contacts_fetched: int
    admission: AdmissionOut


class EventAccepted(Schema):
    accepted: bool


class SmtpServerIn(Schema):
    host: str
    port: int
    from_address: str
    tls: str = "starttls"
    username: str | None = None
    password: str | None = None


class ConnectionCheckOut(Schema):
    ok: bool
    error: str | None = None


class TestEmailOut(Schema):
    sent_to: str


class DocumentOut(Schema):
    id: str
    level: str
    source: str
    state: str
    created_at: datetime
    download: str | None = None
