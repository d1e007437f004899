"""Assemble the payments sandbox: Stripe's /v1 behind its key and idempotency, the /_sandbox
controls, Stripe's error bodies, the gate that logs and injects faults, webhook delivery."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import uvicorn
from litestar import Litestar, Request, Response, Router
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.types import ExceptionHandlersMap

from automahntion_sandboxes.common import DEFAULT_RETRY_DELAYS, ControlError, Deliverer, Gate
from automahntion_sandboxes.payments import api, controls, credit_notes
from automahntion_sandboxes.payments.errors import StripeError, fault_body
from automahntion_sandboxes.payments.front import Front
from automahntion_sandboxes.payments.ledger import Ledger

AnyRequest = Request[Any, Any, Any]
logger = logging.getLogger(__name__)
API_KEY = "sk_test_automahntion_sandbox"
WEBHOOK_SECRET = "whsec_automahntion_sandbox"


def _error_handlers() -> ExceptionHandlersMap:
    def stripe_error(request: AnyRequest, error: StripeError) -> Response[Any]:
        del request
        return Response(content=error.body(), status_code=error.status)

    def control_error(request: AnyRequest, error: ControlError) -> Response[Any]:
        del request
        return Response(content={"message": error.message}, status_code=error.status)

    def http_error(request: AnyRequest, error: HTTPException) -> Response[Any]:
        if request.url.path.startswith("/_sandbox"):
            return Response({"message": error.detail}, status_code=error.status_code)
        message = "Unrecognized request URL." if error.status_code == 404 else error.detail
        body = StripeError(error.status_code, message).body()
        return Response(content=body, status_code=error.status_code)

    def unexpected(request: AnyRequest, error: Exception) -> Response[Any]:
        logger.exception("payments sandbox error on %s", request.url.path, exc_info=error)
        return Response(content=StripeError(500, repr(error)).body(), status_code=500)

    return {
        StripeError: stripe_error,
        ControlError: control_error,
        HTTPException: http_error,
        Exception: unexpected,
    }


def create_app(
    *,
    api_key: str = API_KEY,
    webhook_secret: str = WEBHOOK_SECRET,
    retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
) -> Litestar:
    """A fresh payments sandbox (one Stripe test account) with the price list seeded."""
    ledger = Ledger(api_key, webhook_secret, Deliverer(retry_delays))
    app = Litestar(
        route_handlers=[
            Router("/v1", route_handlers=[*api.ROUTES, *credit_notes.ROUTES]),
            Router("/_sandbox", route_handlers=controls.ROUTES),
        ],
        dependencies={"ledger": Provide(lambda: ledger, use_cache=True, sync_to_thread=False)},
        exception_handlers=_error_handlers(),
        on_shutdown=[ledger.deliverer.close],
        openapi_config=None,
        logging_config=None,
    )
    app.state.ledger = ledger
    app.asgi_handler = Gate(
        Front(app.asgi_handler, ledger),
        is_api=lambda path: path.startswith("/v1/"),
        faults=ledger.faults,
        log=ledger.requests,
        fault_body=lambda status: (fault_body(status), "application/json"),
    )
    return app


def serve(host: str = "127.0.0.1", port: int = 8103) -> None:
    """Run the sandbox until interrupted; prints the settings that point the service at it."""
    app = create_app()
    ledger: Ledger = app.state.ledger
    print(f"payments sandbox (Stripe API subset) at http://{host}:{port}", flush=True)
    print(f"AUTOMAHNTION_PAYMENTS_API_URL=http://{host}:{port}", flush=True)
    print(f"AUTOMAHNTION_PAYMENTS_API_KEY={ledger.api_key}", flush=True)
    print(f"AUTOMAHNTION_PAYMENTS_WEBHOOK_SECRET={ledger.webhook_secret}", flush=True)
    print(
        'register a webhook: POST /_sandbox/webhooks {"url": …}; controls under /_sandbox',
        flush=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")
