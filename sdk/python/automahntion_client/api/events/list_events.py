from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.event_page import EventPage
from ...models.event_type import EventType
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    type_: EventType | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_type_: None | str | Unset
    if isinstance(type_, Unset):
        json_type_ = UNSET
    elif isinstance(type_, EventType):
        json_type_ = type_.value
    else:
        json_type_ = type_
    params["type"] = json_type_

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/events",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EventPage | Problem | None:
    if response.status_code == 200:
        response_200 = EventPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EventPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    type_: EventType | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,

) -> Response[EventPage | Problem]:
    """ List events

     Everything that happened to the tenant's invoices and messages, in order, as the webhooks
    deliver it: each event has a type (e.g. `message.sent`, `invoice.paid`), a timestamp and the
    objects it concerns. Events oldest first. Unlike other lists the last page carries a
    `nextCursor` too: asking with it later returns only what happened since.

    What `data` holds depends on `type`: each type is its own schema (`EventOut` is a `oneOf`
    told apart by `type`, and `invoice.needs_attention`'s `data` by its `reason`). Ids are
    strings, times RFC 3339 in UTC with `Z`; every field is always there, null where it has no
    value. `feedback.received` is listed only for callers with `feedback:read`. The webhooks
    deliver the same events (`webhooks` in this document).

    Args:
        type_ (EventType | None | Unset):
        limit (int | Unset): items per page (1–250) Default: 50.
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventPage | Problem]
     """


    kwargs = _get_kwargs(
        type_=type_,
limit=limit,
cursor=cursor,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    type_: EventType | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,

) -> EventPage | Problem | None:
    """ List events

     Everything that happened to the tenant's invoices and messages, in order, as the webhooks
    deliver it: each event has a type (e.g. `message.sent`, `invoice.paid`), a timestamp and the
    objects it concerns. Events oldest first. Unlike other lists the last page carries a
    `nextCursor` too: asking with it later returns only what happened since.

    What `data` holds depends on `type`: each type is its own schema (`EventOut` is a `oneOf`
    told apart by `type`, and `invoice.needs_attention`'s `data` by its `reason`). Ids are
    strings, times RFC 3339 in UTC with `Z`; every field is always there, null where it has no
    value. `feedback.received` is listed only for callers with `feedback:read`. The webhooks
    deliver the same events (`webhooks` in this document).

    Args:
        type_ (EventType | None | Unset):
        limit (int | Unset): items per page (1–250) Default: 50.
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventPage | Problem
     """


    return sync_detailed(
        client=client,
type_=type_,
limit=limit,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    type_: EventType | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,

) -> Response[EventPage | Problem]:
    """ List events

     Everything that happened to the tenant's invoices and messages, in order, as the webhooks
    deliver it: each event has a type (e.g. `message.sent`, `invoice.paid`), a timestamp and the
    objects it concerns. Events oldest first. Unlike other lists the last page carries a
    `nextCursor` too: asking with it later returns only what happened since.

    What `data` holds depends on `type`: each type is its own schema (`EventOut` is a `oneOf`
    told apart by `type`, and `invoice.needs_attention`'s `data` by its `reason`). Ids are
    strings, times RFC 3339 in UTC with `Z`; every field is always there, null where it has no
    value. `feedback.received` is listed only for callers with `feedback:read`. The webhooks
    deliver the same events (`webhooks` in this document).

    Args:
        type_ (EventType | None | Unset):
        limit (int | Unset): items per page (1–250) Default: 50.
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventPage | Problem]
     """


    kwargs = _get_kwargs(
        type_=type_,
limit=limit,
cursor=cursor,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    type_: EventType | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,

) -> EventPage | Problem | None:
    """ List events

     Everything that happened to the tenant's invoices and messages, in order, as the webhooks
    deliver it: each event has a type (e.g. `message.sent`, `invoice.paid`), a timestamp and the
    objects it concerns. Events oldest first. Unlike other lists the last page carries a
    `nextCursor` too: asking with it later returns only what happened since.

    What `data` holds depends on `type`: each type is its own schema (`EventOut` is a `oneOf`
    told apart by `type`, and `invoice.needs_attention`'s `data` by its `reason`). Ids are
    strings, times RFC 3339 in UTC with `Z`; every field is always there, null where it has no
    value. `feedback.received` is listed only for callers with `feedback:read`. The webhooks
    deliver the same events (`webhooks` in this document).

    Args:
        type_ (EventType | None | Unset):
        limit (int | Unset): items per page (1–250) Default: 50.
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
type_=type_,
limit=limit,
cursor=cursor,

    )).parsed
