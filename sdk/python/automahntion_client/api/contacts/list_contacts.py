from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.contact_page import ContactPage
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    updated_since: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    json_updated_since: None | str | Unset
    if isinstance(updated_since, Unset):
        json_updated_since = UNSET
    else:
        json_updated_since = updated_since
    params["updatedSince"] = json_updated_since


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/contacts",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ContactPage | Problem | None:
    if response.status_code == 200:
        response_200 = ContactPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ContactPage | Problem]:
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
    updated_since: None | str | Unset = UNSET,

) -> Response[ContactPage | Problem]:
    """ List contacts

     The tenant's customers as synced from lexoffice, with their pause, paginated. In order of
    name (then id); `openInvoices` counts those with an amount still open. `updatedSince`
    counts a change of the contact or of one of its invoices.

    Args:
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page
        limit (int | Unset): items per page (1–250) Default: 50.
        updated_since (None | str | Unset): only what changed at or after this moment (RFC 3339
            with a time zone, e.g. `2026-12-01T09:00:00Z`), by the service's clock: pass the `Date` of
            your previous answer, a few seconds earlier, to miss nothing (a change committed while you
            asked may carry an earlier time). `GET /v1/events` lists changes without that overlap.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContactPage | Problem]
     """


    kwargs = _get_kwargs(
        cursor=cursor,
limit=limit,
updated_since=updated_since,

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
    updated_since: None | str | Unset = UNSET,

) -> ContactPage | Problem | None:
    """ List contacts

     The tenant's customers as synced from lexoffice, with their pause, paginated. In order of
    name (then id); `openInvoices` counts those with an amount still open. `updatedSince`
    counts a change of the contact or of one of its invoices.

    Args:
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page
        limit (int | Unset): items per page (1–250) Default: 50.
        updated_since (None | str | Unset): only what changed at or after this moment (RFC 3339
            with a time zone, e.g. `2026-12-01T09:00:00Z`), by the service's clock: pass the `Date` of
            your previous answer, a few seconds earlier, to miss nothing (a change committed while you
            asked may carry an earlier time). `GET /v1/events` lists changes without that overlap.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContactPage | Problem
     """


    return sync_detailed(
        client=client,
cursor=cursor,
limit=limit,
updated_since=updated_since,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    updated_since: None | str | Unset = UNSET,

) -> Response[ContactPage | Problem]:
    """ List contacts

     The tenant's customers as synced from lexoffice, with their pause, paginated. In order of
    name (then id); `openInvoices` counts those with an amount still open. `updatedSince`
    counts a change of the contact or of one of its invoices.

    Args:
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page
        limit (int | Unset): items per page (1–250) Default: 50.
        updated_since (None | str | Unset): only what changed at or after this moment (RFC 3339
            with a time zone, e.g. `2026-12-01T09:00:00Z`), by the service's clock: pass the `Date` of
            your previous answer, a few seconds earlier, to miss nothing (a change committed while you
            asked may carry an earlier time). `GET /v1/events` lists changes without that overlap.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContactPage | Problem]
     """


    kwargs = _get_kwargs(
        cursor=cursor,
limit=limit,
updated_since=updated_since,

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
    updated_since: None | str | Unset = UNSET,

) -> ContactPage | Problem | None:
    """ List contacts

     The tenant's customers as synced from lexoffice, with their pause, paginated. In order of
    name (then id); `openInvoices` counts those with an amount still open. `updatedSince`
    counts a change of the contact or of one of its invoices.

    Args:
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page
        limit (int | Unset): items per page (1–250) Default: 50.
        updated_since (None | str | Unset): only what changed at or after this moment (RFC 3339
            with a time zone, e.g. `2026-12-01T09:00:00Z`), by the service's clock: pass the `Date` of
            your previous answer, a few seconds earlier, to miss nothing (a change committed while you
            asked may carry an earlier time). `GET /v1/events` lists changes without that overlap.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContactPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
cursor=cursor,
limit=limit,
updated_since=updated_since,

    )).parsed
