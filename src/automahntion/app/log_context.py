"""What the work being done belongs to (e.g. tenant_id, job_id, request_id), for the log lines
written meanwhile: set by whoever starts the work (a job, a request); written out by the log
format the process is configured with."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

_CONTEXT: contextvars.ContextVar[tuple[tuple[str, str], ...]] = contextvars.ContextVar(
    "automahntion_log_context", default=()
)


@contextlib.contextmanager
def log_context(**values: object) -> Iterator[None]:
    """Adds `values` (e.g. tenant_id, job_id) to every log line written inside the block."""
    merged = {**dict(_CONTEXT.get()), **{k: str(v) for k, v in values.items()}}
    token = _CONTEXT.set(tuple(merged.items()))
    try:
        yield
    finally:
        _CONTEXT.reset(token)


def current_log_context() -> tuple[tuple[str, str], ...]:
    """The values set by the blocks around the caller, as (name, value) pairs."""
    return _CONTEXT.get()
