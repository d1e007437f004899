from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.level import Level
from ...models.problem import Problem
from ...models.template_in import TemplateIn
from ...models.template_out import TemplateOut
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    level: Level,
    *,
    body: TemplateIn,
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
        "url": "/v1/levels/{level}/template".format(level=quote(str(level), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | TemplateOut | None:
    if response.status_code == 200:
        response_200 = TemplateOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | TemplateOut]:
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
    body: TemplateIn,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | TemplateOut]:
    """ Save a level's template

     A new version of the level's templates; earlier versions stay readable and messages sent
    keep theirs. The template is tried before it is stored: a syntax error, an unknown
    placeholder or anything beyond placeholders, `{% if %}` and simple filters is refused
    with a 422 naming `subject` or `body` (`en.subject`, `en.body`). `If-Match` takes the
    `ETag` of `GET /v1/levels/{level}/template-versions` (412 when a version was added
    since); the answer carries that list's new `ETag`.

    Args:
        level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then
            dunning notices
                (Mahnungen) M1–M3.
        if_match (None | str | Unset): The `ETag` the change is based on: when what is stored no
            longer has it, the answer is 412 and nothing changes. `*` or no header: the change is
            unconditional.
        idempotency_key (str | Unset):
        body (TemplateIn): German; `en` optionally for invoices in English. Placeholders: `{{
            invoice_number }}`,
            `{{ customer_name }}`, `{{ open_amount }}`, … (see the level templates' documentation).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TemplateOut]
     """


    kwargs = _get_kwargs(
        level=level,
body=body,
if_match=if_match,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    level: Level,
    *,
    client: AuthenticatedClient,
    body: TemplateIn,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Problem | TemplateOut | None:
    """ Save a level's template

     A new version of the level's templates; earlier versions stay readable and messages sent
    keep theirs. The template is tried before it is stored: a syntax error, an unknown
    placeholder or anything beyond placeholders, `{% if %}` and simple filters is refused
    with a 422 naming `subject` or `body` (`en.subject`, `en.body`). `If-Match` takes the
    `ETag` of `GET /v1/levels/{level}/template-versions` (412 when a version was added
    since); the answer carries that list's new `ETag`.

    Args:
        level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then
            dunning notices
                (Mahnungen) M1–M3.
        if_match (None | str | Unset): The `ETag` the change is based on: when what is stored no
            longer has it, the answer is 412 and nothing changes. `*` or no header: the change is
            unconditional.
        idempotency_key (str | Unset):
        body (TemplateIn): German; `en` optionally for invoices in English. Placeholders: `{{
            invoice_number }}`,
            `{{ customer_name }}`, `{{ open_amount }}`, … (see the level templates' documentation).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TemplateOut
     """


    return sync_detailed(
        level=level,
client=client,
body=body,
if_match=if_match,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    level: Level,
    *,
    client: AuthenticatedClient,
    body: TemplateIn,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Response[Problem | TemplateOut]:
    """ Save a level's template

     A new version of the level's templates; earlier versions stay readable and messages sent
    keep theirs. The template is tried before it is stored: a syntax error, an unknown
    placeholder or anything beyond placeholders, `{% if %}` and simple filters is refused
    with a 422 naming `subject` or `body` (`en.subject`, `en.body`). `If-Match` takes the
    `ETag` of `GET /v1/levels/{level}/template-versions` (412 when a version was added
    since); the answer carries that list's new `ETag`.

    Args:
        level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then
            dunning notices
                (Mahnungen) M1–M3.
        if_match (None | str | Unset): The `ETag` the change is based on: when what is stored no
            longer has it, the answer is 412 and nothing changes. `*` or no header: the change is
            unconditional.
        idempotency_key (str | Unset):
        body (TemplateIn): German; `en` optionally for invoices in English. Placeholders: `{{
            invoice_number }}`,
            `{{ customer_name }}`, `{{ open_amount }}`, … (see the level templates' documentation).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TemplateOut]
     """


    kwargs = _get_kwargs(
        level=level,
body=body,
if_match=if_match,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    level: Level,
    *,
    client: AuthenticatedClient,
    body: TemplateIn,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,

) -> Problem | TemplateOut | None:
    """ Save a level's template

     A new version of the level's templates; earlier versions stay readable and messages sent
    keep theirs. The template is tried before it is stored: a syntax error, an unknown
    placeholder or anything beyond placeholders, `{% if %}` and simple filters is refused
    with a 422 naming `subject` or `body` (`en.subject`, `en.body`). `If-Match` takes the
    `ETag` of `GET /v1/levels/{level}/template-versions` (412 when a version was added
    since); the answer carries that list's new `ETag`.

    Args:
        level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then
            dunning notices
                (Mahnungen) M1–M3.
        if_match (None | str | Unset): The `ETag` the change is based on: when what is stored no
            longer has it, the answer is 412 and nothing changes. `*` or no header: the change is
            unconditional.
        idempotency_key (str | Unset):
        body (TemplateIn): German; `en` optionally for invoices in English. Placeholders: `{{
            invoice_number }}`,
            `{{ customer_name }}`, `{{ open_amount }}`, … (see the level templates' documentation).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TemplateOut
     """


    return (await asyncio_detailed(
        level=level,
client=client,
body=body,
if_match=if_match,
idempotency_key=idempotency_key,

    )).parsed
