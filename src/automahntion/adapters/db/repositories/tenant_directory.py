"""Across tenants: creating and listing them, and finding a tenant from a presented secret."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from automahntion.adapters.db.repositories.api_keys import scopes_of
from automahntion.adapters.db.repositories.rows import encode_json, tenant_of
from automahntion.adapters.db.tables import (
    ApiKey,
    FeedbackToken,
    InboundEvent,
    Letter,
    LexofficeConnection,
    Subscription,
)
from automahntion.adapters.db.tables import Tenant as TenantRow
from automahntion.app.access.records import ActiveApiKey
from automahntion.app.lexoffice.records import ConnectionStatus
from automahntion.app.tenants.records import NewTenant, Tenant, TenantSettings


class PiccoloTenantDirectory:
    async def add(self, tenant: NewTenant, now: datetime) -> Tenant:
        rows = await TenantRow.insert(
            TenantRow(
                name=tenant.name,
                account_email=tenant.account_email,
                billing_email=tenant.billing_email or tenant.account_email,
                plan=tenant.plan.value,
                trial_ends_on=tenant.trial_ends_on,
                settings=encode_json(TenantSettings()),
                created_at=now,
            )
        ).returning(TenantRow.id)
        found = await TenantRow.select().where(TenantRow.id == rows[0]["id"]).first()
        assert found is not None
        return tenant_of(found)

    async def all(self) -> list[Tenant]:
        rows = await TenantRow.select().order_by(TenantRow.created_at)
        return [tenant_of(row) for row in rows]

    async def ids(self) -> list[UUID]:
        rows = await TenantRow.select(TenantRow.id).order_by(TenantRow.id)
        return [row["id"] for row in rows]

    async def active_api_key(self, key_hash: str) -> ActiveApiKey | None:
        row = (
            await ApiKey.select(ApiKey.tenant, ApiKey.id, ApiKey.last_used_at, ApiKey.scopes)
            .where((ApiKey.key_hash == key_hash) & ApiKey.revoked_at.is_null())
            .first()
        )
        if row is None:
            return None
        return ActiveApiKey(row["tenant"], row["id"], row["last_used_at"], scopes_of(row["scopes"]))

    async def tenant_of_feedback_token(self, token_hash: str) -> tuple[UUID, UUID] | None:
        row = (
            await FeedbackToken.select(FeedbackToken.tenant, FeedbackToken.invoice)
            .where(FeedbackToken.token_hash == token_hash)
            .first()
        )
        return (row["tenant"], row["invoice"]) if row else None

    async def tenant_of_organization(self, organization_id: str) -> UUID | None:
        row = (
            await LexofficeConnection.select(LexofficeConnection.tenant)
            .where(LexofficeConnection.organization_id == organization_id)
            .where(LexofficeConnection.status == ConnectionStatus.CONNECTED.value)
            .first()
        )
        return row["tenant"] if row else None

    async def tenant_of_letter(self, provider_letter_id: str) -> UUID | None:
        row = (
            await Letter.select(Letter.tenant)
            .where(Letter.provider_letter_id == provider_letter_id)
            .first()
        )
        return row["tenant"] if row else None

    async def tenant_of_payment_customer(self, customer_id: str) -> UUID | None:
        row = (
            await Subscription.select(Subscription.tenant)
            .where(Subscription.provider_customer_id == customer_id)
            .first()
        )
        return row["tenant"] if row else None

    async def tenant_of_payment_mandate(self, mandate_id: str) -> UUID | None:
        row = (
            await Subscription.select(Subscription.tenant)
            .where(Subscription.mandate_id == mandate_id)
            .first()
        )
        return row["tenant"] if row else None

    async def record_inbound_event(self, source: str, key: str, now: datetime) -> bool:
        inserted = (
            await InboundEvent.insert(InboundEvent(source=source, key=key, received_at=now))
            .on_conflict(target=(InboundEvent.source, InboundEvent.key), action="DO NOTHING")
            .returning(InboundEvent.id)
        )
        return bool(inserted)

    async def inbound_event_seen(self, source: str, key: str) -> bool:
        return bool(
            await InboundEvent.exists().where(
                (InboundEvent.source == source) & (InboundEvent.key == key)
            )
        )

    async def confirm_account_email(self, token_hash: str, now: datetime) -> UUID | None:
        row = (
            await TenantRow.select(TenantRow.id, TenantRow.pending_account_email)
            .where(TenantRow.account_email_token_hash == token_hash)
            .where(TenantRow.account_email_token_expires_at > now)
            .where(TenantRow.pending_account_email.is_not_null())
            .first()
        )
        if row is None:
            return None
        changed = (
            await TenantRow.update(
                {
                    TenantRow.account_email: row["pending_account_email"],
                    TenantRow.pending_account_email: None,
                    TenantRow.account_email_token_hash: None,
                    TenantRow.account_email_token_expires_at: None,
                }
            )
            .where(TenantRow.id == row["id"])
            .where(TenantRow.account_email_token_hash == token_hash)
            .returning(TenantRow.id)
        )
        return row["id"] if changed else None
