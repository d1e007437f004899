"""`updatedSince` reads RFC 3339 times with a zone, in any spelling the RFC allows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from automahntion.api.updated_since import FIRST, LAST, moment
from automahntion.domain.errors import ValidationFailed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01T09:00:00Z", datetime(2026, 12, 1, 9, tzinfo=UTC)),
        ("2026-12-01t10:00:00+01:00", datetime(2026, 12, 1, 9, tzinfo=UTC)),
        ("2026-12-01 09:00:00.1234567z", datetime(2026, 12, 1, 9, 0, 0, 123456, tzinfo=UTC)),
        ("2016-12-31T23:59:60Z", datetime(2016, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("0000-01-01T00:00:00+01:00", FIRST),
        ("9999-12-31T23:59:59-01:00", LAST),
    ],
)
def test_a_time_with_a_zone_is_that_moment_in_utc(text: str, expected: datetime) -> None:
    assert moment(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2026-12-01T09:00:00", "2026-12-01", "gestern", "2026-02-30T09:00:00Z", "", "20261201T09Z"],
)
def test_anything_else_is_refused_naming_the_parameter(text: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        moment(text)
    assert [p.field for p in refused.value.problems] == ["updatedSince"]
