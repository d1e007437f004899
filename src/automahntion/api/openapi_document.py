"""The OpenAPI document's own parts: what the API is, its tags (one per resource, grouped for
the reader), the webhook it sends and where it is browsed (`/schema`, Redoc from this
service's own assets)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from litestar import Router
from litestar.datastructures import ResponseHeader
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import RedocRenderPlugin
from litestar.openapi.spec import License, OpenAPI, Tag

from automahntion.api.docs_assets import DOCS_CSP, NO_FAVICON, REDOC_JS_URL
from automahntion.api.event_webhook import EVENT_WEBHOOK, event_webhook
from automahntion.api.openapi_components import components
from automahntion.api.operation_ids import operation_id
from automahntion.api.scopes import SCOPE_DOCS

DESCRIPTION = """\
Payment reminders (Zahlungserinnerungen) and dunning notices (Mahnungen) for the invoices of a
lexoffice account, sent by e-mail and by post exactly once each.

**Authentication.** Send `Authorization: Bearer <credential>`: an API key of the tenant
(`amk_…`), an OAuth access token of a widget, or — for `/v1/admin` only — an admin token. Each
operation names the OAuth scope it needs; an API key holds every scope unless it was limited.

**Errors** are [RFC 9457](https://www.rfc-editor.org/rfc/rfc9457) `application/problem+json`
with a stable `type`; each type is a page of this service (`/problems/{kind}`) that says what it
means and what to do. A 422 names each refused field in `errors`.

**Lists** are paginated: `limit` (1–250) and the `nextCursor` of the previous page as `cursor`.

**Retries.** POST, PUT and PATCH take an `Idempotency-Key`: the same key and body within 24
hours answers the first response again and does nothing twice. Every answer carries
`X-Request-Id` and the `RateLimit-*` headers; a 429 says in `Retry-After` when to try again.

**Money** is in euro cents (integers); timestamps are RFC 3339 in UTC, dates `YYYY-MM-DD`.

Changes are listed in the changelog (`CHANGELOG.md`); a breaking change gets `/v2`.
"""


@dataclass
class DisplayedTag(Tag):
    display_name: str | None = field(default=None, metadata={"alias": "x-displayName"})


@dataclass
class GroupedOpenAPI(OpenAPI):
    tag_groups: list[dict[str, Any]] | None = field(default=None, metadata={"alias": "x-tagGroups"})


def _tag(name: str, display: str, description: str) -> DisplayedTag:
    return DisplayedTag(name=name, display_name=display, description=description)


TAG_GROUPS: tuple[tuple[str, tuple[DisplayedTag, ...]], ...] = (
    (
        "Invoices and dunning",
        (
            _tag(
                "invoices",
                "Invoices",
                "The tenant's open and paid invoices as synced from lexoffice, with what was "
                "sent for each, and a Mahnstopp (pause) per invoice.",
            ),
            _tag(
                "contacts",
                "Contacts",
                "The tenant's customers (lexoffice contacts) and a Mahnstopp for all invoices "
                "of one customer.",
            ),
            _tag(
                "messages",
                "Messages",
                "One reminder or dunning notice as it was sent (or refused): recipients, "
                "text, channel and delivery state.",
            ),
            _tag(
                "documents",
                "Documents",
                "The PDFs sent with messages and letters (lexoffice's dunning documents or "
                "our own letters), and previews of a letter before it is sent.",
            ),
            _tag(
                "dunning",
                "Dunning preview",
                "What the next sending days would send, without sending anything.",
            ),
            _tag(
                "attention",
                "Needs attention",
                "Invoices the service cannot dun on its own (no address, a refused letter, "
                "a failed payment check) and why.",
            ),
            _tag(
                "review",
                "Review",
                "Messages held for the tenant's approval before they are sent.",
            ),
            _tag(
                "events",
                "Events",
                "What happened, in order, with a cursor: messages sent or failed, invoices "
                "paid or needing attention, letters, feedback.",
            ),
            _tag(
                "feedback",
                "Feedback",
                "The customers' answers to the one-question survey after payment.",
            ),
        ),
    ),
    (
        "Configuration",
        (
            _tag(
                "settings",
                "Settings",
                "How the tenant duns: sending days and limits, recipients, language, and the "
                "letterhead of letters by post.",
            ),
            _tag(
                "levels",
                "Levels",
                "The dunning levels (reminders R1–R6, Mahnungen M1–M3): when each is sent, "
                "by which channel, with which fee and text template.",
            ),
            _tag(
                "mail",
                "Mail",
                "The tenant's own SMTP server for sending, and test messages.",
            ),
            _tag(
                "lexoffice",
                "lexoffice",
                "Connecting the tenant's lexoffice account (OAuth or a private API key), its "
                "state, and synchronising invoices and contacts.",
            ),
            _tag(
                "webhook endpoints",
                "Webhook endpoints",
                "Where the tenant's events are delivered as signed HTTP requests (Standard "
                "Webhooks), each endpoint with its own secret and choice of event types.",
            ),
            _tag(
                "activation",
                "Activation",
                "Switching sending on: a new tenant sends nothing until it is activated.",
            ),
        ),
    ),
    (
        "Account and billing",
        (
            _tag(
                "account",
                "Account",
                "The tenant's account: name and addresses, usage, and a pause of all dunning.",
            ),
            _tag(
                "api keys",
                "API keys",
                "The tenant's API keys: create (optionally limited to scopes), list, revoke.",
            ),
            _tag(
                "billing",
                "Billing",
                "The tenant's plan, SEPA mandate, add-ons and our invoices to the tenant.",
            ),
        ),
    ),
    (
        "Platform",
        (
            _tag(
                "oauth",
                "OAuth",
                "This service is the OAuth 2.0 authorization server for widgets "
                "(authorization code with PKCE); its metadata says where its endpoints are.",
            ),
            _tag(
                "incoming webhooks",
                "Incoming webhooks",
                "Where lexoffice, the postal service and the payment provider report events; "
                "each is verified by its signature before anything is read.",
            ),
            _tag(
                "admin",
                "Admin",
                "The operator's API (admin tokens only): tenants, plans, OAuth clients and "
                "admin tokens.",
            ),
            _tag(
                "operations",
                "Operations",
                "Liveness and readiness for the load balancer and the orchestrator.",
            ),
        ),
    ),
)

TAGS = [tag for _, tags in TAG_GROUPS for tag in tags]


class DocumentConfig(OpenAPIConfig):
    def to_openapi_schema(self) -> OpenAPI:
        base = super().to_openapi_schema()
        document = GroupedOpenAPI(
            **{name: getattr(base, name) for name in base.__dataclass_fields__},
        )
        document.webhooks = {EVENT_WEBHOOK: event_webhook()}
        document.tag_groups = [
            {"name": group, "tags": [tag.name for tag in tags]} for group, tags in TAG_GROUPS
        ]
        return document


def openapi_config(version: str) -> OpenAPIConfig:
    return DocumentConfig(
        title="automahntion",
        version=version,
        path="/schema",
        description=DESCRIPTION,
        license=License(name="MIT", identifier="MIT"),
        tags=list(TAGS),
        components=components(SCOPE_DOCS),
        operation_id_creator=operation_id,
        render_plugins=[
            RedocRenderPlugin(
                js_url=REDOC_JS_URL, google_fonts=False, favicon=NO_FAVICON, path="/redoc"
            )
        ],
        openapi_router=Router(
            "/schema",
            route_handlers=[],
            include_in_schema=False,
            response_headers=[ResponseHeader(name="Content-Security-Policy", value=DOCS_CSP)],
        ),
    )
