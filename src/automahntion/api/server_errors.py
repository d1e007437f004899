"""A failure of ours is answered as problem+json that names the request's id and nothing of
the cause, and logged as one JSON line with that id and the traceback."""

from __future__ import annotations

import logging
from typing import Any
from uuid import uuid4

from litestar import Request, Response
from litestar.types import Scope

from automahntion.api.logged_paths import logged_path
from automahntion.api.problems import problem_type
from automahntion.api.routing import PROBLEM_MEDIA_TYPE

REQUEST_ID = "request_id"
REQUEST_ID_HEADER = "X-Request-Id"
logger = logging.getLogger("automahntion.api")


def request_id_of(scope: Scope) -> str:
    """One id per request, made when first asked for."""
    state: dict[str, Any] = scope.setdefault("state", {})
    request_id: str = state.setdefault(REQUEST_ID, uuid4().hex)
    return request_id


def server_error(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    request_id = request_id_of(request.scope)
    logger.error(
        "unhandled %s on %s %s",
        type(error).__name__,
        request.method,
        logged_path(request.scope),
        exc_info=error,
        extra={REQUEST_ID: request_id},
    )
    return Response(
        {
            "type": problem_type("internal-error"),
            "title": "Internal Server Error",
            "status": 500,
            "detail": f"an internal error; request id {request_id}",
        },
        status_code=500,
        media_type=PROBLEM_MEDIA_TYPE,
    )
