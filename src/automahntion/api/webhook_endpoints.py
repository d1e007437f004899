"""`/v1/webhook-endpoints`: where a tenant's events are delivered, signed (Standard Webhooks)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request
from litestar.di import NamedDependency
from litestar.params import JSONBody
from msgspec import UnsetType

from automahntion.api import scopes
from automahntion.api.auth import caller_of, require_scope
from automahntion.api.pagination import Cursor, Limit, moment_after, moment_cursor, next_cursor
from automahntion.api.path_ids import EndpointId
from automahntion.api.routing import delete, get, patch, post
from automahntion.api.webhook_endpoint_schemas import (
    WebhookEndpointChange,
    WebhookEndpointCreated,
    WebhookEndpointIn,
    WebhookEndpointList,
    WebhookEndpointOut,
    WebhookSecretRotated,
    endpoint_out,
)
from automahntion.api.wiring import Wired
from automahntion.app.events.records import EventType
from automahntion.app.webhooks.delivery import WebhookPorts
from automahntion.app.webhooks.endpoints import (
    EndpointChange,
    change_endpoint,
    create_endpoint,
    endpoint,
    endpoints,
    remove_endpoint,
)
from automahntion.app.webhooks.rotation import rotate_secret


def _feedback_right(request: Request[Any, Any, Any], types: list[EventType] | None) -> bool:
    """Whether the caller may read feedback; 403 when it names `feedback.received` without."""
    if types is not None and EventType.FEEDBACK_RECEIVED in types:
        require_scope(request, scopes.FEEDBACK_READ, "to name feedback.received in eventTypes")
    return scopes.FEEDBACK_READ in caller_of(request).scopes


class WebhookEndpointController(Controller):
    path = "/webhook-endpoints"
    tags = ["webhook endpoints"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", scope=scopes.WEBHOOKS_READ)
    async def list_endpoints(
        self,
        webhooks: Wired[WebhookPorts],
        tenant_id: NamedDependency[UUID],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> WebhookEndpointList:
        """List the webhook endpoints.

        Oldest first, enabled or not, with `disabledReason` where deliveries stopped; never a
        secret."""
        found = await endpoints(webhooks.units, tenant_id, moment_after(cursor), limit)
        return WebhookEndpointList(
            items=[endpoint_out(e) for e in found.items],
            next_cursor=next_cursor(found, lambda e: moment_cursor(e.created_at, e.id)),
        )

    @post("/", status_code=201, scope=scopes.WEBHOOKS_WRITE)
    async def create_endpoint(
        self,
        request: Request[Any, Any, Any],
        webhooks: Wired[WebhookPorts],
        tenant_id: NamedDependency[UUID],
        data: JSONBody[WebhookEndpointIn],
    ) -> WebhookEndpointCreated:
        """Register a webhook endpoint.

        Every event recorded from now on that the filter takes is POSTed to `url` with the
        headers `webhook-id` (the event's id, the same on every retry), `webhook-timestamp`
        and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`
        keyed with the base64-decoded `secret` after `whsec_`; for a day after a rotation two
        of them, space-separated: see `secret/rotate`). Any 2xx answer counts as
        delivered; others, timeouts and refused connections are retried after 5 s, 5 min,
        30 min, 2 h, 5 h, then every 10 h. An endpoint refusing everything for 3 days is
        disabled and the account told. The body is the event as `GET /v1/events` lists it.

        Delivery is at least once and not in order: a retried event can come after later
        ones, and an answer lost on the way brings the event again. Keep the `webhook-id`s
        you processed and order by `sequence`; a gap in `sequence` (for your filter, after a
        restart, or events recorded while the endpoint was disabled, which it never
        receives) is filled from `GET /v1/events` with the cursor of the last one you hold.

        `feedback.received` goes only to endpoints registered by a caller holding
        `feedback:read` (403 for naming it in `eventTypes` without); an empty filter of
        another caller takes every other event. Revoking the API key or the OAuth grant that
        registered the endpoint disables it (`disabledReason` says so)."""
        feedback = _feedback_right(request, data.event_types)
        created = await create_endpoint(
            webhooks.units,
            tenant_id,
            data.url,
            [t.value for t in data.event_types],
            webhooks.clock.now(),
            allow_loopback=webhooks.allow_loopback,
            registered_by=caller_of(request).revocable,
            feedback=feedback,
        )
        out = endpoint_out(created.endpoint)
        return WebhookEndpointCreated(
            id=out.id,
            url=out.url,
            event_types=out.event_types,
            enabled=out.enabled,
            created_at=out.created_at,
            disabled_at=out.disabled_at,
            disabled_reason=out.disabled_reason,
            secret=created.secret,
        )

    @get("/{endpointId:uuid}", scope=scopes.WEBHOOKS_READ)
    async def get_endpoint(
        self,
        webhooks: Wired[WebhookPorts],
        tenant_id: NamedDependency[UUID],
        endpoint_id: EndpointId,
    ) -> WebhookEndpointOut:
        """Show one webhook endpoint.

        Its URL, event filter, and whether it is enabled (and why not); never its secret."""
        return endpoint_out(await endpoint(webhooks.units, tenant_id, endpoint_id))

    @patch("/{endpointId:uuid}", scope=scopes.WEBHOOKS_WRITE)
    async def change_endpoint(
        self,
        request: Request[Any, Any, Any],
        webhooks: Wired[WebhookPorts],
        tenant_id: NamedDependency[UUID],
        endpoint_id: EndpointId,
        data: JSONBody[WebhookEndpointChange],
    ) -> WebhookEndpointOut:
        """Change a webhook endpoint.

        Only the fields given change. `enabled: true` on a disabled endpoint clears its
        `disabledReason`, and the deliveries that waited are due again at once (the next
        sweep, within minutes, sends them). Another `url`, or enabling it again, makes the
        caller the credential the endpoint answers to (and receives `feedback.received` only if
        the caller holds `feedback:read`; 403 for naming it in `eventTypes` without)."""
        feedback = _feedback_right(
            request, None if isinstance(data.event_types, UnsetType) else data.event_types
        )
        change = EndpointChange(
            url=None if isinstance(data.url, UnsetType) else data.url,
            event_types=(
                None
                if isinstance(data.event_types, UnsetType)
                else [t.value for t in data.event_types]
            ),
            enabled=None if isinstance(data.enabled, UnsetType) else data.enabled,
        )
        changed = await change_endpoint(
            webhooks.units,
            tenant_id,
            endpoint_id,
            change,
            webhooks.clock.now(),
            allow_loopback=webhooks.allow_loopback,
            caller=caller_of(request).revocable,
            feedback=feedback,
        )
        return endpoint_out(changed)

    @post("/{endpointId:uuid}/secret/rotate", status_code=200, scope=scopes.WEBHOOKS_WRITE)
    async def rotate_secret(
        self,
        webhooks: Wired[WebhookPorts],
        tenant_id: NamedDependency[UUID],
        endpoint_id: EndpointId,
    ) -> WebhookSecretRotated:
        """Rotate a webhook endpoint's secret.

        Answers a new `secret`, this once, as registering does. For 24 hours (until
        `previousSecretExpiresAt`) every delivery, retries of earlier events included, carries
        a signature with each secret, space-separated: `webhook-signature: v1,<new>
        v1,<previous>`; a receiver verifying either keeps working while it switches. Then only
        the new one signs. Rotating again within the 24 hours makes the secret current before
        it the previous one: the older one stops signing at once. Send an `Idempotency-Key`: a
        retry then answers the same secret instead of rotating twice."""
        rotated = await rotate_secret(webhooks.units, tenant_id, endpoint_id, webhooks.clock.now())
        return WebhookSecretRotated(
            secret=rotated.secret, previous_secret_expires_at=rotated.previous_expires_at
        )

    @delete(
        "/{endpointId:uuid}",
        status_code=204,
        scope=scopes.WEBHOOKS_WRITE,
    )
    async def delete_endpoint(
        self,
        webhooks: Wired[WebhookPorts],
        tenant_id: NamedDependency[UUID],
        endpoint_id: EndpointId,
    ) -> None:
        """Delete a webhook endpoint.

        Nothing more is sent to it; deliveries still waiting for it are dropped."""
        await remove_endpoint(webhooks.units, tenant_id, endpoint_id)
