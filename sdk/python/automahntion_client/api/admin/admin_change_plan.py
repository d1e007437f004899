from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.plan_in import PlanIn
from ...models.problem import Problem
from ...models.tenant_support_out import TenantSupportOut
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    tenant_id: UUID,
    *,
    body: PlanIn,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/admin/tenants/{tenant_id}/plan".format(tenant_id=quote(str(tenant_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | TenantSupportOut | None:
    if response.status_code == 200:
        response_200 = TenantSupportOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | TenantSupportOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PlanIn,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | TenantSupportOut]:
    """ Change a tenant's plan

     Admin tokens only. Applies at once: an upgrade admits waiting invoices, a downgrade sends
    the last admitted back to wait. Recorded in the tenant's audit log.

    Args:
        tenant_id (UUID):
        idempotency_key (str | Unset):
        body (PlanIn): Replaces the tenant's plan; a custom limit left out or null means the
            plan's own.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TenantSupportOut]
     """


    kwargs = _get_kwargs(
        tenant_id=tenant_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PlanIn,
    idempotency_key: str | Unset = UNSET,

) -> Problem | TenantSupportOut | None:
    """ Change a tenant's plan

     Admin tokens only. Applies at once: an upgrade admits waiting invoices, a downgrade sends
    the last admitted back to wait. Recorded in the tenant's audit log.

    Args:
        tenant_id (UUID):
        idempotency_key (str | Unset):
        body (PlanIn): Replaces the tenant's plan; a custom limit left out or null means the
            plan's own.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TenantSupportOut
     """


    return sync_detailed(
        tenant_id=tenant_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PlanIn,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | TenantSupportOut]:
    """ Change a tenant's plan

     Admin tokens only. Applies at once: an upgrade admits waiting invoices, a downgrade sends
    the last admitted back to wait. Recorded in the tenant's audit log.

    Args:
        tenant_id (UUID):
        idempotency_key (str | Unset):
        body (PlanIn): Replaces the tenant's plan; a custom limit left out or null means the
            plan's own.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TenantSupportOut]
     """


    kwargs = _get_kwargs(
        tenant_id=tenant_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PlanIn,
    idempotency_key: str | Unset = UNSET,

) -> Problem | TenantSupportOut | None:
    """ Change a tenant's plan

     Admin tokens only. Applies at once: an upgrade admits waiting invoices, a downgrade sends
    the last admitted back to wait. Recorded in the tenant's audit log.

    Args:
        tenant_id (UUID):
        idempotency_key (str | Unset):
        body (PlanIn): Replaces the tenant's plan; a custom limit left out or null means the
            plan's own.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TenantSupportOut
     """


    return (await asyncio_detailed(
        tenant_id=tenant_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
