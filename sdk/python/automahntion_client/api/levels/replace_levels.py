from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.level_in import LevelIn
from ...models.level_out import LevelOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: list[LevelIn],
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/levels",
    }

    _kwargs["json"] = []
    for body_item_data in body:
        body_item = body_item_data.to_dict()
        _kwargs["json"].append(body_item)



    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | list[LevelOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in (_response_200):
            response_200_item = LevelOut.from_dict(response_200_item_data)



            response_200.append(response_200_item)

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

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())



        return response_412

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | list[LevelOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: list[LevelIn],
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | list[LevelOut]]:
    """ Replace all levels

     All nine levels at once. Enabled levels' `daysAfterDue` strictly increase; a 422 names
    the level and field (e.g. `levels.M2.days_after_due`). With `If-Match` (the `ETag` of
    `GET /v1/levels`) refused with 412 when the levels changed since.

    Args:
        if_match (None | str | Unset): The `ETag` the change is based on: when what is stored no
            longer has it, the answer is 412 and nothing changes. `*` or no header: the change is
            unconditional.
        idempotency_key (str | Unset):
        body (list[LevelIn]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[LevelOut]]
     """


    kwargs = _get_kwargs(
        body=body,
if_match=if_match,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: list[LevelIn],
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Problem | list[LevelOut] | None:
    """ Replace all levels

     All nine levels at once. Enabled levels' `daysAfterDue` strictly increase; a 422 names
    the level and field (e.g. `levels.M2.days_after_due`). With `If-Match` (the `ETag` of
    `GET /v1/levels`) refused with 412 when the levels changed since.

    Args:
        if_match (None | str | Unset): The `ETag` the change is based on: when what is stored no
            longer has it, the answer is 412 and nothing changes. `*` or no header: the change is
            unconditional.
        idempotency_key (str | Unset):
        body (list[LevelIn]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[LevelOut]
     """


    return sync_detailed(
        client=client,
body=body,
if_match=if_match,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: list[LevelIn],
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | list[LevelOut]]:
    """ Replace all levels

     All nine levels at once. Enabled levels' `daysAfterDue` strictly increase; a 422 names
    the level and field (e.g. `levels.M2.days_after_due`). With `If-Match` (the `ETag` of
    `GET /v1/levels`) refused with 412 when the levels changed since.

    Args:
        if_match (None | str | Unset): The `ETag` the change is based on: when what is stored no
            longer has it, the answer is 412 and nothing changes. `*` or no header: the change is
            unconditional.
        idempotency_key (str | Unset):
        body (list[LevelIn]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[LevelOut]]
     """


    kwargs = _get_kwargs(
        body=body,
if_match=if_match,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: list[LevelIn],
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Problem | list[LevelOut] | None:
    """ Replace all levels

     All nine levels at once. Enabled levels' `daysAfterDue` strictly increase; a 422 names
    the level and field (e.g. `levels.M2.days_after_due`). With `If-Match` (the `ETag` of
    `GET /v1/levels`) refused with 412 when the levels changed since.

    Args:
        if_match (None | str | Unset): The `ETag` the change is based on: when what is stored no
            longer has it, the answer is 412 and nothing changes. `*` or no header: the change is
            unconditional.
        idempotency_key (str | Unset):
        body (list[LevelIn]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[LevelOut]
     """


    return (await asyncio_detailed(
        client=client,
body=body,
if_match=if_match,
idempotency_key=idempotency_key,

    )).parsed
