from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.webhook_endpoint_created import WebhookEndpointCreated
from ...models.webhook_endpoint_in import WebhookEndpointIn
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: WebhookEndpointIn,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhook-endpoints",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | WebhookEndpointCreated | None:
    if response.status_code == 201:
        response_201 = WebhookEndpointCreated.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | WebhookEndpointCreated]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointIn,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | WebhookEndpointCreated]:
    """ Register a webhook endpoint

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
    registered the endpoint disables it (`disabledReason` says so).

    Args:
        idempotency_key (str | Unset):
        body (WebhookEndpointIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookEndpointCreated]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointIn,
    idempotency_key: str | Unset = UNSET,

) -> Problem | WebhookEndpointCreated | None:
    """ Register a webhook endpoint

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
    registered the endpoint disables it (`disabledReason` says so).

    Args:
        idempotency_key (str | Unset):
        body (WebhookEndpointIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookEndpointCreated
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointIn,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | WebhookEndpointCreated]:
    """ Register a webhook endpoint

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
    registered the endpoint disables it (`disabledReason` says so).

    Args:
        idempotency_key (str | Unset):
        body (WebhookEndpointIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookEndpointCreated]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointIn,
    idempotency_key: str | Unset = UNSET,

) -> Problem | WebhookEndpointCreated | None:
    """ Register a webhook endpoint

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
    registered the endpoint disables it (`disabledReason` says so).

    Args:
        idempotency_key (str | Unset):
        body (WebhookEndpointIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookEndpointCreated
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
