"""Turning rows into records and back, where more than one repository needs it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

import msgspec
from piccolo.table import Table

from automahntion.adapters.db.tables import Invoice as InvoiceRow
from automahntion.app.access.secret_box import SecretBox
from automahntion.app.errors import NotFound
from automahntion.app.tenants.records import Tenant, TenantSettings
from automahntion.domain.pauses import Pause
from automahntion.domain.quota import Plan

MAX_PARAMETERS = 32_767
"""The most parameters one statement may carry on PostgreSQL (asyncpg refuses more)."""
_T = TypeVar("_T")


def insert_batches(rows: Sequence[_T], table: type[Table]) -> Iterator[Sequence[_T]]:
    """`rows` in slices small enough for one multi-row INSERT each: Piccolo binds every column
    of every row."""
    size = MAX_PARAMETERS // len(table._meta.columns)
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def pause_of(reason: str | None, until: date | None) -> Pause | None:
    return Pause(reason, until) if reason else None


def pause_columns(pause: Pause | None) -> tuple[str | None, date | None]:
    return (pause.reason, pause.until) if pause else (None, None)


def encode_json(value: object) -> str:
    return msgspec.json.encode(value).decode()


def tenant_of(row: Mapping[str, Any]) -> Tenant:
    return Tenant(
        id=row["id"],
        name=row["name"],
        account_email=row["account_email"],
        billing_email=row["billing_email"],
        plan=Plan(row["plan"]),
        custom_limit=row["custom_limit"],
        trial_ends_on=row["trial_ends_on"],
        settings=msgspec.json.decode(row["settings"], type=TenantSettings),
        dunning_active=row["dunning_active"],
        activated_at=row["activated_at"],
        pause=pause_of(row["pause_reason"], row["pause_until"]),
        last_successful_sync_at=row["last_successful_sync_at"],
        created_at=row["created_at"],
        pending_account_email=row.get("pending_account_email"),
    )


class Sealing:
    """Values kept sealed with the secret key (`SecretBox`); None stays None."""

    def __init__(self, secrets: SecretBox) -> None:
        self._secrets = secrets

    def seal(self, value: str | None) -> str | None:
        return self._secrets.seal(value) if value is not None else None

    def open(self, value: str | None) -> str | None:
        return self._secrets.open(value) if value is not None else None


async def check_invoice_owned(tenant: UUID, invoice_id: UUID) -> None:
    """Raises `NotFound` unless the invoice is the tenant's."""
    owned = await InvoiceRow.exists().where(
        (InvoiceRow.tenant == tenant) & (InvoiceRow.id == invoice_id)
    )
    if not owned:
        raise NotFound("invoice", invoice_id)
