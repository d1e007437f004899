"""The Litestar application: `/v1` resources, problem+json errors, the OpenAPI document.

What it runs on comes from the composition root (`bootstrap/web.py`), as a `Wiring` in the
application state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Litestar, Router
from litestar.datastructures import State
from litestar.di import Provide
from litestar.enums import ParamType
from litestar.exceptions import ServiceUnavailableException
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, OpenAPIType, Parameter, Schema, SecurityScheme
from litestar.types import ControllerRouterHandler, LifespanHook

from automahntion.api.access_log import RequestTrace
from automahntion.api.account import AccountController
from automahntion.api.activation import ActivationController
from automahntion.api.admin_tenants import AdminTenantController
from automahntion.api.api_keys import ApiKeyController
from automahntion.api.attention import list_attention
from automahntion.api.auth import PUBLIC_PATHS, CredentialsMiddleware, tenant_of_request
from automahntion.api.billing import BillingController, SubscriptionController, payments_webhook
from automahntion.api.closed_schemas import ClosedStructSchemas
from automahntion.api.contacts import ContactController
from automahntion.api.cors import BrowserCors, cors_headers
from automahntion.api.documents import DocumentController, LetterPreviewController
from automahntion.api.email_confirmation_page import confirm, confirmation_form
from automahntion.api.events import list_events
from automahntion.api.feedback_page import feedback_form, submit_feedback
from automahntion.api.feedback_report import get_feedback_report
from automahntion.api.idempotency import IdempotencyMiddleware
from automahntion.api.invoices import InvoiceController
from automahntion.api.letterhead import LetterheadController
from automahntion.api.lexoffice import LexofficeController
from automahntion.api.log_context import RequestLogContext
from automahntion.api.mail import MailController
from automahntion.api.messages import MessageController
from automahntion.api.oauth import OAUTH_ROUTES
from automahntion.api.oauth_clients import OAuthClientController
from automahntion.api.operation_ids import operation_id
from automahntion.api.postal_webhooks import postal_webhook
from automahntion.api.preview import dunning_preview
from automahntion.api.problems import problem_details_plugin
from automahntion.api.rate_limit import NOT_LIMITED, RateLimit
from automahntion.api.review import ReviewController
from automahntion.api.routing import BEARER, IDEMPOTENCY_KEY, PROBLEM_RESPONSES, PUBLIC, get
from automahntion.api.schemas import Health, ReadyOut
from automahntion.api.scope_check import ScopeCheck
from automahntion.api.server_errors import server_error
from automahntion.api.strict_body import StrictBodyMiddleware
from automahntion.api.tenant_settings import LevelsController, SettingsController
from automahntion.api.webhooks import lexoffice_webhook
from automahntion.api.wiring import Readiness, Wired, wired_dependencies
from automahntion.app.idempotency.replay import MAX_KEY_LENGTH

API_VERSION = "1.0.0"
IDEMPOTENCY_KEY_PATTERN = "^[!-~\u00a1-\u00ac\u00ae-\u00ff][ -~\u00a1-\u00ac\u00ae-\u00ff]*$"
"""What `app/idempotency/replay.py` takes as printable, among the Latin-1 a header carries (no
leading space: HTTP strips it)."""
MAX_BODY_BYTES = 1024 * 1024


@get("/health", tags=["operations"], public=True)
async def health() -> Health:
    """Liveness: the process answers."""
    return Health(status="ok")


@get(
    "/ready",
    tags=["operations"],
    public=True,
    responses={503: PROBLEM_RESPONSES[503]},
)
async def ready(readiness: Wired[Callable[[], Awaitable[Readiness]]]) -> ReadyOut:
    """Readiness: the database (and Redis, when configured) can be reached."""
    found = await readiness()
    if not found.ready:
        raise ServiceUnavailableException(f"database: {found.database}; redis: {found.redis}")
    return ReadyOut(database=found.database, redis=found.redis)


def _routes() -> list[ControllerRouterHandler]:
    return [
        health,
        ready,
        *OAUTH_ROUTES,
        feedback_form,
        submit_feedback,
        confirmation_form,
        confirm,
        Router(
            path="/v1",
            route_handlers=[
                LexofficeController,
                MailController,
                DocumentController,
                LetterPreviewController,
                AdminTenantController,
                lexoffice_webhook,
                postal_webhook,
                AccountController,
                SettingsController,
                LetterheadController,
                ActivationController,
                LevelsController,
                ApiKeyController,
                get_feedback_report,
                OAuthClientController,
                InvoiceController,
                MessageController,
                ContactController,
                ReviewController,
                dunning_preview,
                SubscriptionController,
                BillingController,
                payments_webhook,
                list_attention,
                list_events,
            ],
        ),
    ]


def _openapi() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="automahntion",
        version=API_VERSION,
        path="/schema",
        description=(
            "Payment reminders and dunning notices for lexoffice invoices. Authenticate with "
            "`Authorization: Bearer <API key | OAuth access token | admin token>`; errors are "
            "RFC 9457 problem+json; lists are paginated with `limit` and `cursor`; POST, PUT "
            "and PATCH accept an `Idempotency-Key`."
        ),
        operation_id_creator=operation_id,
        components=Components(
            parameters={
                IDEMPOTENCY_KEY: Parameter(
                    name=IDEMPOTENCY_KEY,
                    param_in=ParamType.HEADER,
                    required=False,
                    schema=Schema(
                        type=OpenAPIType.STRING,
                        min_length=1,
                        max_length=MAX_KEY_LENGTH,
                        pattern=IDEMPOTENCY_KEY_PATTERN,
                    ),
                    description=(
                        "Any unique string (a UUID): a repeat with the same key and body within "
                        "24 hours answers what the first answered and does nothing twice; the "
                        "same key with another body is a 409."
                    ),
                )
            },
            security_schemes={
                BEARER: SecurityScheme(
                    type="http",
                    scheme="bearer",
                    description="An API key (amk_…), an OAuth access token or an admin token",
                )
            },
        ),
    )


def _middleware() -> list[object]:
    return [
        BrowserCors(),
        RateLimit(),
        DefineMiddleware(
            CredentialsMiddleware,
            exclude=[*PUBLIC_PATHS, *NOT_LIMITED],
            exclude_from_auth_key=PUBLIC,
        ),
        ScopeCheck(),
        IdempotencyMiddleware(),
        StrictBodyMiddleware(),
        RequestLogContext(),
    ]


def api_app(
    state: State,
    on_startup: list[LifespanHook],
    on_shutdown: list[LifespanHook],
) -> Litestar:
    """The application; `state` holds (or `on_startup` puts there) its `wiring`."""
    app = Litestar(
        route_handlers=_routes(),
        dependencies={
            **wired_dependencies(),
            "tenant_id": Provide(tenant_of_request),
        },
        middleware=_middleware(),  # type: ignore[arg-type]
        exception_handlers={Exception: server_error},
        before_send=[cors_headers],
        logging_config=None,
        request_max_body_size=MAX_BODY_BYTES,
        plugins=[problem_details_plugin(), ClosedStructSchemas()],
        openapi_config=_openapi(),
        state=state,
        on_startup=on_startup,
        on_shutdown=on_shutdown,
    )
    app.asgi_handler = RequestTrace(app.asgi_handler)
    return app
