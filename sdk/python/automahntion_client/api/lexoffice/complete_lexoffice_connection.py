from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.connected_out import ConnectedOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    state: str,
    code: None | str | Unset = UNSET,
    error: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["state"] = state

    json_code: None | str | Unset
    if isinstance(code, Unset):
        json_code = UNSET
    else:
        json_code = code
    params["code"] = json_code

    json_error: None | str | Unset
    if isinstance(error, Unset):
        json_error = UNSET
    else:
        json_error = error
    params["error"] = json_error


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/lexoffice/callback",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ConnectedOut | Problem | None:
    if response.status_code == 200:
        response_200 = ConnectedOut.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ConnectedOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    state: str,
    code: None | str | Unset = UNSET,
    error: None | str | Unset = UNSET,

) -> Response[ConnectedOut | Problem]:
    """ Finish connecting lexoffice

     Where lexoffice sends the browser back after authorization, with `code` and `state`; the
    state ties it to the tenant who started. Connects, registers lexoffice's event webhooks
    and answers the connection. Takes no credentials: the proof is the state together with
    the cookie `automahntion_lexoffice_connect` that the begin page's button set in the
    same user agent. A state that is forged, expired (10 minutes), used before or comes
    without that browser's cookie: 409 `connect-state-invalid`, and nothing changes. Without
    a `code` (the user declined, `error=access_denied`): 400
    `lexoffice-authorization-refused`, and nothing is stored.

    Args:
        state (str):
        code (None | str | Unset):
        error (None | str | Unset): lexoffice's refusal, without `code`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectedOut | Problem]
     """


    kwargs = _get_kwargs(
        state=state,
code=code,
error=error,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    state: str,
    code: None | str | Unset = UNSET,
    error: None | str | Unset = UNSET,

) -> ConnectedOut | Problem | None:
    """ Finish connecting lexoffice

     Where lexoffice sends the browser back after authorization, with `code` and `state`; the
    state ties it to the tenant who started. Connects, registers lexoffice's event webhooks
    and answers the connection. Takes no credentials: the proof is the state together with
    the cookie `automahntion_lexoffice_connect` that the begin page's button set in the
    same user agent. A state that is forged, expired (10 minutes), used before or comes
    without that browser's cookie: 409 `connect-state-invalid`, and nothing changes. Without
    a `code` (the user declined, `error=access_denied`): 400
    `lexoffice-authorization-refused`, and nothing is stored.

    Args:
        state (str):
        code (None | str | Unset):
        error (None | str | Unset): lexoffice's refusal, without `code`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectedOut | Problem
     """


    return sync_detailed(
        client=client,
state=state,
code=code,
error=error,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    state: str,
    code: None | str | Unset = UNSET,
    error: None | str | Unset = UNSET,

) -> Response[ConnectedOut | Problem]:
    """ Finish connecting lexoffice

     Where lexoffice sends the browser back after authorization, with `code` and `state`; the
    state ties it to the tenant who started. Connects, registers lexoffice's event webhooks
    and answers the connection. Takes no credentials: the proof is the state together with
    the cookie `automahntion_lexoffice_connect` that the begin page's button set in the
    same user agent. A state that is forged, expired (10 minutes), used before or comes
    without that browser's cookie: 409 `connect-state-invalid`, and nothing changes. Without
    a `code` (the user declined, `error=access_denied`): 400
    `lexoffice-authorization-refused`, and nothing is stored.

    Args:
        state (str):
        code (None | str | Unset):
        error (None | str | Unset): lexoffice's refusal, without `code`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectedOut | Problem]
     """


    kwargs = _get_kwargs(
        state=state,
code=code,
error=error,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    state: str,
    code: None | str | Unset = UNSET,
    error: None | str | Unset = UNSET,

) -> ConnectedOut | Problem | None:
    """ Finish connecting lexoffice

     Where lexoffice sends the browser back after authorization, with `code` and `state`; the
    state ties it to the tenant who started. Connects, registers lexoffice's event webhooks
    and answers the connection. Takes no credentials: the proof is the state together with
    the cookie `automahntion_lexoffice_connect` that the begin page's button set in the
    same user agent. A state that is forged, expired (10 minutes), used before or comes
    without that browser's cookie: 409 `connect-state-invalid`, and nothing changes. Without
    a `code` (the user declined, `error=access_denied`): 400
    `lexoffice-authorization-refused`, and nothing is stored.

    Args:
        state (str):
        code (None | str | Unset):
        error (None | str | Unset): lexoffice's refusal, without `code`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectedOut | Problem
     """


    return (await asyncio_detailed(
        client=client,
state=state,
code=code,
error=error,

    )).parsed
