from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.pause_in import PauseIn
from ...models.paused_invoice_out import PausedInvoiceOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    invoice_id: UUID,
    *,
    body: PauseIn,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/invoices/{invoice_id}/pause".format(invoice_id=quote(str(invoice_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PausedInvoiceOut | Problem | None:
    if response.status_code == 200:
        response_200 = PausedInvoiceOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PausedInvoiceOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    invoice_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PauseIn,
    idempotency_key: str | Unset = UNSET,

) -> Response[PausedInvoiceOut | Problem]:
    """ Pause dunning for an invoice

     Mahnstopp for this invoice from now on, until the end of `until` (today or later; or
    until lifted). A pause that held is replaced and named in `replaced`.

    Args:
        invoice_id (UUID):
        idempotency_key (str | Unset):
        body (PauseIn): A Mahnstopp to set.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PausedInvoiceOut | Problem]
     """


    kwargs = _get_kwargs(
        invoice_id=invoice_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    invoice_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PauseIn,
    idempotency_key: str | Unset = UNSET,

) -> PausedInvoiceOut | Problem | None:
    """ Pause dunning for an invoice

     Mahnstopp for this invoice from now on, until the end of `until` (today or later; or
    until lifted). A pause that held is replaced and named in `replaced`.

    Args:
        invoice_id (UUID):
        idempotency_key (str | Unset):
        body (PauseIn): A Mahnstopp to set.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PausedInvoiceOut | Problem
     """


    return sync_detailed(
        invoice_id=invoice_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    invoice_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PauseIn,
    idempotency_key: str | Unset = UNSET,

) -> Response[PausedInvoiceOut | Problem]:
    """ Pause dunning for an invoice

     Mahnstopp for this invoice from now on, until the end of `until` (today or later; or
    until lifted). A pause that held is replaced and named in `replaced`.

    Args:
        invoice_id (UUID):
        idempotency_key (str | Unset):
        body (PauseIn): A Mahnstopp to set.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PausedInvoiceOut | Problem]
     """


    kwargs = _get_kwargs(
        invoice_id=invoice_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    invoice_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PauseIn,
    idempotency_key: str | Unset = UNSET,

) -> PausedInvoiceOut | Problem | None:
    """ Pause dunning for an invoice

     Mahnstopp for this invoice from now on, until the end of `until` (today or later; or
    until lifted). A pause that held is replaced and named in `replaced`.

    Args:
        invoice_id (UUID):
        idempotency_key (str | Unset):
        body (PauseIn): A Mahnstopp to set.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PausedInvoiceOut | Problem
     """


    return (await asyncio_detailed(
        invoice_id=invoice_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
