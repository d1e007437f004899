from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.invoice_page import InvoicePage
from ...models.invoice_status import InvoiceStatus
from ...models.level_filter import LevelFilter
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    status: InvoiceStatus | None | Unset = UNSET,
    level: LevelFilter | None | Unset = UNSET,
    blocked: bool | None | Unset = UNSET,
    waiting: bool | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    updated_since: None | str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match



    

    params: dict[str, Any] = {}

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, InvoiceStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_level: None | str | Unset
    if isinstance(level, Unset):
        json_level = UNSET
    elif isinstance(level, LevelFilter):
        json_level = level.value
    else:
        json_level = level
    params["level"] = json_level

    json_blocked: bool | None | Unset
    if isinstance(blocked, Unset):
        json_blocked = UNSET
    else:
        json_blocked = blocked
    params["blocked"] = json_blocked

    json_waiting: bool | None | Unset
    if isinstance(waiting, Unset):
        json_waiting = UNSET
    else:
        json_waiting = waiting
    params["waiting"] = json_waiting

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_updated_since: None | str | Unset
    if isinstance(updated_since, Unset):
        json_updated_since = UNSET
    else:
        json_updated_since = updated_since
    params["updatedSince"] = json_updated_since


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/invoices",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | InvoicePage | Problem | None:
    if response.status_code == 200:
        response_200 = InvoicePage.from_dict(response.json())



        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | InvoicePage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    status: InvoiceStatus | None | Unset = UNSET,
    level: LevelFilter | None | Unset = UNSET,
    blocked: bool | None | Unset = UNSET,
    waiting: bool | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    updated_since: None | str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,

) -> Response[Any | InvoicePage | Problem]:
    """ List invoices

     The tenant's invoices with where each stands in dunning, paginated and filterable. In
    order of due date (then id); `daysOverdue` by the service's clock. The `ETag` changes
    with any change to what the list shows: send it as `If-None-Match` to get 304 while
    nothing changed. `updatedSince` counts a change of the invoice, of its messages,
    letters and documents, and of its customer (not of the tenant's settings).

    Args:
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page
        limit (int | Unset): items per page (1–250) Default: 50.
        status (InvoiceStatus | None | Unset):
        level (LevelFilter | None | Unset): highest level sent so far, or `none`
        blocked (bool | None | Unset): no address to write to
        waiting (bool | None | Unset): waiting for a quota slot
        q (None | str | Unset): part of the number or customer name
        updated_since (None | str | Unset): only what changed at or after this moment (RFC 3339
            with a time zone, e.g. `2026-12-01T09:00:00Z`), by the service's clock: pass the `Date` of
            your previous answer, a few seconds earlier, to miss nothing (a change committed while you
            asked may carry an earlier time). `GET /v1/events` lists changes without that overlap.
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | InvoicePage | Problem]
     """


    kwargs = _get_kwargs(
        cursor=cursor,
limit=limit,
status=status,
level=level,
blocked=blocked,
waiting=waiting,
q=q,
updated_since=updated_since,
if_none_match=if_none_match,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    status: InvoiceStatus | None | Unset = UNSET,
    level: LevelFilter | None | Unset = UNSET,
    blocked: bool | None | Unset = UNSET,
    waiting: bool | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    updated_since: None | str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,

) -> Any | InvoicePage | Problem | None:
    """ List invoices

     The tenant's invoices with where each stands in dunning, paginated and filterable. In
    order of due date (then id); `daysOverdue` by the service's clock. The `ETag` changes
    with any change to what the list shows: send it as `If-None-Match` to get 304 while
    nothing changed. `updatedSince` counts a change of the invoice, of its messages,
    letters and documents, and of its customer (not of the tenant's settings).

    Args:
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page
        limit (int | Unset): items per page (1–250) Default: 50.
        status (InvoiceStatus | None | Unset):
        level (LevelFilter | None | Unset): highest level sent so far, or `none`
        blocked (bool | None | Unset): no address to write to
        waiting (bool | None | Unset): waiting for a quota slot
        q (None | str | Unset): part of the number or customer name
        updated_since (None | str | Unset): only what changed at or after this moment (RFC 3339
            with a time zone, e.g. `2026-12-01T09:00:00Z`), by the service's clock: pass the `Date` of
            your previous answer, a few seconds earlier, to miss nothing (a change committed while you
            asked may carry an earlier time). `GET /v1/events` lists changes without that overlap.
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | InvoicePage | Problem
     """


    return sync_detailed(
        client=client,
cursor=cursor,
limit=limit,
status=status,
level=level,
blocked=blocked,
waiting=waiting,
q=q,
updated_since=updated_since,
if_none_match=if_none_match,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    status: InvoiceStatus | None | Unset = UNSET,
    level: LevelFilter | None | Unset = UNSET,
    blocked: bool | None | Unset = UNSET,
    waiting: bool | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    updated_since: None | str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,

) -> Response[Any | InvoicePage | Problem]:
    """ List invoices

     The tenant's invoices with where each stands in dunning, paginated and filterable. In
    order of due date (then id); `daysOverdue` by the service's clock. The `ETag` changes
    with any change to what the list shows: send it as `If-None-Match` to get 304 while
    nothing changed. `updatedSince` counts a change of the invoice, of its messages,
    letters and documents, and of its customer (not of the tenant's settings).

    Args:
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page
        limit (int | Unset): items per page (1–250) Default: 50.
        status (InvoiceStatus | None | Unset):
        level (LevelFilter | None | Unset): highest level sent so far, or `none`
        blocked (bool | None | Unset): no address to write to
        waiting (bool | None | Unset): waiting for a quota slot
        q (None | str | Unset): part of the number or customer name
        updated_since (None | str | Unset): only what changed at or after this moment (RFC 3339
            with a time zone, e.g. `2026-12-01T09:00:00Z`), by the service's clock: pass the `Date` of
            your previous answer, a few seconds earlier, to miss nothing (a change committed while you
            asked may carry an earlier time). `GET /v1/events` lists changes without that overlap.
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | InvoicePage | Problem]
     """


    kwargs = _get_kwargs(
        cursor=cursor,
limit=limit,
status=status,
level=level,
blocked=blocked,
waiting=waiting,
q=q,
updated_since=updated_since,
if_none_match=if_none_match,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    status: InvoiceStatus | None | Unset = UNSET,
    level: LevelFilter | None | Unset = UNSET,
    blocked: bool | None | Unset = UNSET,
    waiting: bool | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    updated_since: None | str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,

) -> Any | InvoicePage | Problem | None:
    """ List invoices

     The tenant's invoices with where each stands in dunning, paginated and filterable. In
    order of due date (then id); `daysOverdue` by the service's clock. The `ETag` changes
    with any change to what the list shows: send it as `If-None-Match` to get 304 while
    nothing changed. `updatedSince` counts a change of the invoice, of its messages,
    letters and documents, and of its customer (not of the tenant's settings).

    Args:
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page
        limit (int | Unset): items per page (1–250) Default: 50.
        status (InvoiceStatus | None | Unset):
        level (LevelFilter | None | Unset): highest level sent so far, or `none`
        blocked (bool | None | Unset): no address to write to
        waiting (bool | None | Unset): waiting for a quota slot
        q (None | str | Unset): part of the number or customer name
        updated_since (None | str | Unset): only what changed at or after this moment (RFC 3339
            with a time zone, e.g. `2026-12-01T09:00:00Z`), by the service's clock: pass the `Date` of
            your previous answer, a few seconds earlier, to miss nothing (a change committed while you
            asked may carry an earlier time). `GET /v1/events` lists changes without that overlap.
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | InvoicePage | Problem
     """


    return (await asyncio_detailed(
        client=client,
cursor=cursor,
limit=limit,
status=status,
level=level,
blocked=blocked,
waiting=waiting,
q=q,
updated_since=updated_since,
if_none_match=if_none_match,

    )).parsed
