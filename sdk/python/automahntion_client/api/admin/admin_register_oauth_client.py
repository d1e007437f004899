from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.o_auth_client_created import OAuthClientCreated
from ...models.o_auth_client_in import OAuthClientIn
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: OAuthClientIn,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/admin/oauth-clients",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OAuthClientCreated | Problem | None:
    if response.status_code == 201:
        response_201 = OAuthClientCreated.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[OAuthClientCreated | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: OAuthClientIn,
    idempotency_key: str | Unset = UNSET,

) -> Response[OAuthClientCreated | Problem]:
    """ Register an OAuth client

     Admin tokens only. `clientSecret` (confidential clients) is in this answer only. Register
    an embedded widget. A tenant then grants it some of `scopes` at `/oauth/authorize`
    (authorization code with PKCE S256).

    Args:
        idempotency_key (str | Unset):
        body (OAuthClientIn): A widget to register as an OAuth client.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OAuthClientCreated | Problem]
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
    body: OAuthClientIn,
    idempotency_key: str | Unset = UNSET,

) -> OAuthClientCreated | Problem | None:
    """ Register an OAuth client

     Admin tokens only. `clientSecret` (confidential clients) is in this answer only. Register
    an embedded widget. A tenant then grants it some of `scopes` at `/oauth/authorize`
    (authorization code with PKCE S256).

    Args:
        idempotency_key (str | Unset):
        body (OAuthClientIn): A widget to register as an OAuth client.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OAuthClientCreated | Problem
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: OAuthClientIn,
    idempotency_key: str | Unset = UNSET,

) -> Response[OAuthClientCreated | Problem]:
    """ Register an OAuth client

     Admin tokens only. `clientSecret` (confidential clients) is in this answer only. Register
    an embedded widget. A tenant then grants it some of `scopes` at `/oauth/authorize`
    (authorization code with PKCE S256).

    Args:
        idempotency_key (str | Unset):
        body (OAuthClientIn): A widget to register as an OAuth client.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OAuthClientCreated | Problem]
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
    body: OAuthClientIn,
    idempotency_key: str | Unset = UNSET,

) -> OAuthClientCreated | Problem | None:
    """ Register an OAuth client

     Admin tokens only. `clientSecret` (confidential clients) is in this answer only. Register
    an embedded widget. A tenant then grants it some of `scopes` at `/oauth/authorize`
    (authorization code with PKCE S256).

    Args:
        idempotency_key (str | Unset):
        body (OAuthClientIn): A widget to register as an OAuth client.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OAuthClientCreated | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
