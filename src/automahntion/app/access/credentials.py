"""Secrets that callers present: API keys for integrators, tokens for the internal admin.

Each is shown once at creation and stored only as its SHA-256 hash; the prefix tells the kinds
apart without a lookup.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from automahntion.app.access.records import ActiveApiKey, AdminTokenRecord, ApiKeyRecord
from automahntion.app.access.request_reads import RequestReads
from automahntion.app.storage import UnitOfWork
from automahntion.domain.errors import FieldProblem, ValidationFailed

KEY_PREFIX = "amk_"
SHOWN_PREFIX_CHARS = 12
ADMIN_TOKEN_PREFIX = "ama_"
MAX_NAME_LENGTH = 100
TOUCH_INTERVAL = timedelta(minutes=1)
"""`last_used_at` is exact to this: a credential in steady use is written once per interval,
not on every request (a write per request would double the cost of every authenticated call)."""


def hash_api_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def shown_prefix(raw_key: str) -> str:
    """What lists may show of a key so that its owner recognises it."""
    return raw_key[:SHOWN_PREFIX_CHARS]


def looks_like_api_key(raw_key: str) -> bool:
    return raw_key.startswith(KEY_PREFIX) and len(raw_key) > len(KEY_PREFIX) + 20


def new_secret(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise ValidationFailed([FieldProblem("name", f"must be 1 to {MAX_NAME_LENGTH} characters")])
    return name


@dataclass(frozen=True)
class IssuedApiKey:
    record: ApiKeyRecord
    api_key: str
    """Shown this once."""


@dataclass(frozen=True)
class IssuedAdminToken:
    record: AdminTokenRecord
    token: str
    """Shown this once."""


async def issue_api_key(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID,
    name: str,
    now: datetime,
    scopes: tuple[str, ...] | None = None,
) -> IssuedApiKey:
    """`scopes` None: the key may do everything its tenant may, manage keys included."""
    raw = new_secret(KEY_PREFIX)
    async with units() as uow:
        record = await uow.tenant(tenant_id).api_keys.add(
            _checked_name(name), shown_prefix(raw), hash_api_key(raw), now, scopes
        )
    return IssuedApiKey(record, raw)


async def issue_admin_token(
    units: Callable[[], UnitOfWork], name: str, now: datetime
) -> IssuedAdminToken:
    raw = new_secret(ADMIN_TOKEN_PREFIX)
    async with units() as uow:
        record = await uow.admin_tokens.add(
            _checked_name(name), shown_prefix(raw), hash_secret(raw), now
        )
    return IssuedAdminToken(record, raw)


async def admin_token_in_use(
    units: Callable[[], UnitOfWork], raw: str, now: datetime
) -> AdminTokenRecord | None:
    """The active admin token behind `raw`, marked as used now; None if unknown or revoked."""
    if not raw.startswith(ADMIN_TOKEN_PREFIX):
        return None
    async with units() as uow:
        record = await uow.admin_tokens.active_by_hash(hash_secret(raw))
        if record is not None and due_for_touch(record.last_used_at, now):
            await uow.admin_tokens.touch(record.id, now)
    return record


@dataclass(frozen=True)
class KeyInUse:
    tenant_id: UUID
    key_id: UUID
    scopes: tuple[str, ...] | None = None
    list_version: int | None = None
    """The tenant's list version, when it was read with the key."""


async def api_key_in_use(
    units: Callable[[], UnitOfWork], raw: str, now: datetime
) -> KeyInUse | None:
    """The active API key behind `raw`, marked as used now."""
    async with units() as uow:
        found = await uow.tenants.active_api_key(hash_api_key(raw))
    return await _in_use(units, found, now)


async def api_key_of_request(
    reads: RequestReads, units: Callable[[], UnitOfWork], raw: str, now: datetime
) -> KeyInUse | None:
    """As `api_key_in_use`, in one read (and a write once per TOUCH_INTERVAL), with the
    tenant's list version."""
    return await _in_use(units, await reads.api_key(hash_api_key(raw)), now)


async def _in_use(
    units: Callable[[], UnitOfWork], found: ActiveApiKey | None, now: datetime
) -> KeyInUse | None:
    if found is None:
        return None
    if due_for_touch(found.last_used_at, now):
        async with units() as uow:
            await uow.tenant(found.tenant_id).api_keys.touch(found.key_id, now)
    return KeyInUse(found.tenant_id, found.key_id, found.scopes, found.list_version)


def due_for_touch(last_used_at: datetime | None, now: datetime) -> bool:
    return last_used_at is None or now - last_used_at >= TOUCH_INTERVAL
