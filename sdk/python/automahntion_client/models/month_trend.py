from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="MonthTrend")



@_attrs_define
class MonthTrend:
    """ The answers of one month.

        Attributes:
            average (float | None):
            count (int):
            month (str): YYYY-MM, Berlin time.
     """

    average: float | None
    count: int
    month: str





    def to_dict(self) -> dict[str, Any]:
        average: float | None
        average = self.average

        count = self.count

        month = self.month


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "average": average,
            "count": count,
            "month": month,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_average(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        average = _parse_average(d.pop("average"))


        count = d.pop("count")

        month = d.pop("month")

        month_trend = cls(
            average=average,
            count=count,
            month=month,
        )

        return month_trend

