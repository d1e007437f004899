from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.event_accepted import EventAccepted
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    
) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhooks/postal",
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EventAccepted | Problem | None:
    if response.status_code == 200:
        response_200 = EventAccepted.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

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

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EventAccepted | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,

) -> Response[EventAccepted | Problem]:
    """ Receive a postal status event

     The postal service reports a letter's status (printed, posted, returned); the signature is
    checked over the raw body before anything of it is read (401 when it does not hold; 422
    for a signed body that is no status event). `accepted` is false for an event seen before;
    an event for a letter not recorded yet (the provider may call back before our recording of
    it commits) is kept and applied when the letter is recorded.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventAccepted | Problem]
     """


    kwargs = _get_kwargs(
        
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,

) -> EventAccepted | Problem | None:
    """ Receive a postal status event

     The postal service reports a letter's status (printed, posted, returned); the signature is
    checked over the raw body before anything of it is read (401 when it does not hold; 422
    for a signed body that is no status event). `accepted` is false for an event seen before;
    an event for a letter not recorded yet (the provider may call back before our recording of
    it commits) is kept and applied when the letter is recorded.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventAccepted | Problem
     """


    return sync_detailed(
        client=client,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,

) -> Response[EventAccepted | Problem]:
    """ Receive a postal status event

     The postal service reports a letter's status (printed, posted, returned); the signature is
    checked over the raw body before anything of it is read (401 when it does not hold; 422
    for a signed body that is no status event). `accepted` is false for an event seen before;
    an event for a letter not recorded yet (the provider may call back before our recording of
    it commits) is kept and applied when the letter is recorded.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventAccepted | Problem]
     """


    kwargs = _get_kwargs(
        
    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,

) -> EventAccepted | Problem | None:
    """ Receive a postal status event

     The postal service reports a letter's status (printed, posted, returned); the signature is
    checked over the raw body before anything of it is read (401 when it does not hold; 422
    for a signed body that is no status event). `accepted` is false for an event seen before;
    an event for a letter not recorded yet (the provider may call back before our recording of
    it commits) is kept and applied when the letter is recorded.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventAccepted | Problem
     """


    return (await asyncio_detailed(
        client=client,

    )).parsed
