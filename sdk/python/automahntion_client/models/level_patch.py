from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="LevelPatch")



@_attrs_define
class LevelPatch:
    """ The level fields to change; fields left out stay as they are.

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
        by_post = self.by_post

        days_after_due = self.days_after_due

        enabled = self.enabled

        fee_cents = self.fee_cents

        payment_days = self.payment_days

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
        by_post = d.pop("byPost", UNSET)

        days_after_due = d.pop("daysAfterDue", UNSET)

        enabled = d.pop("enabled", UNSET)

        fee_cents = d.pop("feeCents", UNSET)

        payment_days = d.pop("paymentDays", UNSET)

        registered = d.pop("registered", UNSET)

        level_patch = cls(
            by_post=by_post,
            days_after_due=days_after_due,
            enabled=enabled,
            fee_cents=fee_cents,
            payment_days=payment_days,
            registered=registered,
        )

        return level_patch

