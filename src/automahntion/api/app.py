"""The Litestar application: `/v1` resources, problem+json errors, the OpenAPI document."""

from __future__ import annotations

import asyncio
import contextlib

from litestar import Litestar, Router
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ServiceUnavailableException
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.types import ControllerRouterHandler, LifespanHook

from automahntion.api.account import AccountController
from automahntion.api.activation import ActivationController
from automahntion.api.admin_tenants import AdminTenantController
from automahntion.api.api_keys import ApiKeyController
from automahntion.api.attention import list_attention
from automahntion.api.auth import PUBLIC_PATHS, CredentialsMiddleware, tenant_of_request
from automahntion.api.billing import BillingController, SubscriptionController, payments_webhook
from automahntion.api.caches import api_caches
from automahntion.api.closed_schemas import ClosedStructSchemas
from automahntion.api.contacts import ContactController
from automahntion.api.documents import DocumentController, LetterPreviewController
from automahntion.api.email_confirmation_page import confirm, confirmation_form
from automahntion.api.feedback_page import feedback_form, submit_feedback
from automahntion.api.feedback_report import get_feedback_report
from automahntion.api.forget_on_write import ForgetOnWrite
from automahntion.api.idempotency import IdempotencyMiddleware
from automahntion.api.invoices import InvoiceController
from automahntion.api.lexoffice import LexofficeController
from automahntion.api.log_context import RequestLogContext
from automahntion.api.mail import MailController
from automahntion.api.oauth import OAUTH_ROUTES
from automahntion.api.oauth_clients import OAuthClientController
from automahntion.api.postal_webhooks import postal_webhook
from automahntion.api.preview import dunning_preview
from automahntion.api.problems import problem_details_plugin
from automahntion.api.rate_limit import NOT_LIMITED, RateLimit
from automahntion.api.review import ReviewController
from automahntion.api.routing import BEARER, PROBLEM_RESPONSES, PUBLIC, get
from automahntion.api.schemas import Health, ReadyOut
from automahntion.api.scope_check import ScopeCheck
from automahntion.api.server_errors import server_error
from automahntion.api.strict_body import StrictBodyMiddleware
from automahntion.api.tenant_settings import LevelsController, SettingsController
from automahntion.api.webhooks import lexoffice_webhook
from automahntion.app.clock import Clock
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.heap import settle_startup_heap
from automahntion.bootstrap.readiness import readiness
from automahntion.bootstrap.schedule import run_ticks
from automahntion.bootstrap.settings import Settings

API_VERSION = "1.0.0"
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
async def ready(container: NamedDependency[Container]) -> ReadyOut:
    """Readiness: the database (and Redis, when configured) can be reached."""
    found = await readiness(container)
    if not found.ready:
        raise ServiceUnavailableException(f"database: {found.database}; redis: {found.redis}")
    return ReadyOut(database=found.database, redis=found.redis)


def _container(state: State) -> Container:
    container: Container = state.container
    return container


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
                ActivationController,
                LevelsController,
                ApiKeyController,
                get_feedback_report,
                OAuthClientController,
                InvoiceController,
                ContactController,
                ReviewController,
                dunning_preview,
                SubscriptionController,
                BillingController,
                payments_webhook,
                list_attention,
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
        components=Components(
            security_schemes={
                BEARER: SecurityScheme(
                    type="http",
                    scheme="bearer",
                    description="An API key (amk_…), an OAuth access token or an admin token",
                )
            }
        ),
    )


def _middleware() -> list[object]:
    return [
        RateLimit(),
        DefineMiddleware(
            CredentialsMiddleware,
            exclude=[*PUBLIC_PATHS, *NOT_LIMITED],
            exclude_from_auth_key=PUBLIC,
        ),
        ScopeCheck(),
        ForgetOnWrite(),
        IdempotencyMiddleware(),
        StrictBodyMiddleware(),
        RequestLogContext(),
    ]


def _app(
    state: State,
    on_startup: list[LifespanHook],
    on_shutdown: list[LifespanHook],
) -> Litestar:
    return Litestar(
        route_handlers=_routes(),
        dependencies={
            "container": Provide(_container, sync_to_thread=False),
            "tenant_id": Provide(tenant_of_request),
        },
        middleware=_middleware(),  # type: ignore[arg-type]
        exception_handlers={Exception: server_error},
        logging_config=None,
        request_max_body_size=MAX_BODY_BYTES,
        plugins=[problem_details_plugin(), ClosedStructSchemas()],
        openapi_config=_openapi(),
        state=state,
        on_startup=on_startup,
        on_shutdown=on_shutdown,
    )


def create_app(container: Container) -> Litestar:
    """An app on a container that is already started (tests, embedded use)."""
    return _app(State({"container": container, "caches": api_caches(None)}), [], [])


def serving_app(settings: Settings, clock: Clock) -> Litestar:
    """An app that builds its container when the server starts and stops it at shutdown."""

    async def start(app: Litestar) -> None:
        container = await Container.start(settings, clock)
        app.state.container = container
        feed = container.database.change_feed()
        app.state.caches = api_caches(feed)
        if feed is not None:
            await feed.start()
            app.state.feed = feed
        settle_startup_heap()
        if container.redis is None:
            app.state.schedule = asyncio.create_task(run_ticks(container.tick))

    async def stop(app: Litestar) -> None:
        schedule = app.state.get("schedule")
        if schedule is not None:
            schedule.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await schedule
        feed = app.state.get("feed")
        if feed is not None:
            await feed.stop()
        await app.state.container.stop()

    return _app(State(), [start], [stop])
