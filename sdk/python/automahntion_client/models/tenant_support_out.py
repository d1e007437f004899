from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.plan import Plan
from ..models.tenant_support_out_connection import TenantSupportOutConnection
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.audit_entry_out import AuditEntryOut
  from ..models.lexoffice_support_out import LexofficeSupportOut
  from ..models.message_summary_out import MessageSummaryOut





T = TypeVar("T", bound="TenantSupportOut")



@_attrs_define
class TenantSupportOut:
    """ What support may see of one tenant: states and counts, no secrets or contents.

        Attributes:
            activated_at (datetime.datetime | None): When the owner activated sending; null: the tenant sends nothing.
            active_api_keys (int):
            admitted (int):
            billing_email (str):
            blocked (int):
            connection (TenantSupportOutConnection):
            created_at (datetime.datetime):
            custom_limit (int | None):
            dunning_active (bool):
            email (str):
            id (UUID):
            last_sync_at (datetime.datetime | None):
            lexoffice (LexofficeSupportOut): The tenant's lexoffice connection, without secrets.
            limit (int): Open and overdue invoices dunned at the same time: the plan's, or the custom limit.
            name (str):
            paused (bool):
            plan (Plan): The subscription plan; it sets the monthly quota of invoices.
            recent_audit (list[AuditEntryOut]):
            recent_messages (list[MessageSummaryOut]):
            smtp_configured (bool):
            trial_ends_on (datetime.date | None):
            waiting (int):
     """

    activated_at: datetime.datetime | None
    active_api_keys: int
    admitted: int
    billing_email: str
    blocked: int
    connection: TenantSupportOutConnection
    created_at: datetime.datetime
    custom_limit: int | None
    dunning_active: bool
    email: str
    id: UUID
    last_sync_at: datetime.datetime | None
    lexoffice: LexofficeSupportOut
    limit: int
    name: str
    paused: bool
    plan: Plan
    recent_audit: list[AuditEntryOut]
    recent_messages: list[MessageSummaryOut]
    smtp_configured: bool
    trial_ends_on: datetime.date | None
    waiting: int





    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_entry_out import AuditEntryOut # noqa: PLC0415
        from ..models.lexoffice_support_out import LexofficeSupportOut # noqa: PLC0415
        from ..models.message_summary_out import MessageSummaryOut # noqa: PLC0415
        activated_at: None | str
        if isinstance(self.activated_at, datetime.datetime):
            activated_at = self.activated_at.isoformat()
        else:
            activated_at = self.activated_at

        active_api_keys = self.active_api_keys

        admitted = self.admitted

        billing_email = self.billing_email

        blocked = self.blocked

        connection = self.connection.value

        created_at = self.created_at.isoformat()

        custom_limit: int | None
        custom_limit = self.custom_limit

        dunning_active = self.dunning_active

        email = self.email

        id = str(self.id)

        last_sync_at: None | str
        if isinstance(self.last_sync_at, datetime.datetime):
            last_sync_at = self.last_sync_at.isoformat()
        else:
            last_sync_at = self.last_sync_at

        lexoffice = self.lexoffice.to_dict()

        limit = self.limit

        name = self.name

        paused = self.paused

        plan = self.plan.value

        recent_audit = []
        for recent_audit_item_data in self.recent_audit:
            recent_audit_item = recent_audit_item_data.to_dict()
            recent_audit.append(recent_audit_item)



        recent_messages = []
        for recent_messages_item_data in self.recent_messages:
            recent_messages_item = recent_messages_item_data.to_dict()
            recent_messages.append(recent_messages_item)



        smtp_configured = self.smtp_configured

        trial_ends_on: None | str
        if isinstance(self.trial_ends_on, datetime.date):
            trial_ends_on = self.trial_ends_on.isoformat()
        else:
            trial_ends_on = self.trial_ends_on

        waiting = self.waiting


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "activatedAt": activated_at,
            "activeApiKeys": active_api_keys,
            "admitted": admitted,
            "billingEmail": billing_email,
            "blocked": blocked,
            "connection": connection,
            "createdAt": created_at,
            "customLimit": custom_limit,
            "dunningActive": dunning_active,
            "email": email,
            "id": id,
            "lastSyncAt": last_sync_at,
            "lexoffice": lexoffice,
            "limit": limit,
            "name": name,
            "paused": paused,
            "plan": plan,
            "recentAudit": recent_audit,
            "recentMessages": recent_messages,
            "smtpConfigured": smtp_configured,
            "trialEndsOn": trial_ends_on,
            "waiting": waiting,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_out import AuditEntryOut # noqa: PLC0415
        from ..models.lexoffice_support_out import LexofficeSupportOut # noqa: PLC0415
        from ..models.message_summary_out import MessageSummaryOut # noqa: PLC0415
        d = dict(src_dict)
        def _parse_activated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                activated_at_type_0 = datetime.datetime.fromisoformat(data)



                return activated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        activated_at = _parse_activated_at(d.pop("activatedAt"))


        active_api_keys = d.pop("activeApiKeys")

        admitted = d.pop("admitted")

        billing_email = d.pop("billingEmail")

        blocked = d.pop("blocked")

        connection = TenantSupportOutConnection(d.pop("connection"))




        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        def _parse_custom_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        custom_limit = _parse_custom_limit(d.pop("customLimit"))


        dunning_active = d.pop("dunningActive")

        email = d.pop("email")

        id = UUID(d.pop("id"))




        def _parse_last_sync_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_sync_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_sync_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_sync_at = _parse_last_sync_at(d.pop("lastSyncAt"))


        lexoffice = LexofficeSupportOut.from_dict(d.pop("lexoffice"))




        limit = d.pop("limit")

        name = d.pop("name")

        paused = d.pop("paused")

        plan = Plan(d.pop("plan"))




        recent_audit = []
        _recent_audit = d.pop("recentAudit")
        for recent_audit_item_data in (_recent_audit):
            recent_audit_item = AuditEntryOut.from_dict(recent_audit_item_data)



            recent_audit.append(recent_audit_item)


        recent_messages = []
        _recent_messages = d.pop("recentMessages")
        for recent_messages_item_data in (_recent_messages):
            recent_messages_item = MessageSummaryOut.from_dict(recent_messages_item_data)



            recent_messages.append(recent_messages_item)


        smtp_configured = d.pop("smtpConfigured")

        def _parse_trial_ends_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                trial_ends_on_type_0 = datetime.date.fromisoformat(data)



                return trial_ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        trial_ends_on = _parse_trial_ends_on(d.pop("trialEndsOn"))


        waiting = d.pop("waiting")

        tenant_support_out = cls(
            activated_at=activated_at,
            active_api_keys=active_api_keys,
            admitted=admitted,
            billing_email=billing_email,
            blocked=blocked,
            connection=connection,
            created_at=created_at,
            custom_limit=custom_limit,
            dunning_active=dunning_active,
            email=email,
            id=id,
            last_sync_at=last_sync_at,
            lexoffice=lexoffice,
            limit=limit,
            name=name,
            paused=paused,
            plan=plan,
            recent_audit=recent_audit,
            recent_messages=recent_messages,
            smtp_configured=smtp_configured,
            trial_ends_on=trial_ends_on,
            waiting=waiting,
        )

        return tenant_support_out

