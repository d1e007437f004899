from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="TemplateText")



@_attrs_define
class TemplateText:
    """ A subject and body in one language.

        Attributes:
            body (str):
            subject (str):
     """

    body: str
    subject: str





    def to_dict(self) -> dict[str, Any]:
        body = self.body

        subject = self.subject


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "body": body,
            "subject": subject,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        body = d.pop("body")

        subject = d.pop("subject")

        template_text = cls(
            body=body,
            subject=subject,
        )

        return template_text

