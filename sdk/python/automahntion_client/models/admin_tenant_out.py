from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.admin_tenant_out_connection import AdminTenantOutConnection
from ..models.plan import Plan
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="AdminTenantOut")



@_attrs_define
class AdminTenantOut:
    """ A tenant as the operator sees it in the list.

        Attributes:
            admitted (int):
            connection (AdminTenantOutConnection):
            created_at (datetime.datetime):
            custom_limit (int | None):
            email (str):
            id (UUID):
            limit (int): Open and overdue invoices dunned at the same time: the plan's, or the custom limit.
            name (str):
            plan (Plan): The subscription plan; it sets the monthly quota of invoices.
            trial_ends_on (datetime.date | None):
            waiting (int):
     """

    admitted: int
    connection: AdminTenantOutConnection
    created_at: datetime.datetime
    custom_limit: int | None
    email: str
    id: UUID
    limit: int
    name: str
    plan: Plan
    trial_ends_on: datetime.date | None
    waiting: int





    def to_dict(self) -> dict[str, Any]:
        admitted = self.admitted

        connection = self.connection.value

        created_at = self.created_at.isoformat()

        custom_limit: int | None
        custom_limit = self.custom_limit

        email = self.email

        id = str(self.id)

        limit = self.limit

        name = self.name

        plan = self.plan.value

        trial_ends_on: None | str
        if isinstance(self.trial_ends_on, datetime.date):
            trial_ends_on = self.trial_ends_on.isoformat()
        else:
            trial_ends_on = self.trial_ends_on

        waiting = self.waiting


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "admitted": admitted,
            "connection": connection,
            "createdAt": created_at,
            "customLimit": custom_limit,
            "email": email,
            "id": id,
            "limit": limit,
            "name": name,
            "plan": plan,
            "trialEndsOn": trial_ends_on,
            "waiting": waiting,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        admitted = d.pop("admitted")

        connection = AdminTenantOutConnection(d.pop("connection"))




        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        def _parse_custom_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        custom_limit = _parse_custom_limit(d.pop("customLimit"))


        email = d.pop("email")

        id = UUID(d.pop("id"))




        limit = d.pop("limit")

        name = d.pop("name")

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


        waiting = d.pop("waiting")

        admin_tenant_out = cls(
            admitted=admitted,
            connection=connection,
            created_at=created_at,
            custom_limit=custom_limit,
            email=email,
            id=id,
            limit=limit,
            name=name,
            plan=plan,
            trial_ends_on=trial_ends_on,
            waiting=waiting,
        )

        return admin_tenant_out

