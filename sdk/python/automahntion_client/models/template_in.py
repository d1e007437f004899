from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.template_text import TemplateText





T = TypeVar("T", bound="TemplateIn")



@_attrs_define
class TemplateIn:
    """ German; `en` optionally for invoices in English. Placeholders: `{{ invoice_number }}`,
    `{{ customer_name }}`, `{{ open_amount }}`, … (see the level templates' documentation).

        Attributes:
            body (str):
            subject (str):
            en (None | TemplateText | Unset):
     """

    body: str
    subject: str
    en: None | TemplateText | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.template_text import TemplateText # noqa: PLC0415
        body = self.body

        subject = self.subject

        en: dict[str, Any] | None | Unset
        if isinstance(self.en, Unset):
            en = UNSET
        elif isinstance(self.en, TemplateText):
            en = self.en.to_dict()
        else:
            en = self.en


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "body": body,
            "subject": subject,
        })
        if en is not UNSET:
            field_dict["en"] = en

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.template_text import TemplateText # noqa: PLC0415
        d = dict(src_dict)
        body = d.pop("body")

        subject = d.pop("subject")

        def _parse_en(data: object) -> None | TemplateText | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                en_type_0 = TemplateText.from_dict(data)



                return en_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TemplateText | Unset, data)

        en = _parse_en(d.pop("en", UNSET))


        template_in = cls(
            body=body,
            subject=subject,
            en=en,
        )

        return template_in

