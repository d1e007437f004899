from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.feedback_comment import FeedbackComment
  from ..models.month_trend import MonthTrend
  from ..models.star_count import StarCount





T = TypeVar("T", bound="FeedbackReportOut")



@_attrs_define
class FeedbackReportOut:
    """ The customers' ratings over the months asked for.

        Attributes:
            average (float | None):
            comments (list[FeedbackComment]):
            count (int):
            distribution (list[StarCount]):
            trend (list[MonthTrend]):
     """

    average: float | None
    comments: list[FeedbackComment]
    count: int
    distribution: list[StarCount]
    trend: list[MonthTrend]





    def to_dict(self) -> dict[str, Any]:
        from ..models.feedback_comment import FeedbackComment # noqa: PLC0415
        from ..models.month_trend import MonthTrend # noqa: PLC0415
        from ..models.star_count import StarCount # noqa: PLC0415
        average: float | None
        average = self.average

        comments = []
        for comments_item_data in self.comments:
            comments_item = comments_item_data.to_dict()
            comments.append(comments_item)



        count = self.count

        distribution = []
        for distribution_item_data in self.distribution:
            distribution_item = distribution_item_data.to_dict()
            distribution.append(distribution_item)



        trend = []
        for trend_item_data in self.trend:
            trend_item = trend_item_data.to_dict()
            trend.append(trend_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "average": average,
            "comments": comments,
            "count": count,
            "distribution": distribution,
            "trend": trend,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.feedback_comment import FeedbackComment # noqa: PLC0415
        from ..models.month_trend import MonthTrend # noqa: PLC0415
        from ..models.star_count import StarCount # noqa: PLC0415
        d = dict(src_dict)
        def _parse_average(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        average = _parse_average(d.pop("average"))


        comments = []
        _comments = d.pop("comments")
        for comments_item_data in (_comments):
            comments_item = FeedbackComment.from_dict(comments_item_data)



            comments.append(comments_item)


        count = d.pop("count")

        distribution = []
        _distribution = d.pop("distribution")
        for distribution_item_data in (_distribution):
            distribution_item = StarCount.from_dict(distribution_item_data)



            distribution.append(distribution_item)


        trend = []
        _trend = d.pop("trend")
        for trend_item_data in (_trend):
            trend_item = MonthTrend.from_dict(trend_item_data)



            trend.append(trend_item)


        feedback_report_out = cls(
            average=average,
            comments=comments,
            count=count,
            distribution=distribution,
            trend=trend,
        )

        return feedback_report_out

