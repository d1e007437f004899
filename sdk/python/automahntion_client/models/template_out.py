from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.level import Level
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.template_text import TemplateText





T = TypeVar("T", bound="TemplateOut")



@_attrs_define
class TemplateOut:
    """ One version of a level's templates (German, and English when given).

        Attributes:
            body (str):
            created_at (datetime.datetime):
            en (None | TemplateText):
            level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then dunning notices
                    (Mahnungen) M1–M3.
            subject (str):
            version (int):
     """

    body: str
    created_at: datetime.datetime
    en: None | TemplateText
    level: Level
    subject: str
    version: int





    def to_dict(self) -> dict[str, Any]:
        from ..models.template_text import TemplateText # noqa: PLC0415
        body = self.body

        created_at = self.created_at.isoformat()

        en: dict[str, Any] | None
        if isinstance(self.en, TemplateText):
            en = self.en.to_dict()
        else:
            en = self.en

        level = self.level.value

        subject = self.subject

        version = self.version


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "body": body,
            "createdAt": created_at,
            "en": en,
            "level": level,
            "subject": subject,
            "version": version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.template_text import TemplateText # noqa: PLC0415
        d = dict(src_dict)
        body = d.pop("body")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        def _parse_en(data: object) -> None | TemplateText:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                en_type_0 = TemplateText.from_dict(data)



                return en_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TemplateText, data)

        en = _parse_en(d.pop("en"))


        level = Level(d.pop("level"))




        subject = d.pop("subject")

        version = d.pop("version")

        template_out = cls(
            body=body,
            created_at=created_at,
            en=en,
            level=level,
            subject=subject,
            version=version,
        )

        return template_out

