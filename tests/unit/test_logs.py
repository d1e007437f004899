"""Log lines are JSON objects carrying the tenant and job they belong to."""

from __future__ import annotations

import json
import logging

import pytest

from automahntion.app.log_context import log_context
from automahntion.bootstrap.logs import JsonFormatter
from automahntion.bootstrap.observability import scrub


def _line(record_logger: logging.Logger, message: str, **extra: object) -> dict[str, object]:
    record = record_logger.makeRecord(
        record_logger.name, logging.INFO, __file__, 1, message, (), None, extra=extra
    )
    parsed: dict[str, object] = json.loads(JsonFormatter().format(record))
    return parsed


def test_a_line_carries_the_context_it_was_written_in() -> None:
    logger = logging.getLogger("automahntion.test")
    with log_context(tenant_id="t-1"), log_context(job_id="daily:t-1:2026-11-27"):
        inside = _line(logger, "daily run finished: 3 sent", event="daily_run")
    outside = _line(logger, "later")
    assert inside["tenant_id"] == "t-1"
    assert inside["job_id"] == "daily:t-1:2026-11-27"
    assert inside["event"] == "daily_run"
    assert inside["message"] == "daily run finished: 3 sent"
    assert inside["level"] == "info"
    assert "tenant_id" not in outside


def test_an_exception_is_kept_in_the_line() -> None:
    logger = logging.getLogger("automahntion.test")
    try:
        raise ValueError("kaputt")
    except ValueError:
        record = logger.makeRecord(
            logger.name,
            logging.ERROR,
            __file__,
            1,
            "failed",
            (),
            exc_info=__import__("sys").exc_info(),
        )
    line = json.loads(JsonFormatter().format(record))
    assert "ValueError: kaputt" in line["exception"]


@pytest.mark.parametrize("query", ["", "?email=chef%40baeckerei.example"])
def test_error_reports_keep_no_headers_bodies_or_query_strings(query: str) -> None:
    event = {
        "request": {
            "method": "POST",
            "url": "https://api.example/v1/smtp" + query,
            "headers": {"Authorization": "Bearer amk_secret"},
            "data": {"password": "geheim"},
            "cookies": "session=1",
            "query_string": query,
        },
        "user": {"email": "chef@baeckerei.example"},
    }
    scrubbed = json.dumps(scrub(event))
    assert "amk_secret" not in scrubbed
    assert "geheim" not in scrubbed
    assert "chef" not in scrubbed
    assert json.loads(scrubbed)["request"] == {
        "method": "POST",
        "url": "https://api.example/v1/smtp",
    }
