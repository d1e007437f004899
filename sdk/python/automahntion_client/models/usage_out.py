from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.plan import Plan






T = TypeVar("T", bound="UsageOut")



@_attrs_define
class UsageOut:
    """ This month's use of the plan's quota.

        Attributes:
            admitted (int): Overdue invoices holding a slot.
            blocked (int): Invoices nobody can be written to (no contact or no address).
            limit (int):
            month (str):
            plan (Plan): The subscription plan; it sets the monthly quota of invoices.
            thank_you_quota (int): Per month; 0 without the loyalty extension.
            thank_yous_sent (int): This month (Europe/Berlin).
            waiting (int): Overdue invoices waiting for a slot.
     """

    admitted: int
    blocked: int
    limit: int
    month: str
    plan: Plan
    thank_you_quota: int
    thank_yous_sent: int
    waiting: int





    def to_dict(self) -> dict[str, Any]:
        admitted = self.admitted

        blocked = self.blocked

        limit = self.limit

        month = self.month

        plan = self.plan.value

        thank_you_quota = self.thank_you_quota

        thank_yous_sent = self.thank_yous_sent

        waiting = self.waiting


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "admitted": admitted,
            "blocked": blocked,
            "limit": limit,
            "month": month,
            "plan": plan,
            "thankYouQuota": thank_you_quota,
            "thankYousSent": thank_yous_sent,
            "waiting": waiting,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        admitted = d.pop("admitted")

        blocked = d.pop("blocked")

        limit = d.pop("limit")

        month = d.pop("month")

        plan = Plan(d.pop("plan"))




        thank_you_quota = d.pop("thankYouQuota")

        thank_yous_sent = d.pop("thankYousSent")

        waiting = d.pop("waiting")

        usage_out = cls(
            admitted=admitted,
            blocked=blocked,
            limit=limit,
            month=month,
            plan=plan,
            thank_you_quota=thank_you_quota,
            thank_yous_sent=thank_yous_sent,
            waiting=waiting,
        )

        return usage_out

