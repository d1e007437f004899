from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.webhook_endpoint_change import WebhookEndpointChange
from ...models.webhook_endpoint_out import WebhookEndpointOut
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    endpoint_id: UUID,
    *,
    body: WebhookEndpointChange,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/webhook-endpoints/{endpoint_id}".format(endpoint_id=quote(str(endpoint_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | WebhookEndpointOut | None:
    if response.status_code == 200:
        response_200 = WebhookEndpointOut.from_dict(response.json())



        return response_200

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | WebhookEndpointOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    endpoint_id: UUID,
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointChange,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | WebhookEndpointOut]:
    """ Change a webhook endpoint

     Only the fields given change. `enabled: true` on a disabled endpoint clears its
    `disabledReason`, and the deliveries that waited are due again at once (the next
    sweep, within minutes, sends them). Another `url`, or enabling it again, makes the
    caller the credential the endpoint answers to (and receives `feedback.received` only if
    the caller holds `feedback:read`; 403 for naming it in `eventTypes` without).

    Args:
        endpoint_id (UUID):
        idempotency_key (str | Unset):
        body (WebhookEndpointChange):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookEndpointOut]
     """


    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    endpoint_id: UUID,
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointChange,
    idempotency_key: str | Unset = UNSET,

) -> Problem | WebhookEndpointOut | None:
    """ Change a webhook endpoint

     Only the fields given change. `enabled: true` on a disabled endpoint clears its
    `disabledReason`, and the deliveries that waited are due again at once (the next
    sweep, within minutes, sends them). Another `url`, or enabling it again, makes the
    caller the credential the endpoint answers to (and receives `feedback.received` only if
    the caller holds `feedback:read`; 403 for naming it in `eventTypes` without).

    Args:
        endpoint_id (UUID):
        idempotency_key (str | Unset):
        body (WebhookEndpointChange):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookEndpointOut
     """


    return sync_detailed(
        endpoint_id=endpoint_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    endpoint_id: UUID,
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointChange,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | WebhookEndpointOut]:
    """ Change a webhook endpoint

     Only the fields given change. `enabled: true` on a disabled endpoint clears its
    `disabledReason`, and the deliveries that waited are due again at once (the next
    sweep, within minutes, sends them). Another `url`, or enabling it again, makes the
    caller the credential the endpoint answers to (and receives `feedback.received` only if
    the caller holds `feedback:read`; 403 for naming it in `eventTypes` without).

    Args:
        endpoint_id (UUID):
        idempotency_key (str | Unset):
        body (WebhookEndpointChange):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookEndpointOut]
     """


    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    endpoint_id: UUID,
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointChange,
    idempotency_key: str | Unset = UNSET,

) -> Problem | WebhookEndpointOut | None:
    """ Change a webhook endpoint

     Only the fields given change. `enabled: true` on a disabled endpoint clears its
    `disabledReason`, and the deliveries that waited are due again at once (the next
    sweep, within minutes, sends them). Another `url`, or enabling it again, makes the
    caller the credential the endpoint answers to (and receives `feedback.received` only if
    the caller holds `feedback:read`; 403 for naming it in `eventTypes` without).

    Args:
        endpoint_id (UUID):
        idempotency_key (str | Unset):
        body (WebhookEndpointChange):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookEndpointOut
     """


    return (await asyncio_detailed(
        endpoint_id=endpoint_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
