"""`GET /v1/feedback/report`: what customers said, anonymized — counts, average, distribution,
trend by month and comments; never an invoice, contact, e-mail address or amount."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar.di import NamedDependency
from litestar.params import QueryParameter

from automahntion.api import scopes
from automahntion.api.routing import get
from automahntion.api.schemas import Schema
from automahntion.api.wiring import Units, Wired
from automahntion.app.loyalty.feedback import feedback_report

MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


class StarCount(Schema):
    """How many answers gave this many stars."""

    stars: int
    count: int


class MonthTrend(Schema):
    """The answers of one month."""

    month: str
    """YYYY-MM, Berlin time."""
    count: int
    average: float | None


class FeedbackComment(Schema):
    """A customer's comment with its rating."""

    month: str
    stars: int
    text: str


class FeedbackReportOut(Schema):
    """The customers' ratings over the months asked for."""

    count: int
    average: float | None
    distribution: list[StarCount]
    trend: list[MonthTrend]
    comments: list[FeedbackComment]


@get("/feedback/report", scope=scopes.FEEDBACK_READ, tags=["feedback"])
async def get_feedback_report(
    units: Wired[Units],
    tenant_id: NamedDependency[UUID],
    from_month: Annotated[
        str | None,
        QueryParameter(name="from", pattern=MONTH_PATTERN, description="First month, YYYY-MM"),
    ] = None,
    to_month: Annotated[
        str | None,
        QueryParameter(name="to", pattern=MONTH_PATTERN, description="Last month, YYYY-MM"),
    ] = None,
) -> FeedbackReportOut:
    """Get the feedback report

    The customers' ratings after payment, counted per month, with the average and the comments.
    Months are Berlin months, both ends included; `from` after `to` selects nothing."""
    result = await feedback_report(units, tenant_id, from_month, to_month)
    return FeedbackReportOut(
        count=result.count,
        average=result.average,
        distribution=[StarCount(stars=s, count=n) for s, n in result.distribution.items()],
        trend=[MonthTrend(month=m.month, count=m.count, average=m.average) for m in result.months],
        comments=[
            FeedbackComment(month=c.month, stars=c.stars, text=c.text) for c in result.comments
        ],
    )
