"""The webhook the OpenAPI document describes (`webhooks`, OpenAPI 3.1): the request each
endpoint registered at `POST /v1/webhook-endpoints` receives, one per event."""

from __future__ import annotations

from litestar.openapi.spec import (
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    PathItem,
    Reference,
    RequestBody,
    Schema,
)

from automahntion.api.events import EventOut

EVENT_WEBHOOK = "event"

DESCRIPTION = """\
Each event the endpoint takes (its `eventTypes`, `feedback.received` only with `feedback:read`)
is sent as a POST of the event as `GET /v1/events` lists it, signed as Standard Webhooks are.

Verify `webhook-signature` over the raw body before reading it. Delivery is at least once and
in no order: dedupe on `webhook-id` and order by `sequence`. A 2xx answer counts as delivered;
anything else (a 3xx is not followed), a timeout or a refused connection is tried again after
5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h, for up to 5 days. An endpoint that took nothing
for 3 days is disabled."""


def _header(name: str, description: str) -> Parameter:
    return Parameter(
        name=name,
        param_in="header",
        required=True,
        schema=Schema(type=OpenAPIType.STRING),
        description=description,
    )


def event_webhook() -> PathItem:
    return PathItem(
        post=Operation(
            tags=["webhook endpoints"],
            summary="Receive an event",
            description=DESCRIPTION,
            operation_id="receiveEvent",
            parameters=[
                _header("webhook-id", "The event's `id`: the same on every retry."),
                _header("webhook-timestamp", "When this attempt was signed, in Unix seconds."),
                _header(
                    "webhook-signature",
                    '`v1,` and the base64 HMAC-SHA256 of `"{webhook-id}.{webhook-timestamp}.'
                    "{body}\"` with the endpoint's secret (the bytes of `whsec_…` after the "
                    "prefix, base64-decoded).",
                ),
            ],
            request_body=RequestBody(
                required=True,
                content={
                    "application/json": OpenAPIMediaType(
                        schema=Reference(f"#/components/schemas/{EventOut.__name__}")
                    )
                },
            ),
            responses={
                "2XX": OpenAPIResponse(description="Delivered: it is not sent again."),
                "4XX": OpenAPIResponse(
                    description="Refused, as is any answer other than 2xx: tried again later."
                ),
            },
            security=[],
        )
    )
