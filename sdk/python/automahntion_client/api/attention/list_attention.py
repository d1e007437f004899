from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.attention_kind import AttentionKind
from ...models.attention_page import AttentionPage
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    kind: AttentionKind | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, AttentionKind):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/attention",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AttentionPage | Problem | None:
    if response.status_code == 200:
        response_200 = AttentionPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AttentionPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    kind: AttentionKind | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,

) -> Response[AttentionPage | Problem]:
    """ List what needs attention

     What the service cannot resolve on its own and the tenant should look at: Failed and
    unresolved messages, uncertain dunning documents, a lost lexoffice connection, a sync
    older than 26 hours, and letters by post the postal provider holds until someone acts
    (`letter_action_required`: `detail` says what, in the provider's words; the item goes once
    the provider reports the letter moving on), and overdue invoices blocked for a reason the
    tenant can mend in lexoffice (`invoice_blocked`: the record of the invoice or its contact
    cannot be read, or the contact has no usable e-mail address; `detail` names the invoice
    and why; the item goes once a sync or event lifts the block), and overdue invoices whose
    next notice goes by post to a postal address that cannot be printed
    (`letter_address_unprintable`: `detail` names the invoice, the customer and what is wrong
    with the address; the item goes once the address is mended in lexoffice and synced).

    Args:
        kind (AttentionKind | None | Unset):
        limit (int | Unset): items per page (1–250) Default: 50.
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AttentionPage | Problem]
     """


    kwargs = _get_kwargs(
        kind=kind,
limit=limit,
cursor=cursor,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    kind: AttentionKind | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,

) -> AttentionPage | Problem | None:
    """ List what needs attention

     What the service cannot resolve on its own and the tenant should look at: Failed and
    unresolved messages, uncertain dunning documents, a lost lexoffice connection, a sync
    older than 26 hours, and letters by post the postal provider holds until someone acts
    (`letter_action_required`: `detail` says what, in the provider's words; the item goes once
    the provider reports the letter moving on), and overdue invoices blocked for a reason the
    tenant can mend in lexoffice (`invoice_blocked`: the record of the invoice or its contact
    cannot be read, or the contact has no usable e-mail address; `detail` names the invoice
    and why; the item goes once a sync or event lifts the block), and overdue invoices whose
    next notice goes by post to a postal address that cannot be printed
    (`letter_address_unprintable`: `detail` names the invoice, the customer and what is wrong
    with the address; the item goes once the address is mended in lexoffice and synced).

    Args:
        kind (AttentionKind | None | Unset):
        limit (int | Unset): items per page (1–250) Default: 50.
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AttentionPage | Problem
     """


    return sync_detailed(
        client=client,
kind=kind,
limit=limit,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    kind: AttentionKind | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,

) -> Response[AttentionPage | Problem]:
    """ List what needs attention

     What the service cannot resolve on its own and the tenant should look at: Failed and
    unresolved messages, uncertain dunning documents, a lost lexoffice connection, a sync
    older than 26 hours, and letters by post the postal provider holds until someone acts
    (`letter_action_required`: `detail` says what, in the provider's words; the item goes once
    the provider reports the letter moving on), and overdue invoices blocked for a reason the
    tenant can mend in lexoffice (`invoice_blocked`: the record of the invoice or its contact
    cannot be read, or the contact has no usable e-mail address; `detail` names the invoice
    and why; the item goes once a sync or event lifts the block), and overdue invoices whose
    next notice goes by post to a postal address that cannot be printed
    (`letter_address_unprintable`: `detail` names the invoice, the customer and what is wrong
    with the address; the item goes once the address is mended in lexoffice and synced).

    Args:
        kind (AttentionKind | None | Unset):
        limit (int | Unset): items per page (1–250) Default: 50.
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AttentionPage | Problem]
     """


    kwargs = _get_kwargs(
        kind=kind,
limit=limit,
cursor=cursor,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    kind: AttentionKind | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,

) -> AttentionPage | Problem | None:
    """ List what needs attention

     What the service cannot resolve on its own and the tenant should look at: Failed and
    unresolved messages, uncertain dunning documents, a lost lexoffice connection, a sync
    older than 26 hours, and letters by post the postal provider holds until someone acts
    (`letter_action_required`: `detail` says what, in the provider's words; the item goes once
    the provider reports the letter moving on), and overdue invoices blocked for a reason the
    tenant can mend in lexoffice (`invoice_blocked`: the record of the invoice or its contact
    cannot be read, or the contact has no usable e-mail address; `detail` names the invoice
    and why; the item goes once a sync or event lifts the block), and overdue invoices whose
    next notice goes by post to a postal address that cannot be printed
    (`letter_address_unprintable`: `detail` names the invoice, the customer and what is wrong
    with the address; the item goes once the address is mended in lexoffice and synced).

    Args:
        kind (AttentionKind | None | Unset):
        limit (int | Unset): items per page (1–250) Default: 50.
        cursor (None | str | Unset): `nextCursor` of the previous page; leave out for the first
            page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AttentionPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
kind=kind,
limit=limit,
cursor=cursor,

    )).parsed
