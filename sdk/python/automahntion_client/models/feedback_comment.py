from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="FeedbackComment")



@_attrs_define
class FeedbackComment:
    """ A customer's comment with its rating.

        Attributes:
            month (str):
            stars (int):
            text (str):
     """

    month: str
    stars: int
    text: str





    def to_dict(self) -> dict[str, Any]:
        month = self.month

        stars = self.stars

        text = self.text


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "month": month,
            "stars": stars,
            "text": text,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        month = d.pop("month")

        stars = d.pop("stars")

        text = d.pop("text")

        feedback_comment = cls(
            month=month,
            stars=stars,
            text=text,
        )

        return feedback_comment

