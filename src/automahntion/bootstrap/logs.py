"""Structured logs: one JSON object per line on stderr, carrying the tenant and job a line
belongs to (set with `log_context` by whoever starts the work: a job, a request)."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from automahntion.app.log_context import current_log_context

_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str).encode
"""As `json.dumps(…, ensure_ascii=False, default=str)`, without building an encoder per line
(an access line per request)."""


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **dict(current_log_context()),
        }
        line.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return _ENCODE(line)


QUIET = ("httpx", "httpcore", "aiosqlite", "asyncpg", "piccolo", "fontTools", "weasyprint")
"""Libraries whose INFO chatter (e.g. httpx's line per request) would bury our events: only
their warnings and errors are written."""


class StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever `sys.stderr` is when the line is written, not when the handler was
    made: while progress bars are drawn, that is the stream that prints above them."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr  # `handle` holds the handler's lock around `emit`
        super().emit(record)


def configure_logging(level: str = "INFO") -> None:
    """JSON lines for our loggers and the servers' (uvicorn, arq) alike."""
    handler = StderrHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "arq", "arq.worker"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
