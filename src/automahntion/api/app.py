"""The Litestar application: `/v1` resources, problem+json errors, the OpenAPI document.

What it runs on comes from the composition root (`bootstrap/web.py`), as a `Wiring` in the
application state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Litestar, Router
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import ServiceUnavailableException
from litestar.middleware import DefineMiddleware
from litestar.types import ControllerRouterHandler, LifespanHook

from automahntion.api.access_log import RequestTrace
from automahntion.api.account import AccountController
from automahntion.api.activation import ActivationController
from automahntion.api.admin_tenants import AdminTenantController
from automahntion.api.admin_tokens import AdminTokenController
from automahntion.api.api_keys import ApiKeyController
from automahntion.api.attention import list_attention
from automahntion.api.auth import PUBLIC_PATHS, CredentialsMiddleware, tenant_of_request
from automahntion.api.billing import BillingController, SubscriptionController, payments_webhook
from automahntion.api.closed_schemas import ClosedStructSchemas
from automahntion.api.contacts import ContactController
from automahntion.api.cors import BrowserCors, cors_headers
from automahntion.api.docs_assets import docs_assets
from automahntion.api.documents import DocumentController, LetterPreviewController
from automahntion.api.email_confirmation_page import confirm, confirmation_form
from automahntion.api.event_schemas import TypedEvent
from automahntion.api.events import EventOut, list_events
from automahntion.api.feedback_page import feedback_form, submit_feedback
from automahntion.api.feedback_report import get_feedback_report
from automahntion.api.idempotency import IdempotencyMiddleware
from automahntion.api.invoice_hand_over import InvoiceHandOverController
from automahntion.api.invoices import InvoiceController
from automahntion.api.letterhead import LetterheadController
from automahntion.api.level_templates import LevelTemplatesController
from automahntion.api.lexoffice import LexofficeController
from automahntion.api.lexoffice_begin import connect_begin, connect_begin_page
from automahntion.api.log_context import RequestLogContext
from automahntion.api.mail import MailController
from automahntion.api.messages import MessageController
from automahntion.api.oauth import OAUTH_ROUTES
from automahntion.api.oauth_clients import OAuthClientController
from automahntion.api.openapi_document import openapi_config
from automahntion.api.postal_webhooks import postal_webhook
from automahntion.api.preview import dunning_preview
from automahntion.api.problem_pages import problem_index, problem_page
from automahntion.api.problems import problem_details_plugin
from automahntion.api.rate_limit import NOT_LIMITED, CredentialBudget, RateLimit, budget_headers
from automahntion.api.review import ReviewController
from automahntion.api.routing import NOT_RATE_LIMITED, PROBLEM_RESPONSES, PUBLIC, get
from automahntion.api.schemas import Health, ReadyOut
from automahntion.api.scope_check import ScopeCheck
from automahntion.api.server_errors import server_error
from automahntion.api.strict_body import StrictBodyMiddleware
from automahntion.api.tagged_unions import TaggedUnionSchemas
from automahntion.api.tenant_settings import LevelsController, SettingsController
from automahntion.api.webhook_endpoints import WebhookEndpointController
from automahntion.api.webhooks import lexoffice_webhook
from automahntion.api.wiring import Readiness, Wired, wired_dependencies

API_VERSION = "1.0.0"
MAX_BODY_BYTES = 1024 * 1024


@get("/health", tags=["operations"], public=True, opt={NOT_RATE_LIMITED: True})
async def health() -> Health:
    """Check liveness

    Answers 200 while the process runs, without looking at the database: for a liveness
    probe. Takes no credentials and spends no request budget."""
    return Health(status="ok")


@get(
    "/ready",
    tags=["operations"],
    public=True,
    responses={503: PROBLEM_RESPONSES[503]},
    opt={NOT_RATE_LIMITED: True},
)
async def ready(readiness: Wired[Callable[[], Awaitable[Readiness]]]) -> ReadyOut:
    """Check readiness

    Answers 200 when the database (and Redis, when configured) can be reached, 503 with what
    is missing otherwise: for the load balancer's readiness check. Takes no credentials and
    spends no request budget."""
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
        problem_index,
        problem_page,
        docs_assets(),
        Router(
            path="/v1",
            route_handlers=[
                LexofficeController,
                connect_begin_page,
                connect_begin,
                MailController,
                DocumentController,
                LetterPreviewController,
                AdminTenantController,
                AdminTokenController,
                lexoffice_webhook,
                postal_webhook,
                AccountController,
                SettingsController,
                LetterheadController,
                ActivationController,
                LevelsController,
                LevelTemplatesController,
                ApiKeyController,
                get_feedback_report,
                OAuthClientController,
                InvoiceController,
                InvoiceHandOverController,
                MessageController,
                ContactController,
                ReviewController,
                dunning_preview,
                SubscriptionController,
                BillingController,
                payments_webhook,
                list_attention,
                list_events,
                WebhookEndpointController,
            ],
        ),
    ]


def _middleware() -> list[object]:
    return [
        BrowserCors(),
        RateLimit(),
        DefineMiddleware(
            CredentialsMiddleware,
            exclude=[*PUBLIC_PATHS, *NOT_LIMITED],
            exclude_from_auth_key=PUBLIC,
        ),
        CredentialBudget(),
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
        before_send=[cors_headers, budget_headers],
        logging_config=None,
        request_max_body_size=MAX_BODY_BYTES,
        plugins=[
            problem_details_plugin(),
            TaggedUnionSchemas({EventOut: TypedEvent}),
            ClosedStructSchemas(),
        ],
        openapi_config=openapi_config(API_VERSION),
        state=state,
        on_startup=on_startup,
        on_shutdown=on_shutdown,
    )
    app.asgi_handler = RequestTrace(app.asgi_handler)
    return app
