from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="FeedbackReceivedData")



@_attrs_define
class FeedbackReceivedData:
    """ A customer's rating, anonymous as the feedback report is: no invoice or customer.

        Attributes:
            comment (None | str):
            month (str): `YYYY-MM`: the feedback report's month it counts in.
            stars (int): 1 very unsatisfied … 5 very satisfied.
     """

    comment: None | str
    month: str
    stars: int





    def to_dict(self) -> dict[str, Any]:
        comment: None | str
        comment = self.comment

        month = self.month

        stars = self.stars


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "comment": comment,
            "month": month,
            "stars": stars,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_comment(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        comment = _parse_comment(d.pop("comment"))


        month = d.pop("month")

        stars = d.pop("stars")

        feedback_received_data = cls(
            comment=comment,
            month=month,
            stars=stars,
        )

        return feedback_received_data

