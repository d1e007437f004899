"""The tenant's API keys on the wire."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import Meta

from automahntion.api.field_types import KeyName
from automahntion.api.oauth_clients import TenantScope
from automahntion.api.schemas import Schema
from automahntion.app.access.records import ApiKeyRecord


class ApiKeyOut(Schema):
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
    items: list[ApiKeyOut]
    next_cursor: str | None


class ApiKeyIn(Schema):
    name: KeyName
    scopes: Annotated[list[TenantScope], Meta(min_length=1)] | None = None
    """Limits the key to these scopes (those of widget tokens); it then cannot manage API keys
    nor approve widgets. Absent: the key may do everything its tenant may."""


class ApiKeyCreated(ApiKeyOut):
    api_key: str
    """Shown this once; only its hash is stored."""


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
