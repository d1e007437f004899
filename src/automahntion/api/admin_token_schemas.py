"""The internal admin's tokens on the wire: never the secret nor its hash, except the new
token in the answer that issued it."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from automahntion.api.field_types import KeyName
from automahntion.api.schemas import Schema
from automahntion.app.access.records import AdminTokenRecord


class AdminTokenIn(Schema):
    """A new admin token."""

    name: KeyName
    """Who or what uses it, e.g. `support-laptop`; audit entries name the admin by it."""

    EXAMPLE: ClassVar[dict[str, Any]] = {"name": "support-laptop"}


class AdminTokenOut(Schema):
    """An admin token as listed: never the token itself."""

    id: UUID
    name: str
    prefix: str
    """The token's first characters, to recognise it."""
    created_at: datetime
    last_used_at: datetime | None
    """Exact to a minute."""
    revoked_at: datetime | None


class AdminTokenCreated(AdminTokenOut):
    """An admin token just issued, with the token itself (shown once)."""

    token: str
    """Shown this once; only its hash is stored."""

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "id": "5e0c2a7b-9d41-4f3e-b6a8-1c7d2e9f4a60",
        "name": "support-laptop",
        "prefix": "ama_R2n8kWq",
        "createdAt": "2026-03-02T09:15:00Z",
        "lastUsedAt": None,
        "revokedAt": None,
        "token": "ama_R2n8kWqT5vYb3cZd7eGh1sAu9xBx0yCi4oEmLp6jNf",
    }


class AdminTokenPage(Schema):
    """A page of admin tokens."""

    items: list[AdminTokenOut]
    next_cursor: str | None = None


def admin_token_out(record: AdminTokenRecord) -> AdminTokenOut:
    return AdminTokenOut(
        id=record.id,
        name=record.name,
        prefix=record.prefix,
        created_at=record.created_at,
        last_used_at=record.last_used_at,
        revoked_at=record.revoked_at,
    )
