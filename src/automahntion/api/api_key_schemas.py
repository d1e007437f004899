"""The tenant's API keys on the wire."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar

from msgspec import Meta

from automahntion.api.field_types import KeyName
from automahntion.api.oauth_clients import TenantScope
from automahntion.api.schemas import Schema
from automahntion.app.access.records import ApiKeyRecord


class ApiKeyOut(Schema):
    """An API key as listed: never the key itself."""

    id: str
    name: str
    prefix: str
    """The key's first characters, to recognise it."""
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    scopes: list[str] | None
    """null: the key may do everything its tenant may, manage API keys included."""


class ApiKeyList(Schema):
    """A page of API keys."""

    items: list[ApiKeyOut]
    next_cursor: str | None


class ApiKeyIn(Schema):
    """A new API key."""

    name: KeyName
    scopes: Annotated[list[TenantScope], Meta(min_length=1)] | None = None
    """Limits the key to these scopes (those of widget tokens); it then cannot manage API keys
    nor approve widgets. Absent: the key may do everything its tenant may."""

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "name": "Dashboard (read only)",
        "scopes": ["invoices:read", "settings:read"],
    }


class ApiKeyCreated(ApiKeyOut):
    """An API key just created, with the key itself (shown once)."""

    api_key: str
    """Shown this once; only its hash is stored."""

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "id": "3c9a1f0e-5b2d-4e7a-8f61-2d4b6c8e0a13",
        "name": "Dashboard (read only)",
        "prefix": "amk_Xq3v",
        "createdAt": "2026-03-02T09:15:00Z",
        "lastUsedAt": None,
        "revokedAt": None,
        "scopes": ["invoices:read", "settings:read"],
        "apiKey": "amk_Xq3v8JfK2mWn4pLr7tYb9cZd1eGh5sAu6vBx0yCi3oE",
    }


def api_key_out(record: ApiKeyRecord) -> ApiKeyOut:
    return ApiKeyOut(
        id=str(record.id),
        name=record.name,
        prefix=record.prefix,
        created_at=record.created_at,
        last_used_at=record.last_used_at,
        revoked_at=record.revoked_at,
        scopes=None if record.scopes is None else list(record.scopes),
    )
