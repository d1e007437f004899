"""`/v1/event-subscriptions`: subscribe a callback URL to an event type, list, read, delete."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar import Response, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from automahntion_sandboxes.lexoffice.calls import (
    AnyRequest,
    base_url,
    json_object,
    organization_of,
    require_json,
)
from automahntion_sandboxes.lexoffice.clock import timestamp
from automahntion_sandboxes.lexoffice.errors import ApiError, Detail
from automahntion_sandboxes.lexoffice.events import EVENT_TYPES
from automahntion_sandboxes.lexoffice.state import Sandbox, Subscription, new_id


def _view(subscription: Subscription) -> dict[str, Any]:
    return {
        "subscriptionId": subscription.id,
        "organizationId": subscription.organization_id,
        "createdDate": timestamp(subscription.created),
        "eventType": subscription.event_type,
        "callbackUrl": subscription.callback_url,
    }


def _check(body: dict[str, Any]) -> tuple[str, str]:
    event_type, url = body.get("eventType"), body.get("callbackUrl")
    details = []
    if not event_type:
        details.append(Detail("NOTNULL", "eventType", "darf nicht leer sein"))
    elif event_type not in EVENT_TYPES:
        details.append(Detail("INVALID", "eventType", f"unknown event type {event_type}"))
    if not url:
        details.append(Detail("NOTNULL", "callbackUrl", "darf nicht leer sein"))
    else:
        parts = urlsplit(str(url))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            details.append(Detail("INVALID", "callbackUrl", "must be an absolute https URL"))
    if details:
        raise ApiError(406, "Validation failed for request", details)
    return str(event_type), str(url)


@post("/event-subscriptions", status_code=201)
async def subscribe(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> Response[Any]:
    organization = organization_of(request, sandbox)
    require_json(request)
    event_type, url = _check(await json_object(request))
    for existing in organization.subscriptions.values():
        if existing.event_type == event_type and existing.callback_url == url:
            raise ApiError(409, "An event subscription with this eventType and callbackUrl exists")
    subscription = Subscription(
        id=new_id(),
        organization_id=organization.id,
        event_type=event_type,
        callback_url=url,
        created=sandbox.clock.now(),
    )
    organization.subscriptions[subscription.id] = subscription
    uri = f"{base_url(request)}/v1/event-subscriptions/{subscription.id}"
    created = timestamp(subscription.created)
    return Response(
        content={
            "id": subscription.id,
            "resourceUri": uri,
            "createdDate": created,
            "updatedDate": created,
            "version": 0,
        },
        status_code=201,
        headers={"Location": uri},
    )


@get("/event-subscriptions")
async def list_subscriptions(
    request: AnyRequest, sandbox: NamedDependency[Sandbox]
) -> Response[Any]:
    organization = organization_of(request, sandbox)
    return Response(content={"content": [_view(s) for s in organization.subscriptions.values()]})


def _subscription(request: AnyRequest, sandbox: Sandbox, subscription_id: str) -> Subscription:
    subscription = organization_of(request, sandbox).subscriptions.get(subscription_id)
    if subscription is None:
        raise ApiError(404, f"Resource {subscription_id} not found")
    return subscription


@get("/event-subscriptions/{subscription_id:str}")
async def get_subscription(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], subscription_id: FromPath[str]
) -> Response[Any]:
    return Response(content=_view(_subscription(request, sandbox, subscription_id)))


@delete("/event-subscriptions/{subscription_id:str}", status_code=204)
async def unsubscribe(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], subscription_id: FromPath[str]
) -> None:
    subscription = _subscription(request, sandbox, subscription_id)
    organization_of(request, sandbox).subscriptions.pop(subscription.id, None)


ROUTES = [subscribe, list_subscriptions, get_subscription, unsubscribe]
