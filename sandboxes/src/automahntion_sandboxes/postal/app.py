"""Assemble the postal sandbox: Pingen's API, `/_sandbox` controls, JSON:API error bodies, the
gate that logs calls and injects faults, and webhook delivery."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import uvicorn
from litestar import Litestar, Request, Response, Router
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.types import ExceptionHandlersMap

from automahntion_sandboxes.common import (
    DEFAULT_RETRY_DELAYS,
    ControlError,
    Deliverer,
    Gate,
)
from automahntion_sandboxes.postal import api, controls
from automahntion_sandboxes.postal.api import JSON_API, ApiError
from automahntion_sandboxes.postal.letters import Lifecycle
from automahntion_sandboxes.postal.state import Sandbox

AnyRequest = Request[Any, Any, Any]
logger = logging.getLogger(__name__)
CLIENT_ID = "postal-sandbox"
CLIENT_SECRET = "postal-sandbox-secret"
ORGANISATION_ID = "0b9e1f2a-6d3c-4c55-9a51-3f0f6b1e2d7a"


def _is_api(path: str) -> bool:
    return not path.startswith("/_sandbox")


def _fault_body(status: int) -> tuple[Any, str]:
    return ApiError(status, "injected fault").body(), JSON_API


def _error_handlers() -> ExceptionHandlersMap:
    def api_error(request: AnyRequest, error: ApiError) -> Response[Any]:
        del request
        return Response(content=error.body(), status_code=error.status, media_type=JSON_API)

    def control_error(request: AnyRequest, error: ControlError) -> Response[Any]:
        del request
        return Response(content={"message": error.message}, status_code=error.status)

    def http_error(request: AnyRequest, error: HTTPException) -> Response[Any]:
        if request.url.path.startswith("/_sandbox"):
            return Response({"message": error.detail}, status_code=error.status_code)
        body = ApiError(error.status_code, error.detail).body()
        return Response(content=body, status_code=error.status_code, media_type=JSON_API)

    def unexpected(request: AnyRequest, error: Exception) -> Response[Any]:
        logger.exception("postal sandbox error on %s", request.url.path, exc_info=error)
        return Response(content={"message": repr(error)}, status_code=500)

    return {
        ApiError: api_error,
        ControlError: control_error,
        HTTPException: http_error,
        Exception: unexpected,
    }


def create_app(
    *,
    client_id: str = CLIENT_ID,
    client_secret: str = CLIENT_SECRET,
    organisation_id: str = ORGANISATION_ID,
    retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
) -> Litestar:
    """A fresh postal sandbox with one OAuth client of one organisation."""
    sandbox = Sandbox(client_id, client_secret, organisation_id)
    deliverer = Deliverer(retry_delays)
    lifecycle = Lifecycle(sandbox, deliverer)
    app = Litestar(
        route_handlers=[*api.ROUTES, Router("/_sandbox", route_handlers=controls.ROUTES)],
        dependencies={
            "sandbox": Provide(lambda: sandbox, use_cache=True, sync_to_thread=False),
            "deliverer": Provide(lambda: deliverer, use_cache=True, sync_to_thread=False),
            "lifecycle": Provide(lambda: lifecycle, use_cache=True, sync_to_thread=False),
        },
        exception_handlers=_error_handlers(),
        on_shutdown=[deliverer.close],
        openapi_config=None,
        logging_config=None,
    )
    app.state.sandbox = sandbox
    app.asgi_handler = Gate(
        app.asgi_handler,
        is_api=_is_api,
        faults=sandbox.faults,
        log=sandbox.requests,
        fault_body=_fault_body,
    )
    return app


def serve(host: str = "127.0.0.1", port: int = 8102) -> None:
    """Run the sandbox until interrupted; prints the settings that point the service at it."""
    app = create_app()
    sandbox: Sandbox = app.state.sandbox
    client = sandbox.default_client
    print(f"postal sandbox (Pingen API v2) at http://{host}:{port}", flush=True)
    print(f"AUTOMAHNTION_POSTAL_API_URL=http://{host}:{port}", flush=True)
    print(f"AUTOMAHNTION_POSTAL_API_KEY={client.client_id}:{client.secret}", flush=True)
    print(f"AUTOMAHNTION_POSTAL_WEBHOOK_SECRET={sandbox.default_signing_key}", flush=True)
    print(f"organisation {client.organisation_id}; controls under /_sandbox", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
