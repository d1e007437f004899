from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.level import Level
from ...models.problem import Problem
from ...models.template_page import TemplatePage
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    level: Level,
    *,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    if_none_match: None | str | Unset = UNSET,

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


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/levels/{level}/template-versions".format(level=quote(str(level), safe=""),),
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | TemplatePage | None:
    if response.status_code == 200:
        response_200 = TemplatePage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem | TemplatePage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    level: Level,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    if_none_match: None | str | Unset = UNSET,

) -> Response[Any | Problem | TemplatePage]:
    """ List a level's template versions

     The versions of the level's subject and body templates, paginated, oldest first; the
    newest one is in force, messages sent keep the version they were written with. A
    version saved while you page through appears on a later page. The `ETag` is the
    history's, the same on every page, and changes when a version is added: for `If-Match`
    on `PUT /v1/levels/{level}/template` and `If-None-Match` here.

    Args:
        level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then
            dunning notices
                (Mahnungen) M1–M3.
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page
        limit (int | Unset): items per page (1–250) Default: 50.
        if_none_match (None | str | Unset): An `ETag` the caller holds: while it is current the
            answer is 304.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | TemplatePage]
     """


    kwargs = _get_kwargs(
        level=level,
cursor=cursor,
limit=limit,
if_none_match=if_none_match,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    level: Level,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    if_none_match: None | str | Unset = UNSET,

) -> Any | Problem | TemplatePage | None:
    """ List a level's template versions

     The versions of the level's subject and body templates, paginated, oldest first; the
    newest one is in force, messages sent keep the version they were written with. A
    version saved while you page through appears on a later page. The `ETag` is the
    history's, the same on every page, and changes when a version is added: for `If-Match`
    on `PUT /v1/levels/{level}/template` and `If-None-Match` here.

    Args:
        level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then
            dunning notices
                (Mahnungen) M1–M3.
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page
        limit (int | Unset): items per page (1–250) Default: 50.
        if_none_match (None | str | Unset): An `ETag` the caller holds: while it is current the
            answer is 304.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | TemplatePage
     """


    return sync_detailed(
        level=level,
client=client,
cursor=cursor,
limit=limit,
if_none_match=if_none_match,

    ).parsed

async def asyncio_detailed(
    level: Level,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    if_none_match: None | str | Unset = UNSET,

) -> Response[Any | Problem | TemplatePage]:
    """ List a level's template versions

     The versions of the level's subject and body templates, paginated, oldest first; the
    newest one is in force, messages sent keep the version they were written with. A
    version saved while you page through appears on a later page. The `ETag` is the
    history's, the same on every page, and changes when a version is added: for `If-Match`
    on `PUT /v1/levels/{level}/template` and `If-None-Match` here.

    Args:
        level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then
            dunning notices
                (Mahnungen) M1–M3.
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page
        limit (int | Unset): items per page (1–250) Default: 50.
        if_none_match (None | str | Unset): An `ETag` the caller holds: while it is current the
            answer is 304.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | TemplatePage]
     """


    kwargs = _get_kwargs(
        level=level,
cursor=cursor,
limit=limit,
if_none_match=if_none_match,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    level: Level,
    *,
    client: AuthenticatedClient,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    if_none_match: None | str | Unset = UNSET,

) -> Any | Problem | TemplatePage | None:
    """ List a level's template versions

     The versions of the level's subject and body templates, paginated, oldest first; the
    newest one is in force, messages sent keep the version they were written with. A
    version saved while you page through appears on a later page. The `ETag` is the
    history's, the same on every page, and changes when a version is added: for `If-Match`
    on `PUT /v1/levels/{level}/template` and `If-None-Match` here.

    Args:
        level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then
            dunning notices
                (Mahnungen) M1–M3.
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page
        limit (int | Unset): items per page (1–250) Default: 50.
        if_none_match (None | str | Unset): An `ETag` the caller holds: while it is current the
            answer is 304.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | TemplatePage
     """


    return (await asyncio_detailed(
        level=level,
client=client,
cursor=cursor,
limit=limit,
if_none_match=if_none_match,

    )).parsed
