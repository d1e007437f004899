from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.level import Level
from ...models.problem import Problem
from ...models.template_out import TemplateOut
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    level: Level,
    *,
    if_none_match: None | str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match



    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/levels/{level}/templates".format(level=quote(str(level), safe=""),),
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | list[TemplateOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in (_response_200):
            response_200_item = TemplateOut.from_dict(response_200_item_data)



            response_200.append(response_200_item)

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem | list[TemplateOut]]:
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
    if_none_match: None | str | Unset = UNSET,

) -> Response[Any | Problem | list[TemplateOut]]:
    """ List every template version of a level (deprecated)

     Every version, oldest first, in one answer, as `/v1` first had it; use the paginated
    `GET /v1/levels/{level}/template-versions`. Its `ETag` is the same as there.

    Args:
        level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then
            dunning notices
                (Mahnungen) M1–M3.
        if_none_match (None | str | Unset): An `ETag` the caller holds: while it is current the
            answer is 304.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | list[TemplateOut]]
     """


    kwargs = _get_kwargs(
        level=level,
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
    if_none_match: None | str | Unset = UNSET,

) -> Any | Problem | list[TemplateOut] | None:
    """ List every template version of a level (deprecated)

     Every version, oldest first, in one answer, as `/v1` first had it; use the paginated
    `GET /v1/levels/{level}/template-versions`. Its `ETag` is the same as there.

    Args:
        level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then
            dunning notices
                (Mahnungen) M1–M3.
        if_none_match (None | str | Unset): An `ETag` the caller holds: while it is current the
            answer is 304.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | list[TemplateOut]
     """


    return sync_detailed(
        level=level,
client=client,
if_none_match=if_none_match,

    ).parsed

async def asyncio_detailed(
    level: Level,
    *,
    client: AuthenticatedClient,
    if_none_match: None | str | Unset = UNSET,

) -> Response[Any | Problem | list[TemplateOut]]:
    """ List every template version of a level (deprecated)

     Every version, oldest first, in one answer, as `/v1` first had it; use the paginated
    `GET /v1/levels/{level}/template-versions`. Its `ETag` is the same as there.

    Args:
        level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then
            dunning notices
                (Mahnungen) M1–M3.
        if_none_match (None | str | Unset): An `ETag` the caller holds: while it is current the
            answer is 304.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | list[TemplateOut]]
     """


    kwargs = _get_kwargs(
        level=level,
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
    if_none_match: None | str | Unset = UNSET,

) -> Any | Problem | list[TemplateOut] | None:
    """ List every template version of a level (deprecated)

     Every version, oldest first, in one answer, as `/v1` first had it; use the paginated
    `GET /v1/levels/{level}/template-versions`. Its `ETag` is the same as there.

    Args:
        level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then
            dunning notices
                (Mahnungen) M1–M3.
        if_none_match (None | str | Unset): An `ETag` the caller holds: while it is current the
            answer is 304.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | list[TemplateOut]
     """


    return (await asyncio_detailed(
        level=level,
client=client,
if_none_match=if_none_match,

    )).parsed
