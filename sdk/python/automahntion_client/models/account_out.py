from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.plan import Plan
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.tenant_pause_out import TenantPauseOut





T = TypeVar("T", bound="AccountOut")



@_attrs_define
class AccountOut:
    """ The tenant's account.

        Attributes:
            billing_email (str):
            created_at (datetime.datetime):
            dunning_active (bool):
            email (str):
            id (str):
            last_successful_sync_at (datetime.datetime | None):
            limit (int): Concurrently open and overdue invoices the plan admits.
            name (str):
            pause (None | TenantPauseOut):
            pending_account_email (None | str): A new address given in `email`: in force (as `email`) once the link sent to
                it was
                opened; until then nothing is sent to it.
            plan (Plan): The subscription plan; it sets the monthly quota of invoices.
            trial_ends_on (datetime.date | None):
     """

    billing_email: str
    created_at: datetime.datetime
    dunning_active: bool
    email: str
    id: str
    last_successful_sync_at: datetime.datetime | None
    limit: int
    name: str
    pause: None | TenantPauseOut
    pending_account_email: None | str
    plan: Plan
    trial_ends_on: datetime.date | None





    def to_dict(self) -> dict[str, Any]:
        from ..models.tenant_pause_out import TenantPauseOut # noqa: PLC0415
        billing_email = self.billing_email

        created_at = self.created_at.isoformat()

        dunning_active = self.dunning_active

        email = self.email

        id = self.id

        last_successful_sync_at: None | str
        if isinstance(self.last_successful_sync_at, datetime.datetime):
            last_successful_sync_at = self.last_successful_sync_at.isoformat()
        else:
            last_successful_sync_at = self.last_successful_sync_at

        limit = self.limit

        name = self.name

        pause: dict[str, Any] | None
        if isinstance(self.pause, TenantPauseOut):
            pause = self.pause.to_dict()
        else:
            pause = self.pause

        pending_account_email: None | str
        pending_account_email = self.pending_account_email

        plan = self.plan.value

        trial_ends_on: None | str
        if isinstance(self.trial_ends_on, datetime.date):
            trial_ends_on = self.trial_ends_on.isoformat()
        else:
            trial_ends_on = self.trial_ends_on


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "billingEmail": billing_email,
            "createdAt": created_at,
            "dunningActive": dunning_active,
            "email": email,
            "id": id,
            "lastSuccessfulSyncAt": last_successful_sync_at,
            "limit": limit,
            "name": name,
            "pause": pause,
            "pendingAccountEmail": pending_account_email,
            "plan": plan,
            "trialEndsOn": trial_ends_on,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tenant_pause_out import TenantPauseOut # noqa: PLC0415
        d = dict(src_dict)
        billing_email = d.pop("billingEmail")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        dunning_active = d.pop("dunningActive")

        email = d.pop("email")

        id = d.pop("id")

        def _parse_last_successful_sync_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_successful_sync_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_successful_sync_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_successful_sync_at = _parse_last_successful_sync_at(d.pop("lastSuccessfulSyncAt"))


        limit = d.pop("limit")

        name = d.pop("name")

        def _parse_pause(data: object) -> None | TenantPauseOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pause_type_0 = TenantPauseOut.from_dict(data)



                return pause_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TenantPauseOut, data)

        pause = _parse_pause(d.pop("pause"))


        def _parse_pending_account_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pending_account_email = _parse_pending_account_email(d.pop("pendingAccountEmail"))


        plan = Plan(d.pop("plan"))




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


        account_out = cls(
            billing_email=billing_email,
            created_at=created_at,
            dunning_active=dunning_active,
            email=email,
            id=id,
            last_successful_sync_at=last_successful_sync_at,
            limit=limit,
            name=name,
            pause=pause,
            pending_account_email=pending_account_email,
            plan=plan,
            trial_ends_on=trial_ends_on,
        )

        return account_out

