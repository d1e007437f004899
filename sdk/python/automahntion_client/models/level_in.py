from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.level import Level
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="LevelIn")



@_attrs_define
class LevelIn:
    """ A dunning level's settings.

        Attributes:
            days_after_due (int):
            enabled (bool):
            level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then dunning notices
                    (Mahnungen) M1–M3.
            by_post (bool | Unset): M-levels only. Default: False.
            fee_cents (int | Unset): M-levels only. Default: 0.
            payment_days (int | None | Unset): Days to pay, named as a date in the message; null: the level's default (R 7,
                M1 10,
                M2 7, M3 5).
            registered (bool | Unset): M-levels only, and only by post (Einwurf-Einschreiben). Default: False.
     """

    days_after_due: int
    enabled: bool
    level: Level
    by_post: bool | Unset = False
    fee_cents: int | Unset = 0
    payment_days: int | None | Unset = UNSET
    registered: bool | Unset = False





    def to_dict(self) -> dict[str, Any]:
        days_after_due = self.days_after_due

        enabled = self.enabled

        level = self.level.value

        by_post = self.by_post

        fee_cents = self.fee_cents

        payment_days: int | None | Unset
        if isinstance(self.payment_days, Unset):
            payment_days = UNSET
        else:
            payment_days = self.payment_days

        registered = self.registered


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "daysAfterDue": days_after_due,
            "enabled": enabled,
            "level": level,
        })
        if by_post is not UNSET:
            field_dict["byPost"] = by_post
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
        days_after_due = d.pop("daysAfterDue")

        enabled = d.pop("enabled")

        level = Level(d.pop("level"))




        by_post = d.pop("byPost", UNSET)

        fee_cents = d.pop("feeCents", UNSET)

        def _parse_payment_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        payment_days = _parse_payment_days(d.pop("paymentDays", UNSET))


        registered = d.pop("registered", UNSET)

        level_in = cls(
            days_after_due=days_after_due,
            enabled=enabled,
            level=level,
            by_post=by_post,
            fee_cents=fee_cents,
            payment_days=payment_days,
            registered=registered,
        )

        return level_in

