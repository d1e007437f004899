from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.invoice_out import InvoiceOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    invoice_id: UUID,
    *,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/invoices/{invoice_id}/hand-over".format(invoice_id=quote(str(invoice_id), safe=""),),
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> InvoiceOut | Problem | None:
    if response.status_code == 200:
        response_200 = InvoiceOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[InvoiceOut | Problem]:
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
    idempotency_key: str | Unset = UNSET,

) -> Response[InvoiceOut | Problem]:
    """ Hand an invoice over

     Marks the invoice handed over (e.g. to a collection agency, typically after the last
    dunning notice): nothing more is sent for it and its quota slot goes at once to the
    first waiting invoice. Marking it again changes nothing. 404 for another tenant's.

    Args:
        invoice_id (UUID):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvoiceOut | Problem]
     """


    kwargs = _get_kwargs(
        invoice_id=invoice_id,
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
    idempotency_key: str | Unset = UNSET,

) -> InvoiceOut | Problem | None:
    """ Hand an invoice over

     Marks the invoice handed over (e.g. to a collection agency, typically after the last
    dunning notice): nothing more is sent for it and its quota slot goes at once to the
    first waiting invoice. Marking it again changes nothing. 404 for another tenant's.

    Args:
        invoice_id (UUID):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvoiceOut | Problem
     """


    return sync_detailed(
        invoice_id=invoice_id,
client=client,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    invoice_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,

) -> Response[InvoiceOut | Problem]:
    """ Hand an invoice over

     Marks the invoice handed over (e.g. to a collection agency, typically after the last
    dunning notice): nothing more is sent for it and its quota slot goes at once to the
    first waiting invoice. Marking it again changes nothing. 404 for another tenant's.

    Args:
        invoice_id (UUID):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvoiceOut | Problem]
     """


    kwargs = _get_kwargs(
        invoice_id=invoice_id,
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
    idempotency_key: str | Unset = UNSET,

) -> InvoiceOut | Problem | None:
    """ Hand an invoice over

     Marks the invoice handed over (e.g. to a collection agency, typically after the last
    dunning notice): nothing more is sent for it and its quota slot goes at once to the
    first waiting invoice. Marking it again changes nothing. 404 for another tenant's.

    Args:
        invoice_id (UUID):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvoiceOut | Problem
     """


    return (await asyncio_detailed(
        invoice_id=invoice_id,
client=client,
idempotency_key=idempotency_key,

    )).parsed
