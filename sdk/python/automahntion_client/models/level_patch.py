from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="LevelPatch")



@_attrs_define
class LevelPatch:
    """ 
        Attributes:
            by_post (bool | Unset):
            days_after_due (int | Unset):
            enabled (bool | Unset):
            fee_cents (int | Unset):
            payment_days (int | Unset):
            registered (bool | Unset):
     """

    by_post: bool | Unset = UNSET
    days_after_due: int | Unset = UNSET
    enabled: bool | Unset = UNSET
    fee_cents: int | Unset = UNSET
    payment_days: int | Unset = UNSET
    registered: bool | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        by_post: bool | Unset
        if isinstance(self.by_post, Unset):
            by_post = UNSET
        else:
            by_post = self.by_post

        days_after_due: int | Unset
        if isinstance(self.days_after_due, Unset):
            days_after_due = UNSET
        else:
            days_after_due = self.days_after_due

        enabled: bool | Unset
        if isinstance(self.enabled, Unset):
            enabled = UNSET
        else:
            enabled = self.enabled

        fee_cents: int | Unset
        if isinstance(self.fee_cents, Unset):
            fee_cents = UNSET
        else:
            fee_cents = self.fee_cents

        payment_days: int | Unset
        if isinstance(self.payment_days, Unset):
            payment_days = UNSET
        else:
            payment_days = self.payment_days

        registered: bool | Unset
        if isinstance(self.registered, Unset):
            registered = UNSET
        else:
            registered = self.registered


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if by_post is not UNSET:
            field_dict["byPost"] = by_post
        if days_after_due is not UNSET:
            field_dict["daysAfterDue"] = days_after_due
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if fee_cents is not UNSET:
            field_dict["feeCents"] = fee_cents
        if payment_days is not UNSET:
            field_dict["paymentDays"] = payment_days
        if registered is not UNSET:
            field_dict["registered"] = registered

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_by_post(data: object) -> bool | Unset:
            if isinstance(data, Unset):
                return data
            return cast(bool | Unset, data)

        by_post = _parse_by_post(d.pop("byPost", UNSET))


        def _parse_days_after_due(data: object) -> int | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | Unset, data)

        days_after_due = _parse_days_after_due(d.pop("daysAfterDue", UNSET))


        def _parse_enabled(data: object) -> bool | Unset:
            if isinstance(data, Unset):
                return data
            return cast(bool | Unset, data)

        enabled = _parse_enabled(d.pop("enabled", UNSET))


        def _parse_fee_cents(data: object) -> int | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | Unset, data)

        fee_cents = _parse_fee_cents(d.pop("feeCents", UNSET))


        def _parse_payment_days(data: object) -> int | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | Unset, data)

        payment_days = _parse_payment_days(d.pop("paymentDays", UNSET))


        def _parse_registered(data: object) -> bool | Unset:
            if isinstance(data, Unset):
                return data
            return cast(bool | Unset, data)

        registered = _parse_registered(d.pop("registered", UNSET))


        level_patch = cls(
            by_post=by_post,
            days_after_due=days_after_due,
            enabled=enabled,
            fee_cents=fee_cents,
            payment_days=payment_days,
            registered=registered,
        )

        return level_patch

