"""Assemble the sandbox: /v1 behind the gateway, /oauth2, the /_sandbox controls, error bodies
in lexoffice's formats, and event delivery."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import uvicorn
from litestar import Litestar, Request, Response, Router
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.types import ExceptionHandlersMap

from automahntion_sandboxes.common import ControlError
from automahntion_sandboxes.lexoffice import (
    api,
    contacts,
    controls,
    dunnings,
    malformed,
    oauth,
    subscriptions,
)
from automahntion_sandboxes.lexoffice.errors import (
    ApiError,
    LegacyError,
    legacy_body,
    reason,
    regular_body,
)
from automahntion_sandboxes.lexoffice.events import DEFAULT_RETRY_DELAYS, Dispatcher
from automahntion_sandboxes.lexoffice.gate import Gate
from automahntion_sandboxes.lexoffice.signing import Signer
from automahntion_sandboxes.lexoffice.state import Sandbox

AnyRequest = Request[Any, Any, Any]
logger = logging.getLogger(__name__)
LEGACY_PATHS = ("/v1/contacts", "/v1/vouchers", "/v1/files")
LEGACY_KEYS = {400: "bad_request_error", 404: "missing_entity", 406: "validation_failure"}


def _error_handlers(sandbox: Sandbox) -> ExceptionHandlersMap:
    def regular(request: AnyRequest, status: int, message: str | None) -> Response[Any]:
        body = regular_body(sandbox.clock, status, request.url.path, message)
        return Response(content=body, status_code=status)

    def api_error(request: AnyRequest, error: ApiError) -> Response[Any]:
        if error.status == 401:
            return Response(content={"message": "Unauthorized"}, status_code=401)
        body = regular_body(
            sandbox.clock, error.status, request.url.path, error.message, error.details
        )
        return Response(content=body, status_code=error.status)

    def legacy_error(request: AnyRequest, error: LegacyError) -> Response[Any]:
        del request
        return Response(content=error.body(), status_code=error.status)

    def control_error(request: AnyRequest, error: ControlError) -> Response[Any]:
        del request
        return Response(content={"message": error.message}, status_code=error.status)

    def http_error(request: AnyRequest, error: HTTPException) -> Response[Any]:
        path, status = request.url.path, error.status_code
        if path.startswith(LEGACY_PATHS):
            key = LEGACY_KEYS.get(status, "technical_error")
            return Response(content=legacy_body(key), status_code=status)
        if path.startswith("/v1/"):
            return regular(request, status, error.detail or reason(status))
        return Response(content={"message": error.detail}, status_code=status)

    def unexpected(request: AnyRequest, error: Exception) -> Response[Any]:
        logger.exception("sandbox error on %s", request.url.path, exc_info=error)
        if request.url.path.startswith("/v1/"):
            return regular(request, 500, "Internal Server Error")
        return Response(content={"message": repr(error)}, status_code=500)

    return {
        ApiError: api_error,
        LegacyError: legacy_error,
        ControlError: control_error,
        HTTPException: http_error,
        Exception: unexpected,
    }


def create_app(
    *,
    rate_per_second: float = 2.0,
    signing_key_pem: bytes | None = None,
    retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
) -> Litestar:
    """A fresh, independent lexoffice sandbox (own state, own signing key unless given)."""
    sandbox = Sandbox(rate_per_second=rate_per_second)
    signer = Signer(signing_key_pem)
    dispatcher = Dispatcher(sandbox, signer, retry_delays)
    sandbox.emit = dispatcher.emit
    app = Litestar(
        route_handlers=[
            Router(
                "/v1",
                route_handlers=[
                    *api.ROUTES,
                    *contacts.ROUTES,
                    *dunnings.ROUTES,
                    *subscriptions.ROUTES,
                ],
            ),
            Router("/oauth2", route_handlers=oauth.ROUTES),
            Router("/_sandbox", route_handlers=[*controls.ROUTES, *malformed.ROUTES]),
        ],
        dependencies={
            "sandbox": Provide(lambda: sandbox, use_cache=True, sync_to_thread=False),
            "dispatcher": Provide(lambda: dispatcher, use_cache=True, sync_to_thread=False),
            "signer": Provide(lambda: signer, use_cache=True, sync_to_thread=False),
        },
        exception_handlers=_error_handlers(sandbox),
        on_shutdown=[dispatcher.close],
        openapi_config=None,
        logging_config=None,
    )
    app.state.sandbox = sandbox
    app.state.signer = signer
    app.asgi_handler = Gate(app.asgi_handler, sandbox)
    return app


def serve(host: str = "127.0.0.1", port: int = 8101, rate_per_second: float = 2.0) -> None:
    """Run the sandbox until interrupted; prints its base URL and webhook public key first."""
    app = create_app(rate_per_second=rate_per_second)
    signer: Signer = app.state.signer
    print(f"lexoffice sandbox at http://{host}:{port} (rate {rate_per_second}/s)", flush=True)
    print(signer.public_key_pem(), end="", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
