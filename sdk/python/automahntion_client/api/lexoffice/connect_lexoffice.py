from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    
) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/lexoffice/connect",
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | None:
    if response.status_code == 302:
        response_302 = cast(Any, None)
        return response_302

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,

) -> Response[Any | Problem]:
    """ Start connecting lexoffice

     Redirects (302) to our page `GET /v1/lexoffice/connect/begin?ticket=…` at the public
    URL: send the user's browser to this `Location` (a server that calls this reads it; a
    user agent that follows redirects lands there). The ticket is sealed, names the tenant
    and the credential that asked, works once and for 10 minutes. The page names the
    automahntion account the lexoffice books will be connected to; its button leads on to
    lexoffice's authorization page and sets, in that browser, the cookie
    `automahntion_lexoffice_connect` (HttpOnly, SameSite=Lax, path
    `/v1/lexoffice/callback`; with an https public URL
    `__Host-automahntion_lexoffice_connect`, Secure, path `/`). lexoffice sends the browser
    back to `GET /v1/lexoffice/callback`, which is taken only with that cookie. 503 when
    this installation has no lexoffice OAuth client configured: connect with a private API
    key instead.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
     """


    kwargs = _get_kwargs(
        
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,

) -> Any | Problem | None:
    """ Start connecting lexoffice

     Redirects (302) to our page `GET /v1/lexoffice/connect/begin?ticket=…` at the public
    URL: send the user's browser to this `Location` (a server that calls this reads it; a
    user agent that follows redirects lands there). The ticket is sealed, names the tenant
    and the credential that asked, works once and for 10 minutes. The page names the
    automahntion account the lexoffice books will be connected to; its button leads on to
    lexoffice's authorization page and sets, in that browser, the cookie
    `automahntion_lexoffice_connect` (HttpOnly, SameSite=Lax, path
    `/v1/lexoffice/callback`; with an https public URL
    `__Host-automahntion_lexoffice_connect`, Secure, path `/`). lexoffice sends the browser
    back to `GET /v1/lexoffice/callback`, which is taken only with that cookie. 503 when
    this installation has no lexoffice OAuth client configured: connect with a private API
    key instead.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
     """


    return sync_detailed(
        client=client,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,

) -> Response[Any | Problem]:
    """ Start connecting lexoffice

     Redirects (302) to our page `GET /v1/lexoffice/connect/begin?ticket=…` at the public
    URL: send the user's browser to this `Location` (a server that calls this reads it; a
    user agent that follows redirects lands there). The ticket is sealed, names the tenant
    and the credential that asked, works once and for 10 minutes. The page names the
    automahntion account the lexoffice books will be connected to; its button leads on to
    lexoffice's authorization page and sets, in that browser, the cookie
    `automahntion_lexoffice_connect` (HttpOnly, SameSite=Lax, path
    `/v1/lexoffice/callback`; with an https public URL
    `__Host-automahntion_lexoffice_connect`, Secure, path `/`). lexoffice sends the browser
    back to `GET /v1/lexoffice/callback`, which is taken only with that cookie. 503 when
    this installation has no lexoffice OAuth client configured: connect with a private API
    key instead.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
     """


    kwargs = _get_kwargs(
        
    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,

) -> Any | Problem | None:
    """ Start connecting lexoffice

     Redirects (302) to our page `GET /v1/lexoffice/connect/begin?ticket=…` at the public
    URL: send the user's browser to this `Location` (a server that calls this reads it; a
    user agent that follows redirects lands there). The ticket is sealed, names the tenant
    and the credential that asked, works once and for 10 minutes. The page names the
    automahntion account the lexoffice books will be connected to; its button leads on to
    lexoffice's authorization page and sets, in that browser, the cookie
    `automahntion_lexoffice_connect` (HttpOnly, SameSite=Lax, path
    `/v1/lexoffice/callback`; with an https public URL
    `__Host-automahntion_lexoffice_connect`, Secure, path `/`). lexoffice sends the browser
    back to `GET /v1/lexoffice/callback`, which is taken only with that cookie. 503 when
    this installation has no lexoffice OAuth client configured: connect with a private API
    key instead.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
     """


    return (await asyncio_detailed(
        client=client,

    )).parsed
