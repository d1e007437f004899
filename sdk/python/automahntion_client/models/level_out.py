from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.level import Level
from typing import cast

if TYPE_CHECKING:
  from ..models.template_out import TemplateOut





T = TypeVar("T", bound="LevelOut")



@_attrs_define
class LevelOut:
    """ A dunning level and its current template.

        Attributes:
            by_post (bool):
            days_after_due (int):
            enabled (bool):
            fee_cents (int):
            level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then dunning notices
                    (Mahnungen) M1–M3.
            payment_days (int):
            registered (bool):
            template (None | TemplateOut): The current version (what the next message uses).
     """

    by_post: bool
    days_after_due: int
    enabled: bool
    fee_cents: int
    level: Level
    payment_days: int
    registered: bool
    template: None | TemplateOut





    def to_dict(self) -> dict[str, Any]:
        from ..models.template_out import TemplateOut # noqa: PLC0415
        by_post = self.by_post

        days_after_due = self.days_after_due

        enabled = self.enabled

        fee_cents = self.fee_cents

        level = self.level.value

        payment_days = self.payment_days

        registered = self.registered

        template: dict[str, Any] | None
        if isinstance(self.template, TemplateOut):
            template = self.template.to_dict()
        else:
            template = self.template


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "byPost": by_post,
            "daysAfterDue": days_after_due,
            "enabled": enabled,
            "feeCents": fee_cents,
            "level": level,
            "paymentDays": payment_days,
            "registered": registered,
            "template": template,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.template_out import TemplateOut # noqa: PLC0415
        d = dict(src_dict)
        by_post = d.pop("byPost")

        days_after_due = d.pop("daysAfterDue")

        enabled = d.pop("enabled")

        fee_cents = d.pop("feeCents")

        level = Level(d.pop("level"))




        payment_days = d.pop("paymentDays")

        registered = d.pop("registered")

        def _parse_template(data: object) -> None | TemplateOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                template_type_0 = TemplateOut.from_dict(data)



                return template_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TemplateOut, data)

        template = _parse_template(d.pop("template"))


        level_out = cls(
            by_post=by_post,
            days_after_due=days_after_due,
            enabled=enabled,
            fee_cents=fee_cents,
            level=level,
            payment_days=payment_days,
            registered=registered,
            template=template,
        )

        return level_out

